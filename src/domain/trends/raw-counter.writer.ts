/**
 * Writes counters straight into the rollups, past the write-behind buffer and the flush lock:
 * for benchmarks and history loads, which run alone. Not exactly-once.
 */
import type { Connection } from 'mongoose';
import type { Filter, UpdateFilter } from 'mongodb';
import { boundedBulkWrites } from '../../infra/mongo.ts';
import { groupBy } from '../group-by.ts';
import type { CounterFields } from './counter-metrics.ts';
import { rollupCollection, termsCollection, type RollupKind, type Scope } from './rollup-keys.ts';
import { RollupCollections, type RollupRow, type ScopeDoc } from './rollup-store.ts';

export class RawCounterWriter {
  private readonly rollups: RollupCollections;

  constructor(connection: Connection) {
    this.rollups = new RollupCollections(connection);
  }

  /** Writes counters directly (benchmarks and history loads): one `$inc` upsert per rollup document. */
  async incrementRaw(docs: Array<{ g: RollupKind; period: string; scope: Scope; inc: CounterFields }>, scopeDocs: ScopeDoc[] = []): Promise<void> {
    await this.rollups.writeGrouped(
      docs.map((d) => ({
        name: rollupCollection(d.g, d.period, d.scope),
        op: {
          updateOne: {
            filter: { _id: d.scope } as Filter<RollupRow>,
            update: { $inc: d.inc, $setOnInsert: { g: d.g, period: d.period, scope: d.scope } } as unknown as UpdateFilter<RollupRow>,
            upsert: true,
          },
        },
      })),
    );
    if (scopeDocs.length) {
      const ops = scopeDocs.map((s) => ({ updateOne: { filter: { _id: s._id }, update: { $setOnInsert: s }, upsert: true } }));
      await boundedBulkWrites([{ collection: this.rollups.scopes, ops }]);
    }
  }

  /** Writes term counts directly (benchmarks and history loads). */
  async incrementTermsRaw(docs: Array<{ day: string; scope: Scope; inc: CounterFields }>): Promise<void> {
    const byCollection = groupBy(docs, (d) => termsCollection(d.day, d.scope));
    const writes = await Promise.all(
      [...byCollection].map(async ([name, list]) => ({ collection: this.rollups.get(name), ops: await this.rollups.termsReplacements(name, list.map((d) => ({ id: d.scope, inc: d.inc }))) })),
    );
    await boundedBulkWrites(writes);
  }
}
