/**
 * Replaces documents by `_id` so that a crash loses none of them, on a store without
 * transactions. FerretDB 1.24 has none, and updates each document by scanning its collection,
 * so whole documents are rewritten in bulk (delete, then insert); on their own, a crash between
 * the two would lose the deleted rows. Here the new versions go to a journal first:
 *
 * 1. every new document is written to the journal under a write id, then a commit entry naming
 *    the ids to remove (a crash before the commit entry leaves the collection as it was);
 * 2. the old versions are deleted and the new ones inserted;
 * 3. the write's journal entries are dropped.
 *
 * A committed write that did not finish (a crash in step 2 or 3) is redone before the next write
 * and at start (`recover`, run by the composition root); redoing is idempotent. On MongoDB a
 * transaction would do the same; this works on both.
 */
import { randomBytes } from 'node:crypto';
import type { Collection, Document, Filter } from 'mongodb';
import { insertNewDocuments } from './mongo.ts';

/** An uncommitted journal older than this belongs to a writer that died before committing. */
const ABANDONED_AFTER_MS = 10 * 60_000;

interface JournalEntry<T> {
  _id: string;
  writeId: string;
  at: Date;
  /** A new version (row entries). */
  doc?: T;
  /** Marks the commit entry, written once every new version is in the journal. */
  commit?: true;
  /** The ids the commit removes before the new versions are inserted. */
  remove?: unknown[];
}

export class JournaledReplace<T extends Document & { _id: unknown }> {
  /**
   * `onApplied`: told the new versions once they are in the target, before the journal lets go of
   * them, so a crash in between tells it again on the redo (copies of the target kept elsewhere).
   */
  constructor(
    private readonly target: Collection<T>,
    private readonly journal: Collection<JournalEntry<T>>,
    private readonly onApplied?: (docs: T[]) => Promise<void>,
  ) {}

  /** Removes the documents with the `remove` ids and inserts `docs` (ids may overlap: a replacement). */
  async replace(remove: T['_id'][], docs: T[]): Promise<void> {
    if (remove.length === 0 && docs.length === 0) return;
    await this.recover();
    const writeId = randomBytes(9).toString('base64url');
    const at = new Date();
    if (docs.length) await this.journal.insertMany(docs.map((doc, i) => ({ _id: `${writeId}|${i}`, writeId, at, doc })) as never, { ordered: false });
    await this.journal.insertOne({ _id: `${writeId}|commit`, writeId, at, commit: true, remove } as never);
    await this.apply(writeId, remove, docs);
  }

  /** Finishes every committed write, oldest first, and drops journals abandoned before their commit. */
  async recover(): Promise<void> {
    const commits = await this.journal.find({ commit: true } as Filter<JournalEntry<T>>).sort({ at: 1 }).toArray();
    for (const commit of commits) {
      const rows = await this.journal.find({ writeId: commit.writeId, doc: { $exists: true } } as Filter<JournalEntry<T>>).toArray();
      await this.apply(commit.writeId, commit.remove ?? [], rows.map((r) => r.doc!));
    }
    const committed = new Set(commits.map((c) => c.writeId));
    const abandoned = await this.journal.distinct('writeId', { at: { $lt: new Date(Date.now() - ABANDONED_AFTER_MS) } } as Filter<JournalEntry<T>>);
    const drop = abandoned.filter((id) => !committed.has(id));
    if (drop.length) await this.journal.deleteMany({ writeId: { $in: drop } } as Filter<JournalEntry<T>>);
  }

  private async apply(writeId: string, remove: unknown[], docs: T[]): Promise<void> {
    if (remove.length) await this.target.deleteMany({ _id: { $in: remove } } as Filter<T>);
    // A redo may meet documents its first attempt inserted after the delete: they are the same versions.
    await insertNewDocuments(this.target, docs as never);
    if (docs.length) await this.onApplied?.(docs);
    await this.journal.deleteMany({ writeId } as Filter<JournalEntry<T>>);
  }
}
