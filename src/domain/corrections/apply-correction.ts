/** Merges a correction into a classification, keeping it internally consistent. Pure. */
import type { Classification } from '../classification/classification.types.ts';
import type { CorrectionInput } from './correction.schemas.ts';

export class InvalidCorrectionError extends Error {
  override name = 'InvalidCorrectionError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Returns the corrected classification and the names of the fields that changed. */
export function applyCorrection(before: Classification, input: CorrectionInput): { after: Classification; changed: string[] } {
  const after: Classification = structuredClone(before);
  if (input.complaint && input.category === undefined) after.category = 'complaint';
  if (input.category !== undefined) after.category = input.category;
  if (input.complaint !== undefined) after.complaint = input.complaint;
  if (input.satisfaction !== undefined) after.satisfaction = input.satisfaction;
  if (input.advocacy !== undefined) after.advocacy = input.advocacy;
  if (input.aspects !== undefined) after.aspects = [...new Set(input.aspects)];
  if (input.sentiment !== undefined) after.sentiment = { ...after.sentiment, label: input.sentiment };

  if (after.category !== 'complaint') {
    if (input.complaint) throw new InvalidCorrectionError('body.complaint', `only a complaint has a complaint type; category is ${after.category}`);
    after.complaint = null;
  } else if (!after.complaint) {
    throw new InvalidCorrectionError('body.complaint', 'a complaint needs {intent, blame}: send complaint with the category');
  }
  const changed = (['category', 'complaint', 'satisfaction', 'advocacy', 'aspects', 'sentiment'] as const).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
  return { after, changed };
}
