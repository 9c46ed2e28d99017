/**
 * Streams rows as a CSV download: a header line, then one line per row as the rows arrive, waiting
 * for the client to drain (so an export of any size holds one page at a time) and stopping when it
 * goes away. A UTF-8 BOM first, so spreadsheets read accents and emoji right.
 */
import { once } from 'node:events';
import type { Response } from 'express';
import { csvLine, type CsvValue } from '../infra/csv.ts';

export async function sendCsv(res: Response, filename: string, header: readonly string[], rows: AsyncIterable<readonly CsvValue[]> | Iterable<readonly CsvValue[]>): Promise<void> {
  res.status(200);
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${filename}"`);
  res.write(`\uFEFF${csvLine(header)}`);
  for await (const row of rows) {
    if (res.destroyed) return;
    if (!res.write(csvLine(row))) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  }
  res.end();
}

export async function* mapRows<T>(source: AsyncIterable<T>, toRow: (t: T) => readonly CsvValue[]): AsyncGenerator<readonly CsvValue[]> {
  for await (const t of source) yield toRow(t);
}
