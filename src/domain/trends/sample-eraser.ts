/**
 * Removes erased items from the sample items kept beside the counters (rollup-changes.ts): a sample
 * quotes an item's text, so it goes with the item. The counts themselves are moved through the
 * counting path (TrendCounterRepository.moveItems); this touches only the per-day sample documents.
 */
import type { Connection } from 'mongoose';
import type { Filter } from 'mongodb';
import { hourKey } from './buckets.ts';
import { ALL_SCOPE, labelScope, samplesCollection } from './rollup-keys.ts';
import { META_FIELDS, RollupCollections, type RollupRow } from './rollup-store.ts';

export class SampleEraser {
  private readonly collections: RollupCollections;

  constructor(connection: Connection) {
    this.collections = new RollupCollections(connection);
  }

  /** Unsets every sample field holding one of these items; returns how many went. */
  async forget(items: Array<{ _id: unknown; label: string; publishedAt: Date }>): Promise<number> {
    const ids = new Set(items.map((i) => String(i._id)));
    const docs = new Map<string, { name: string; scope: string }>();
    for (const i of items) {
      const day = hourKey(i.publishedAt).slice(0, 10);
      for (const scope of [ALL_SCOPE, labelScope(i.label)]) docs.set(`${samplesCollection(day, scope)}|${scope}`, { name: samplesCollection(day, scope), scope });
    }
    let removed = 0;
    for (const { name, scope } of docs.values()) {
      const collection = this.collections.get(name);
      const doc = await collection.findOne({ _id: scope } as Filter<RollupRow>);
      if (!doc) continue;
      const unset: Record<string, ''> = {};
      for (const [field, v] of Object.entries(doc)) {
        if (META_FIELDS.has(field) || typeof v !== 'string') continue;
        if (ids.has((JSON.parse(v) as { id: string }).id)) unset[field] = '';
      }
      if (Object.keys(unset).length === 0) continue;
      await collection.updateOne({ _id: scope } as Filter<RollupRow>, { $unset: unset });
      removed += Object.keys(unset).length;
    }
    return removed;
  }
}
