/** `earshot export-corrections [--out file] [--since ISO]`: the latest correction per item as JSONL, for retraining. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { loadConfig } from '../../config/load-config.ts';
import { buildContainer, type Container } from '../app/compose.ts';
import { createLogger } from '../infra/logger.ts';
import { UsageError, type CliCommand, type CommandArgs } from './cli-command.ts';

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

export const command: CliCommand = {
  usage: USAGE,
  options: { out: { type: 'string' }, since: { type: 'string' } },
  run: exportCorrectionsCommand,
};

async function exportCorrectionsCommand({ values }: CommandArgs): Promise<number> {
  const since = values.since ? new Date(values.since as string) : undefined;
  if (since && Number.isNaN(since.getTime())) throw new UsageError('--since: not a date');
  const file = values.out as string | undefined;
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
