/**
 * The store's record of counting: which operations have been counted, and the flushes on their way
 * into the rollups. Redis (counter-buffer.ts) stays a buffer; this is what survives its loss.
 *
 * A flush is journaled before any rollup is written: its merged increments in parts, then a header
 * listing its op keys, inserted last, so a header means a complete journal. From the header on, the
 * ops count as counted (`isCounted`), and any later flusher can finish the flush from the store
 * alone (the rollup writes are marked with the flush id, so finishing twice adds nothing). Once the
 * rollups are written, the op keys move to the ledger (`counted_ops`, one document per op) and the
 * journal is deleted. Insert-only with derived `_id`s: the fast path on FerretDB, where updates scan.
 * Headers live in their own collection because every counting call looks for its op in them: FerretDB
 * 1.24 answers that query by decoding every document of the collection, and the parts are megabytes.
 * Only the flush-lock holder writes or finishes journals.
 */
import { createHash } from 'node:crypto';
import type { Collection, Connection } from 'mongoose';
import type { Filter } from 'mongodb';
import { insertNewDocuments } from '../../infra/mongo.ts';
import type { DocChange, PendingFlush } from './counter-buffer.ts';

export const JOURNAL_COLLECTION = 'counter_journal';
export const JOURNAL_HEADS_COLLECTION = 'counter_journal_heads';
export const LEDGER_COLLECTION = 'counted_ops';

/**
 * How an op key is stored: hashed, because op keys name items (`correction|<item id>|…`) and the
 * ledger is kept for good, also after the person behind an item is erased. Idempotent.
 */
const storedOpKey = (op: string): string => (op.startsWith('h:') ? op : `h:${createHash('sha256').update(op).digest('hex').slice(0, 32)}`);

/** Characters of JSON per journal part: far below the 16 MB document limit, one string field each. */
const PART_CHARS = 2_000_000;

/** A part: a JSON array of changes. */
interface JournalPart {
  _id: string;
  flush: string;
  changes: string;
}

/** A header (`_id` = flush id): how many parts, and the op keys. */
interface JournalHead {
  _id: string;
  parts: number;
  ops: string[];
}

interface LedgerDoc {
  _id: string;
  flush: string;
}

export class CounterJournal {
  private readonly journal: Collection<JournalPart>;
  private readonly heads: Collection<JournalHead>;
  private readonly ledger: Collection<LedgerDoc>;

  constructor(connection: Connection) {
    this.journal = connection.collection<JournalPart>(JOURNAL_COLLECTION);
    this.heads = connection.collection<JournalHead>(JOURNAL_HEADS_COLLECTION);
    this.ledger = connection.collection<LedgerDoc>(LEDGER_COLLECTION);
  }

  /** True once a flush carrying `opKey` is journaled (and for good once it is written). */
  async isCounted(opKey: string): Promise<boolean> {
    const key = storedOpKey(opKey);
    if (await this.ledger.findOne({ _id: key } as Filter<LedgerDoc>, { projection: { _id: 1 } })) return true;
    return (await this.heads.findOne({ ops: key } as Filter<JournalHead>, { projection: { _id: 1 } })) !== null;
  }

  /** Journals a flush: parts first, the header last. Idempotent (a resumed flush journals again). */
  async open({ id, changes, ops }: Pick<PendingFlush, 'id' | 'changes' | 'ops'>): Promise<void> {
    const parts: JournalPart[] = [];
    let chunk: string[] = [];
    let size = 0;
    const cut = () => {
      parts.push({ _id: `${id}.${parts.length}`, flush: id, changes: `[${chunk.join(',')}]` });
      chunk = [];
      size = 0;
    };
    for (const c of changes) {
      const json = JSON.stringify(c);
      if (size + json.length > PART_CHARS && chunk.length) cut();
      chunk.push(json);
      size += json.length;
    }
    if (chunk.length) cut();
    await insertNewDocuments(this.journal, parts);
    await insertNewDocuments(this.heads, [{ _id: id, parts: parts.length, ops: ops.map(storedOpKey) }]);
  }

  /**
   * Complete journals left by a flusher that died before finishing (its Redis copy may be gone),
   * and the ids of incomplete ones, which no one can finish: their increments were never counted
   * as far as the store knows.
   */
  async unfinished(): Promise<{ complete: PendingFlush[]; incomplete: string[] }> {
    const [heads, parts] = await Promise.all([this.heads.find({}).toArray(), this.journal.find({}).toArray()]);
    const complete = heads.map((h): PendingFlush => {
      const own = parts.filter((p) => p.flush === h._id);
      if (own.length !== h.parts) throw new Error(`counter journal ${h._id}: ${own.length} of ${h.parts} parts`);
      return { id: h._id, ops: h.ops, resumed: true, changes: own.sort((a, b) => a._id.localeCompare(b._id, 'en', { numeric: true })).flatMap((p) => JSON.parse(p.changes) as DocChange[]) };
    });
    const done = new Set(heads.map((h) => h._id));
    return { complete, incomplete: [...new Set(parts.filter((p) => !done.has(p.flush)).map((p) => p.flush))] };
  }

  /** The flush is in the rollups: its ops join the ledger, then the journal goes. */
  async close({ id, ops }: Pick<PendingFlush, 'id' | 'ops'>): Promise<void> {
    await insertNewDocuments(this.ledger, ops.map((op) => ({ _id: storedOpKey(op), flush: id })));
    await this.discard(id);
  }

  /** Deletes a flush's journal, the header first: parts left by a crash between are an incomplete journal, discarded later. */
  async discard(id: string): Promise<void> {
    await this.heads.deleteMany({ _id: id } as Filter<JournalHead>);
    await this.journal.deleteMany({ flush: id } as Filter<JournalPart>);
  }
}
