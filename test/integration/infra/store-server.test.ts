import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { DEFAULTS } from '../../../config/defaults.ts';
import { connectMongo, mongoUriWithDatabase, storeServer } from '../../../src/infra/mongo.ts';

const uri = mongoUriWithDatabase(process.env.MONGODB_URI ?? DEFAULTS.mongodbUri, `earshot_test_store_server_${randomBytes(4).toString('hex')}`);
const opened: Connection[] = [];

afterAll(async () => {
  await opened[0]?.dropDatabase();
  await Promise.all(opened.map((c) => c.close()));
});

describe('connectMongo on the local store', () => {
  it('finds FerretDB and connects without retryable writes', async () => {
    const connection = await connectMongo(uri);
    opened.push(connection);
    expect((await storeServer(connection)).kind).toBe('ferretdb');
    expect(connection.getClient().options.retryWrites).toBe(false);
    await connection.db!.collection('probe').insertOne({ at: new Date() });
    await expect(connection.db!.collection('probe').countDocuments()).resolves.toBe(1);
  });

  it('lets the URI decide when it names retryWrites', async () => {
    const connection = await connectMongo(`${uri}?retryWrites=false`);
    opened.push(connection);
    expect(connection.getClient().options.retryWrites).toBe(false);
  });
});
