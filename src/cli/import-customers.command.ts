/**
 * `earshot import-customers <file.csv>`: bulk upsert of customers from CSV. Every line is validated
 * first; one bad line stops the import before anything is written, naming each bad line and field.
 */
import { readFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { loadConfig } from '../../config/load-config.ts';
import { customerInputSchema, MAX_CUSTOMERS_PER_UPSERT, type CustomerInput } from '../domain/customers/customer.schemas.ts';
import { csvToCustomerRecords } from '../domain/customers/customers-csv.ts';
import { buildContainer, type Container } from '../app/compose.ts';
import { createLogger } from '../infra/logger.ts';
import type { CliCommand, CommandArgs } from './cli-command.ts';

const USAGE = `usage: earshot import-customers <file.csv> [--dry-run]

CSV with a header row: externalId, identities (e-mails/handles separated by ; or |), price, cost,
purchasesPerYear, years (optional, default from EARSHOT_CUSTOMER_YEARS), acquisitionCost (optional).
Identities are stored only as salted hashes. A line with an externalId already stored updates it.
`;

export interface ImportResult {
  ok: boolean;
  errors: string[];
  upserted: number;
  tiers?: unknown;
}

/** Validates every line, then upserts in chunks of the API's maximum. */
export async function importCustomersCsv(container: Container | null, csv: string): Promise<ImportResult> {
  const errors: string[] = [];
  const valid: CustomerInput[] = [];
  for (const { line, record } of csvToCustomerRecords(csv)) {
    const parsed = customerInputSchema.safeParse(record);
    if (parsed.success) valid.push(parsed.data);
    else for (const issue of parsed.error.issues) errors.push(`line ${line}: ${issue.path.join('.') || '(row)'}: ${issue.message}`);
  }
  if (errors.length || !container) return { ok: errors.length === 0, errors, upserted: 0 };
  let upserted = 0;
  let tiers: unknown;
  for (let i = 0; i < valid.length; i += MAX_CUSTOMERS_PER_UPSERT) {
    const outcome = await container.triage.customers.upsert(valid.slice(i, i + MAX_CUSTOMERS_PER_UPSERT));
    upserted += outcome.upserted;
    tiers = outcome.tiers;
  }
  return { ok: true, errors, upserted, tiers };
}

export const command: CliCommand = {
  usage: USAGE,
  options: { 'dry-run': { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  run: (args) => importCustomersCommand(args),
};

async function importCustomersCommand({ values, positionals }: CommandArgs, out: Writable = process.stdout, err: Writable = process.stderr): Promise<number> {
  const file = positionals[0]!;
  const csv = await readFile(file, 'utf8').catch((e: Error) => {
    err.write(`cannot read ${file}: ${e.message}\n`);
    return null;
  });
  if (csv === null) return 1;
  if (values['dry-run']) {
    const result = await importCustomersCsv(null, csv);
    for (const e of result.errors) err.write(`${e}\n`);
    out.write(result.ok ? `${file}: valid\n` : '');
    return result.ok ? 0 : 1;
  }
  const config = loadConfig();
  const container = await buildContainer(config, createLogger(config.log.level === 'info' ? 'warn' : config.log.level));
  try {
    const result = await importCustomersCsv(container, csv);
    for (const e of result.errors) err.write(`${e}\n`);
    if (!result.ok) {
      err.write(`${result.errors.length} problem(s); nothing was imported\n`);
      return 1;
    }
    out.write(`${JSON.stringify({ upserted: result.upserted, tiers: result.tiers })}\n`);
    return 0;
  } finally {
    await container.close();
  }
}
