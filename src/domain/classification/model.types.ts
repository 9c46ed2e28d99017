import type { FeatureOptions } from './features.ts';
import type { SerializedLinear } from './linear-model.ts';

export const MODEL_FORMAT = 'earshot-classifier/2';

/** p = sigmoid(a · logit + b), fitted on held-out predictions. */
export interface PlattCalibration {
  a: number;
  b: number;
}

/** The committed, versioned model file (`models/classifier.json`). */
export interface ClassifierModel {
  format: typeof MODEL_FORMAT;
  version: string;
  createdAt: string;
  features: FeatureOptions;
  /** Names of the dense features, in order; loading checks them against the code. */
  denseFeatures: string[];
  heads: {
    /** Binary: complaint vs not. */
    complaint: SerializedLinear;
    /** Softmax over SENTIMENT_LABELS order: negative, neutral, positive. */
    sentiment: SerializedLinear;
    /** Binary: instrumental vs non-instrumental (complaints only). */
    intent: SerializedLinear;
    /** Softmax over dissatisfied, satisfied, delighted (reviews). */
    satisfaction: SerializedLinear;
    /** Binary: reflexive vs ostensive blame (complaints only). */
    reflexive: SerializedLinear;
  };
  calibration: {
    complaint: PlattCalibration;
    intent: PlattCalibration;
    reflexive: PlattCalibration;
    /** Softmax temperature for the sentiment head. */
    sentimentTemperature: number;
  };
  thresholds: {
    /** Calibrated complaint probability at or above which an item is a complaint. */
    complaint: number;
    /** Instrumental probability (after the explicit-ask rule) at or above which a complaint is instrumental. */
    intent?: number;
    /** Calibrated reflexive probability at or above which a complaint is reflexive (cues decide too). */
    reflexive: number;
  };
  /** Datasets, sizes, parameters and held-out figures, for provenance. */
  training: Record<string, unknown>;
}
