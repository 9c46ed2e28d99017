/** A generated survey export for import volume runs (bench:import and the import test). */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

const COMMENTS = [
  'Delivery was quick and the beans were fresh',
  'Support never answered my emails about the refund',
  'The app crashes when I try to pay, "very" annoying',
  'Good value, will order again next month',
  'Staff at the King Street store were lovely, thanks',
];

/** A survey export of `rows` rows: id, date, NPS score and a comment. */
export async function writeSurveyCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('id,submitted_at,score,comment\n');
  for (let i = 0; i < rows; i++) {
    const line = `r${i},2026-11-${String(1 + (i % 24)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00Z,${i % 11},"${COMMENTS[i % COMMENTS.length]!.replace(/"/g, '""')} (#${i})"\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
}
