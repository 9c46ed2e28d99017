/**
 * Child process for test/integration/triage/crash-safe-writes.test.ts: runs one bulk rewrite of
 * the customer or case repository and is SIGKILLed the moment it first inserts into the target
 * collection, i.e. after the old versions were deleted and before the new ones are in.
 * argv: customers | identities | cases; stdin: the call's arguments as JSON.
 */
import { Collection } from 'mongodb';
import { Types } from 'mongoose';
import { CaseRepository } from '../../src/domain/cases/case.repository.ts';
import { CustomerRepository, type StoredCustomer } from '../../src/domain/customers/customer.repository.ts';
import { connectMongo, databasesOf } from '../../src/infra/mongo.ts';
import { createRedis, waitForRedis } from '../../src/infra/redis.ts';

const TARGET = { customers: 'customers', identities: 'customer_identities', cases: 'cases' } as const;
const mode = process.argv[2] as keyof typeof TARGET;

const insertMany = Collection.prototype.insertMany;
Collection.prototype.insertMany = function (this: Collection, ...args: Parameters<typeof insertMany>) {
  if (this.collectionName === TARGET[mode]) process.kill(process.pid, 'SIGKILL');
  return insertMany.apply(this, args);
} as typeof insertMany;

const input = JSON.parse(await new Response(process.stdin as unknown as ReadableStream).text(), (key, v) =>
  key === '_id' && typeof v === 'string' && /^[0-9a-f]{24}$/.test(v) ? new Types.ObjectId(v) : /^\d{4}-\d\d-\d\dT/.test(String(v)) ? new Date(v) : v,
);
const databases = databasesOf(await connectMongo(process.env.MONGODB_URI!));
const redis = createRedis({ url: process.env.REDIS_URL!, clusterNodes: [], cluster: { tls: false } }, 'producer');
// A producer connection fails fast while it connects: wait, so the only way out is the kill.
await waitForRedis(redis);
const customers = new CustomerRepository(databases.main, { redis, prefix: process.env.EARSHOT_QUEUE_PREFIX! });
if (mode === 'customers') await customers.replaceMany(input.docs as StoredCustomer[], (input.docs as StoredCustomer[]).map((c) => c._id));
if (mode === 'identities') await customers.syncIdentities(input.docs as StoredCustomer[]);
if (mode === 'cases') await new CaseRepository(databases.cases, { redis, prefix: process.env.EARSHOT_QUEUE_PREFIX! }).syncCustomers(input.updates, new Date());
// Not reached when the kill lands: the test fails if the child exits on its own.
process.exit(0);
