import mongoose, { type Connection } from 'mongoose';

/** Opens a dedicated mongoose connection (not the global one) so tests can use one database per file. */
export async function connectMongo(uri: string): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: 10_000,
    // FerretDB has no sessions or retryable writes.
    retryWrites: false,
    autoIndex: false,
  });
  await connection.asPromise();
  return connection;
}

/** Drops a database; refuses outside tests so it can never wipe real data. */
export async function dropTestDatabase(connection: Connection): Promise<void> {
  if (process.env.NODE_ENV !== 'test' && !process.env.VITEST) {
    throw new Error('dropTestDatabase refused: not running under tests');
  }
  await connection.dropDatabase();
}

/** The same MongoDB URI pointing at another database (tests and benchmarks use their own). */
export function mongoUriWithDatabase(uri: string, db: string): string {
  const u = new URL(uri);
  u.pathname = `/${db}`;
  return u.toString();
}
