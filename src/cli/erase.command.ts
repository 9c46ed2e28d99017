/** `earshot erase <file> [--source <id>] [--by <name>] [--dry-run]`: erases each person listed in a file. */
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { loadConfig } from '../../config/load-config.ts';
import { buildContainer } from '../app/compose.ts';
import { subjectOf } from '../domain/data-rights/subject.ts';
import { createLogger } from '../infra/logger.ts';
import type { CliCommand, CommandArgs } from './cli-command.ts';

const USAGE = `usage: earshot erase <file> [--source <id>] [--by <name>] [--dry-run]

<file> lists one person per line: handles and e-mails of one person separated by commas
(jane@example.com,@jane). Each line is hashed as ingest hashes authors and erased: items, cases,
customer links, defection signals, corrections, Redis lookups and the items' trend counts. Each
line writes one erasure record (when, who, counts; never the identity). Re-running the file
finishes an interrupted run and otherwise changes nothing. --dry-run only counts what is held.
Output: one JSON line per input line, with its line number and counts (never the identifier).
`;

export const command: CliCommand = {
  usage: USAGE,
  options: { source: { type: 'string' }, by: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  run: eraseCommand,
};

async function eraseCommand({ values, positionals }: CommandArgs): Promise<number> {
  const file = positionals[0]!;
  const source = values.source as string | undefined;
  const dryRun = values['dry-run'] === true;
  const lines = (await readFile(file, 'utf8')).split(/\r?\n/);
  const config = loadConfig();
  const container = await buildContainer(config, createLogger(config.log.level === 'info' ? 'warn' : config.log.level));
  const by = `cli:${(values.by as string | undefined) ?? userInfo().username}`;
  let failed = 0;
  try {
    for (const [n, line] of lines.entries()) {
      const identifiers = line.split(',').map((s) => s.trim()).filter(Boolean);
      if (identifiers.length === 0) continue;
      try {
        const subject = subjectOf(identifiers, config.privacy.authorSalt, source);
        const counts = dryRun ? await container.privacy.subjects.find(subject, by) : await container.privacy.subjects.erase(subject, by);
        process.stdout.write(`${JSON.stringify({ line: n + 1, ...(dryRun ? { held: counts } : { erased: counts }) })}\n`);
      } catch (err) {
        failed++;
        process.stdout.write(`${JSON.stringify({ line: n + 1, error: err instanceof Error ? err.message : String(err) })}\n`);
      }
    }
  } finally {
    await container.close();
  }
  return failed ? 1 : 0;
}
