/** `earshot export-corrections [--out file] [--since ISO]`: the latest correction per item as JSONL, for retraining. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { loadConfig } from '../../config/load-config.ts';
import { buildContainer, type Container } from '../app/compose.ts';
import { createLogger } from '../infra/logger.ts';

const USAGE = `usage: earshot export-corrections [--out <file>] [--since <ISO date>]

Writes one JSON line per corrected item (its latest correction): id, text, kind, rating?, nps?, the
corrected labels (category, complaint, satisfaction, advocacy, aspects, sentiment), the model's
labels and version, and who corrected it when. Text is the stored, PII-redacted text.
`;

/** Writes the JSONL to `out` with backpressure; returns the number of lines. */
export async function exportCorrections(container: Container, out: Writable, since?: Date): Promise<number> {
  let lines = 0;
  for await (const line of container.triage.corrections.exportLatest(since)) {
    if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
    lines++;
  }
  return lines;
}

export async function exportCorrectionsCommand(args: string[]): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const since = value('--since') ? new Date(value('--since')!) : undefined;
  if (since && Number.isNaN(since.getTime())) {
    process.stderr.write(`--since: not a date\n${USAGE}`);
    return 2;
  }
  const file = value('--out');
  const config = loadConfig();
  const container = await buildContainer(config, createLogger(config.log.level === 'info' ? 'warn' : config.log.level));
  const out = file ? createWriteStream(file) : process.stdout;
  try {
    const lines = await exportCorrections(container, out, since);
    if (file) {
      out.end();
      await once(out, 'finish');
    }
    process.stderr.write(`exported ${lines} correction(s)${file ? ` to ${file}` : ''}\n`);
    return 0;
  } finally {
    await container.close();
  }
}
