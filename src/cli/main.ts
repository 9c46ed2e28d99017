/** The `earshot` command line: one sub-command per module, loaded only when used. */
import { ConfigError } from '../../config/load-config.ts';

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  classify: {
    summary: 'classify JSONL from stdin to JSONL on stdout (no services needed)',
    load: async () => (await import('./classify.command.ts')).classifyCommand,
  },
  api: {
    summary: 'run the HTTP API',
    load: async () => (await import('./api.command.ts')).apiCommand,
  },
  worker: {
    summary: 'run the queue workers and source scheduler',
    load: async () => (await import('./worker.command.ts')).workerCommand,
  },
  demo: {
    summary: 'run everything on local services with sample feeds',
    load: async () => (await import('./demo.command.ts')).demoCommand,
  },
  import: {
    summary: 'import survey responses from a CSV or JSONL file into a source (--source, --map)',
    load: async () => (await import('./import.command.ts')).importCommand,
  },
  'import-customers': {
    summary: 'upsert customers (LTV, tiers) from a CSV file',
    load: async () => (await import('./import-customers.command.ts')).importCustomersCommand,
  },
  erase: {
    summary: 'erase the people listed in a file (one per line): items, cases, links, lookups, counts',
    load: async () => (await import('./erase.command.ts')).eraseCommand,
  },
  'export-corrections': {
    summary: 'write classification corrections as JSONL for retraining',
    load: async () => (await import('./export-corrections.command.ts')).exportCorrectionsCommand,
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(20)} ${c.summary}`);
  return `usage: earshot <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

/** Runs one sub-command and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(usage());
    return name === undefined || name === '--help' || name === '-h' ? 0 : 2;
  }
  const run = await command.load();
  try {
    return await run(rest);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // A configuration mistake is the operator's to fix: the message, not a stack trace (78: EX_CONFIG).
    process.stderr.write(`earshot ${name}: ${err.message}\n`);
    return 78;
  }
}
