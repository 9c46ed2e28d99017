/*
 * The store's limits live here and behind the repositories, never in domain services: FerretDB 1.24
 * (the local and test store) has no sessions, no atomic updates, one SQLite writer per database,
 * and scans a collection for every query. Each tactic below says which server needs it; the full
 * list, with where each one lives, is the "Store limits" table in docs/deploy.md.
 */
import mongoose, { type Connection } from 'mongoose';
import type { AnyBulkWriteOperation, Collection, Document, Filter, OptionalUnlessRequiredId, WithId } from 'mongodb';

/**
 * The kind of server behind MONGODB_URI, read from `buildInfo`: FerretDB 1.x adds `ferretdbVersion`
 * (measured on 1.24.2), 2.x a `ferretdb` document; MongoDB has neither.
 */
export interface StoreServer {
  kind: 'ferretdb' | 'mongodb';
  version: string;
}

export function storeServerOf(buildInfo: Document): StoreServer {
  return { kind: buildInfo.ferretdb || buildInfo.ferretdbVersion ? 'ferretdb' : 'mongodb', version: String(buildInfo.version ?? 'unknown') };
}

/** FerretDB has no sessions, so no retryable writes; MongoDB retries a write once across a failover. */
export function retryWritesFor(server: StoreServer): boolean {
  return server.kind === 'mongodb';
}

function openConnection(uri: string, retryWrites: boolean): Promise<Connection> {
  return mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000, retryWrites, autoIndex: false }).asPromise();
}

/** Asks the server behind a connection what it is. */
export async function storeServer(connection: Connection): Promise<StoreServer> {
  return storeServerOf(await connection.db!.admin().command({ buildInfo: 1 }));
}

/**
 * Opens a dedicated mongoose connection (not the global one) so tests can use one database per file.
 * It first connects without retryable writes (what FerretDB needs), asks the server what it is and,
 * on MongoDB, reopens with them on; a `retryWrites` in the URI wins.
 */
export async function connectMongo(uri: string): Promise<Connection> {
  const connection = await openConnection(uri, false);
  const wanted = new URL(uri).searchParams.get('retryWrites');
  const retryWrites = wanted === null ? retryWritesFor(await storeServer(connection)) : wanted === 'true';
  if (!retryWrites) return connection;
  await connection.close();
  return openConnection(uri, true);
}

/**
 * The databases Earshot writes: items and everything else in the configured one, support cases in
 * `<db>_cases`, trend rollups in `<db>_trends`. Why apart: FerretDB on SQLite keeps each database
 * in its own file with a single writer, so ingest's three writes per batch (items, cases, counter
 * flushes) queue behind each other in one database and run side by side in three (measured here:
 * two insert streams into one database 6,900 docs/s, into two databases 10,700). On MongoDB the
 * split changes nothing but the names.
 */
export interface Databases {
  main: Connection;
  cases: Connection;
  trends: Connection;
}

export function databasesOf(main: Connection): Databases {
  const name = main.db!.databaseName;
  return { main, cases: main.useDb(`${name}_cases`, { useCache: true }), trends: main.useDb(`${name}_trends`, { useCache: true }) };
}

/** Drops Earshot's databases; refuses outside tests so it can never wipe real data. */
export async function dropTestDatabases(databases: Databases): Promise<void> {
  if (process.env.NODE_ENV !== 'test' && !process.env.VITEST) {
    throw new Error('dropTestDatabases refused: not running under tests');
  }
  await Promise.all(Object.values(databases).map((c: Connection) => c.dropDatabase()));
}

/** The same MongoDB URI pointing at another database (tests and benchmarks use their own). */
export function mongoUriWithDatabase(uri: string, db: string): string {
  const u = new URL(uri);
  u.pathname = `/${db}`;
  return u.toString();
}

interface WriteError {
  code?: number;
  index: number;
  errmsg?: string;
}

/** The per-document errors of a failed write (the driver gives one object or a list). */
function writeErrorsOf(err: unknown): WriteError[] {
  const e = (err as { writeErrors?: WriteError[] | WriteError }).writeErrors;
  return Array.isArray(e) ? e : e ? [e] : [];
}

/** True when a write failed only because documents with those keys already exist. */
export function isDuplicateKeyOnly(err: unknown): boolean {
  const list = writeErrorsOf(err);
  if (list.length === 0) return (err as { code?: number }).code === 11000;
  return list.every((w) => w.code === 11000);
}

/**
 * Inserts documents that carry their own `_id`, leaving those already stored untouched (the
 * outcome of an upsert with `$setOnInsert`, at insert speed: FerretDB scans the collection for
 * every update). Returns the indexes of the documents that already existed.
 */
export async function insertNewDocuments<T extends Document>(collection: Collection<T>, docs: OptionalUnlessRequiredId<T>[]): Promise<Set<number>> {
  const existing = new Set<number>();
  if (docs.length === 0) return existing;
  try {
    await collection.insertMany(docs, { ordered: false });
  } catch (err) {
    if (!isDuplicateKeyOnly(err)) throw err;
    const list = writeErrorsOf(err);
    // A lone duplicate-key error without a list: the single document was there.
    for (const w of list.length ? list : [{ index: 0 }]) existing.add(w.index);
  }
  return existing;
}

/**
 * Reads documents by `_id` with one `findOne` each, a few at a time, in the order of `ids` (null
 * where none is stored). A FerretDB tactic: there an `$in` decodes every document of the
 * collection, while each `_id` equality is pushed down to SQLite, which still scans the rows
 * (~12 µs a row) but decodes only the match. On MongoDB one `$in` would do as well.
 */
export async function findByIdsOneByOne<T extends Document>(collection: Collection<T>, ids: unknown[], inFlight = 6): Promise<Array<WithId<T> | null>> {
  const out: Array<WithId<T> | null> = new Array(ids.length).fill(null);
  let next = 0;
  const runNext = async (): Promise<void> => {
    while (next < ids.length) {
      const i = next++;
      out[i] = await collection.findOne({ _id: ids[i] } as Filter<T>);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, ids.length) }, runNext));
  return out;
}

/**
 * Write-error codes that say a document itself is unacceptable (a `$`-prefixed or dotted key,
 * too large, failed validation): retrying cannot help it, and it says nothing about the others.
 */
const REFUSED_DOCUMENT_CODES = new Set([2, 52, 55, 56, 57, 121, 10334, 17419, 17420]);

/**
 * `insertNewDocuments` that sets aside documents the store refuses one by one instead of failing
 * them all: returns the indexes already stored and the refused ones with the store's reason. Any
 * other failure (the store is down) is thrown, so the caller retries.
 */
export async function insertNewOrRefused<T extends Document>(
  collection: Collection<T>,
  docs: OptionalUnlessRequiredId<T>[],
): Promise<{ existing: Set<number>; refused: Map<number, string> }> {
  const existing = new Set<number>();
  const refused = new Map<number, string>();
  if (docs.length === 0) return { existing, refused };
  try {
    await collection.insertMany(docs, { ordered: false });
  } catch (err) {
    const list = writeErrorsOf(err);
    if (list.length === 0 && (err as { code?: number }).code === 11000) existing.add(0);
    else if (list.length === 0 || !list.every((w) => w.code === 11000 || REFUSED_DOCUMENT_CODES.has(w.code ?? -1))) throw err;
    for (const w of list) {
      if (w.code === 11000) existing.add(w.index);
      else refused.set(w.index, w.errmsg ?? `store error ${w.code}`);
    }
  }
  return { existing, refused };
}

/**
 * FerretDB 1.24 keeps every statement's cursor of an `update` command open until the whole command
 * ends (its update handler defers each close inside the statement loop), and each cursor holds one
 * of the database's 100 SQLite connections. A counter flush sending hundreds of upserts at once
 * took them all and deadlocked the database: every command waiting for a connection (seen in
 * bench:trends, 20 sources × 7 days in one flush). Bounded here to 8 × 6 = 48 connections; the
 * store has one writer per database anyway, so nothing is lost by not sending more at once.
 */
const STATEMENTS_PER_COMMAND = 8;
const COMMANDS_IN_FLIGHT = 6;

/** Runs unordered bulk writes in small commands, a few at a time; `ignoreDuplicateKeys`: E11000 means "already written". */
export async function boundedBulkWrites<T extends Document>(
  writes: Array<{ collection: Collection<T>; ops: AnyBulkWriteOperation<T>[] }>,
  opts: { ignoreDuplicateKeys?: boolean } = {},
): Promise<void> {
  const commands: Array<() => Promise<unknown>> = [];
  for (const { collection, ops } of writes) {
    for (let i = 0; i < ops.length; i += STATEMENTS_PER_COMMAND) {
      const chunk = ops.slice(i, i + STATEMENTS_PER_COMMAND);
      commands.push(() => collection.bulkWrite(chunk, { ordered: false }));
    }
  }
  let next = 0;
  const runNext = async (): Promise<void> => {
    while (next < commands.length) {
      const command = commands[next++]!;
      await command().catch((err: unknown) => {
        if (!(opts.ignoreDuplicateKeys && isDuplicateKeyOnly(err))) throw err;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(COMMANDS_IN_FLIGHT, commands.length) }, runNext));
}
