/** `earshot erase <file> [--source <id>] [--by <name>] [--dry-run]`: erases each person listed in a file. */
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { loadConfig } from '../../config/load-config.ts';
import { buildContainer } from '../app/compose.ts';
import { subjectOf } from '../domain/data-rights/subject.ts';
import { createLogger } from '../infra/logger.ts';

const USAGE = `usage: earshot erase <file> [--source <id>] [--by <name>] [--dry-run]

<file> lists one person per line: handles and e-mails of one person separated by commas
(jane@example.com,@jane). Each line is hashed as ingest hashes authors and erased: items, cases,
customer links, defection signals, corrections, Redis lookups and the items' trend counts. Each
line writes one erasure record (when, who, counts; never the identity). Re-running the file
finishes an interrupted run and otherwise changes nothing. --dry-run only counts what is held.
Output: one JSON line per input line, with its line number and counts (never the identifier).
`;

export async function eraseCommand(args: string[]): Promise<number> {
  if (args.includes('-h') || args.includes('--help') || args.length === 0) {
    process.stdout.write(USAGE);
    return args.length === 0 ? 2 : 0;
  }
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const file = args.find((a, i) => !a.startsWith('--') && !['--source', '--by'].includes(args[i - 1] ?? ''));
  if (!file) {
    process.stderr.write(`missing <file>\n${USAGE}`);
    return 2;
  }
  const lines = (await readFile(file, 'utf8')).split(/\r?\n/);
  const config = loadConfig();
  const container = await buildContainer(config, createLogger(config.log.level === 'info' ? 'warn' : config.log.level));
  const by = `cli:${value('--by') ?? userInfo().username}`;
  let failed = 0;
  try {
    for (const [n, line] of lines.entries()) {
      const identifiers = line.split(',').map((s) => s.trim()).filter(Boolean);
      if (identifiers.length === 0) continue;
      try {
        const subject = subjectOf(identifiers, config.privacy.authorSalt, value('--source'));
        const counts = args.includes('--dry-run') ? await container.privacy.subjects.find(subject, by) : await container.privacy.subjects.erase(subject, by);
        process.stdout.write(`${JSON.stringify({ line: n + 1, ...(args.includes('--dry-run') ? { held: counts } : { erased: counts }) })}\n`);
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
