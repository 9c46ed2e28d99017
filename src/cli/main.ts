/**
 * The `earshot` command line: one sub-command per module, loaded only when used. Arguments of every
 * command are parsed here with node's `parseArgs`, so `--help`, unknown options and missing
 * arguments behave the same everywhere, and `--help` never starts anything.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../../config/load-config.ts';
import { VERSION } from '../version.ts';
import { UsageError, type CliCommand } from './cli-command.ts';

const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  classify: {
    summary: 'classify JSONL from stdin to JSONL on stdout (no services needed)',
    load: async () => (await import('./classify.command.ts')).command,
  },
  api: {
    summary: 'run the HTTP API',
    load: async () => (await import('./api.command.ts')).command,
  },
  worker: {
    summary: 'run the queue workers and source scheduler',
    load: async () => (await import('./worker.command.ts')).command,
  },
  demo: {
    summary: 'run everything on local services with sample feeds',
    load: async () => (await import('./demo.command.ts')).command,
  },
  import: {
    summary: 'import survey responses from a CSV or JSONL file into a source (--source, --map)',
    load: async () => (await import('./import.command.ts')).command,
  },
  'import-customers': {
    summary: 'upsert customers (LTV, tiers) from a CSV file',
    load: async () => (await import('./import-customers.command.ts')).command,
  },
  'retry-failed': {
    summary: 'run jobs in the failed set again (all, or the given ids); --list to only list them',
    load: async () => (await import('./retry-failed.command.ts')).command,
  },
  erase: {
    summary: 'erase the people listed in a file (one per line): items, cases, links, lookups, counts',
    load: async () => (await import('./erase.command.ts')).command,
  },
  'export-corrections': {
    summary: 'write classification corrections as JSONL for retraining',
    load: async () => (await import('./export-corrections.command.ts')).command,
  },
};

export interface Io {
  out: { write(s: string): unknown };
  err: { write(s: string): unknown };
}

export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(26)} ${c.summary}`);
  return `usage: earshot <command> [options]

commands:
${lines.join('\n')}

options:
  -h, --help                 show this help (or a command's: earshot <command> --help)
  -v, --version              print the version
`;
}

/** Runs one sub-command and returns the process exit code. */
export async function main(argv: string[], io: Io = { out: process.stdout, err: process.stderr }): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' && rest[0] ? COMMANDS[rest[0]] : undefined;
    io.out.write(topic ? (await topic.load()).usage : usage());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.out.write(`${VERSION}\n`);
    return 0;
  }
  const entry = name ? COMMANDS[name] : undefined;
  if (!entry) {
    io.err.write(`${name ? `earshot: unknown command "${name}"\n\n` : ''}${usage()}`);
    return 2;
  }
  const command = await entry.load();
  const fail = (message: string) => {
    io.err.write(`earshot ${name}: ${message}\n\n${command.usage}`);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    // Node's messages go on to explain `--`; the first sentence is the point.
    const message = (err as Error).message.split(/\.\s/)[0]!;
    return fail(message.charAt(0).toLowerCase() + message.slice(1));
  }
  if (parsed.values.help) {
    io.out.write(command.usage);
    return 0;
  }
  const { min, max } = command.positionals ?? { min: 0, max: 0 };
  if (parsed.positionals.length < min) return fail(`missing argument${min - parsed.positionals.length > 1 ? 's' : ''}`);
  if (parsed.positionals.length > max) return fail(`unexpected argument "${parsed.positionals[max]}"`);
  try {
    return await command.run({ values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals });
  } catch (err) {
    if (err instanceof UsageError) return fail(err.message);
    // A bad environment value: one line naming each variable, no stack trace.
    if (err instanceof ConfigError) {
      const [head, ...problems] = err.message.split('\n').map((l) => l.trim()).filter(Boolean);
      io.err.write(`earshot ${name}: ${head} ${problems.join('; ')}\n`);
      return 2;
    }
    throw err;
  }
}
