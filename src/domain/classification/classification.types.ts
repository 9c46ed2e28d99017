/** The shapes the classifier takes and returns. Shared by the worker, the API and the CLI. */

export const CATEGORIES = ['complaint', 'advocacy', 'satisfaction', 'neutral'] as const;
export type Category = (typeof CATEGORIES)[number];

export const SATISFACTION_LEVELS = ['dissatisfied', 'satisfied', 'delighted'] as const;
export type SatisfactionLevel = (typeof SATISFACTION_LEVELS)[number];

export const COMPLAINT_INTENTS = ['instrumental', 'non-instrumental'] as const;
export type ComplaintIntent = (typeof COMPLAINT_INTENTS)[number];

export const COMPLAINT_BLAMES = ['ostensive', 'reflexive'] as const;
export type ComplaintBlame = (typeof COMPLAINT_BLAMES)[number];

/** The 7 Ps of services marketing, used as aspect tags. */
export const ASPECTS = [
  'product',
  'price',
  'place',
  'promotion',
  'people',
  'process',
  'physical-environment',
] as const;
export type Aspect = (typeof ASPECTS)[number];

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

/** The committed models: `default` (all data) and `permissive` (no CC BY-NC-SA training data). */
export const CLASSIFIER_MODELS = ['default', 'permissive'] as const;
export type ClassifierModelName = (typeof CLASSIFIER_MODELS)[number];

export const FEEDBACK_KINDS = ['review', 'survey', 'mention'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

export interface ClassificationInput {
  id?: string;
  text: string;
  /** Star rating 1–5, when the source has one. */
  rating?: number;
  /** Net Promoter score 0–10, when the source has one. */
  nps?: number;
  kind?: FeedbackKind;
}

export interface Classification {
  category: Category;
  sentiment: { score: number; comparative: number; label: SentimentLabel };
  satisfaction: SatisfactionLevel | null;
  complaint: { intent: ComplaintIntent; blame: ComplaintBlame } | null;
  advocacy: boolean;
  aspects: Aspect[];
  language: string;
  /**
   * false when the text is in a language the model does not score: category, sentiment and
   * confidence are then placeholders, and reports must count the item as not scored (by
   * language), never as neutral. Absent on classifications stored before it existed: scored.
   */
  scored?: boolean;
  confidence: number;
  cues: string[];
}

export interface Classifier {
  /** Version of the loaded model, stored beside every classification. */
  readonly modelVersion: string;
  classify(input: ClassificationInput): Classification;
}
