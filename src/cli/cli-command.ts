/** The contract between `earshot` (main.ts) and its sub-commands: main parses every command's arguments the same way. */
import type { ParseArgsConfig } from 'node:util';

export type CliOptions = NonNullable<ParseArgsConfig['options']>;

export interface CommandArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export interface CliCommand {
  /** Help text, printed on stdout for `earshot <command> --help`. */
  usage: string;
  /** Options for node's `parseArgs` (`--help` is added for every command). */
  options?: CliOptions;
  /** How many positional arguments it takes (default none). */
  positionals?: { min: number; max: number };
  run(args: CommandArgs): Promise<number>;
}

/** A wrong argument found after parsing: main prints the message and the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
