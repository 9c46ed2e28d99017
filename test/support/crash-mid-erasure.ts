/**
 * Child process for test/integration/privacy/erasure.test.ts: erases one person and is SIGKILLed
 * the moment the erasure starts deleting cases, i.e. after the counters moved, the lookups, links,
 * corrections and signals went, and before the cases and items are deleted.
 * stdin: the identifiers as a JSON array.
 */
import { Collection } from 'mongodb';
import { loadConfig } from '../../config/load-config.ts';
import { buildContainer } from '../../src/app/compose.ts';
import { subjectOf } from '../../src/domain/data-rights/subject.ts';
import { createLogger } from '../../src/infra/logger.ts';

const deleteMany = Collection.prototype.deleteMany;
Collection.prototype.deleteMany = function (this: Collection, ...args: Parameters<typeof deleteMany>) {
  if (this.collectionName === 'cases') process.kill(process.pid, 'SIGKILL');
  return deleteMany.apply(this, args);
} as typeof deleteMany;

const identifiers = JSON.parse(await new Response(process.stdin as unknown as ReadableStream).text()) as string[];
const config = loadConfig({ ...process.env, EARSHOT_DEV_DEFAULTS: 'true', EARSHOT_COUNTER_FLUSH_MS: '0', EARSHOT_LOG_LEVEL: 'silent' });
const container = await buildContainer(config, createLogger('silent'));
await container.privacy.subjects.erase(subjectOf(identifiers, config.privacy.authorSalt), 'crash-test');
// Not reached when the kill lands: the test fails if the child exits on its own.
process.exit(0);
