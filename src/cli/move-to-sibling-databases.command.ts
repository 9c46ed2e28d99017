/**
 * `earshot move-to-sibling-databases`: moves what versions before the split kept in the main
 * database (support cases, defection signals, trend rollups) into `<db>_cases` and `<db>_trends`
 * (src/infra/mongo.ts says why they live apart). Idempotent and safe while workers run.
 */
import type { Writable } from 'node:stream';
import type { Collection, Document } from 'mongodb';
import { loadConfig } from '../../config/load-config.ts';
import { buildContainer, type Container } from '../infra/container.ts';
import { insertNewDocuments } from '../infra/mongo.ts';
import { createLogger } from '../infra/logger.ts';
import type { CliCommand } from './cli-command.ts';

const USAGE = `usage: earshot move-to-sibling-databases

Support cases and defection signals now live in <db>_cases and trend rollups in <db>_trends. Run
this once after upgrading from a version that kept them in the main database: cases are copied
(ones already there are kept), rollups are added into whatever was counted since and the monthly
rollups of their years rebuilt, then the old collections are dropped. Running it again, or after an
interruption, counts nothing twice.
`;

/** Collections that moved to `<db>_cases`. */
const CASE_COLLECTIONS = ['cases', 'defection_signals'];
const COPY_CHUNK = 1000;

/** Copies every document not already in `to` (same `_id`), a chunk at a time. */
async function copyNew(from: Collection<Document>, to: Collection<Document>): Promise<number> {
  let copied = 0;
  let chunk: Document[] = [];
  const flush = async () => {
    copied += chunk.length - (await insertNewDocuments(to, chunk)).size;
    chunk = [];
  };
  for await (const doc of from.find({})) {
    chunk.push(doc);
    if (chunk.length === COPY_CHUNK) await flush();
  }
  await flush();
  return copied;
}

/** Collections of the main database that belong in a sibling database (left by an older version). */
export async function legacyCollections(container: Container): Promise<string[]> {
  const names = (await container.databases.main.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  return names.filter((n) => CASE_COLLECTIONS.includes(n) || n.startsWith('trend_'));
}

/** Moves the legacy collections; returns a line per collection moved. */
export async function moveToSiblingDatabases(container: Container): Promise<string[]> {
  const main = container.databases.main.db!;
  const names = await legacyCollections(container);
  const report: string[] = [];
  for (const name of names.filter((n) => CASE_COLLECTIONS.includes(n))) {
    const copied = await copyNew(main.collection(name), container.databases.cases.db!.collection(name));
    await main.collection(name).drop();
    report.push(`${name}: ${copied} documents moved to ${container.databases.cases.name}`);
  }
  // The repeat-complaint lookups are rebuilt from the cases, now that all of them are in one place.
  if (report.length) await container.triage.rebuildLookups();
  const years = new Set<string>();
  for (const name of names.filter((n) => n.startsWith('trend_'))) {
    const merged = await container.repos.counters.absorbLegacyCollection(main.collection(name));
    await main.collection(name).drop();
    report.push(`${name}: ${merged} rollup documents added into ${container.databases.trends.name}`);
    const year = /^trend_d_(\d{4})\d{2}_/.exec(name)?.[1];
    if (year) years.add(year);
  }
  // Month slots are sums of the days: rebuilt for every year whose days just grew.
  for (const year of [...years].sort()) {
    await container.repos.counters.rebuildMonthly(year);
    report.push(`monthly rollups of ${year} rebuilt`);
  }
  return report;
}

export const command: CliCommand = { usage: USAGE, run: () => moveToSiblingDatabasesCommand() };

async function moveToSiblingDatabasesCommand(out: Writable = process.stdout): Promise<number> {
  const config = loadConfig();
  const container = await buildContainer(config, createLogger(config.log.level === 'info' ? 'warn' : config.log.level));
  try {
    const report = await moveToSiblingDatabases(container);
    out.write(report.length ? `${report.join('\n')}\n` : 'nothing to move: the main database holds no cases or rollups\n');
    return 0;
  } finally {
    await container.close();
  }
}
