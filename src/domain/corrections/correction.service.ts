/** Support leads fix labels; the fix moves the trend counters and the case, and is kept for retraining. */
import type { Classification } from '../classification/classification.types.ts';
import type { TrendCounterRepository } from '../trends/trend-counter.repository.ts';
import type { CaseService } from '../cases/case.service.ts';
import { applyCorrection } from './apply-correction.ts';
import type { CorrectionInput } from './correction.schemas.ts';
import type { CorrectableItem, CorrectionLogDoc, CorrectionRepository } from './correction.repository.ts';

export class CorrectionConflictError extends Error {
  override name = 'CorrectionConflictError';
}

export class CorrectionService {
  constructor(
    private readonly repo: CorrectionRepository,
    private readonly counters: TrendCounterRepository,
    private readonly cases: CaseService,
  ) {}

  /**
   * Applies a correction. The item moves in the counters (the old labels out, the new in), so
   * every trend uses the corrected label from now on.
   * Returns null when the item does not exist.
   */
  async correct(itemId: string, input: CorrectionInput, by: string, now = new Date()): Promise<{ item: CorrectableItem; changed: string[] } | null> {
    const item = await this.repo.findItem(itemId);
    if (!item) return null;
    const before = item.classification;
    const { after, changed } = applyCorrection(before, input);
    if (changed.length === 0) return { item, changed };
    const meta = { by, at: now, fields: changed, note: input.note ?? null, rev: (item.correction?.rev ?? 0) + 1 };
    if (!(await this.repo.applyToItem(item, after, meta))) {
      throw new CorrectionConflictError('another correction of this item landed first; reload it and retry');
    }
    // Duplicates (cross-posts) never entered the counters, so they stay out.
    if (!item.duplicateOf) {
      await this.counters.moveItems([{ ...item, classification: before }], [{ ...item, classification: after }], { opKey: `correction|${String(item._id)}|${meta.rev}` });
    }
    const model: Classification = item.modelClassification ?? before;
    await this.repo.appendLog({
      itemId: String(item._id),
      sourceId: item.sourceId,
      label: item.label,
      kind: item.kind,
      text: item.text,
      rating: item.rating ?? null,
      nps: item.nps ?? null,
      modelVersion: item.modelVersion,
      model,
      before,
      after,
      fields: changed,
      note: meta.note,
      by,
      at: now,
    });
    await this.cases.onItemReclassified({ ...item, classification: after }, after, by, now);
    return { item: { ...item, classification: after, modelClassification: model, correction: meta }, changed };
  }

  /** The latest correction per item, as training lines (labels in the classifier's own shape). */
  async *exportLatest(since?: Date): AsyncGenerator<Record<string, unknown>> {
    const latest = new Map<string, CorrectionLogDoc>();
    for await (const doc of this.repo.stream(since)) latest.set(doc.itemId, doc);
    for (const d of latest.values()) {
      yield {
        id: d.itemId,
        text: d.text,
        kind: d.kind,
        ...(d.rating !== null ? { rating: d.rating } : {}),
        ...(d.nps !== null ? { nps: d.nps } : {}),
        category: d.after.category,
        complaint: d.after.complaint,
        satisfaction: d.after.satisfaction,
        advocacy: d.after.advocacy,
        aspects: d.after.aspects,
        sentiment: d.after.sentiment.label,
        model: {
          version: d.modelVersion,
          category: d.model.category,
          complaint: d.model.complaint,
          satisfaction: d.model.satisfaction,
          advocacy: d.model.advocacy,
          aspects: d.model.aspects,
          sentiment: d.model.sentiment.label,
        },
        correctedFields: d.fields,
        correctedBy: d.by,
        correctedAt: d.at.toISOString(),
        ...(d.note ? { note: d.note } : {}),
      };
    }
  }
}
