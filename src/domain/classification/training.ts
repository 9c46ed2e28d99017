/**
 * Trains every head of the classifier from labelled texts and returns a model ready to save.
 * Pure (the scripts do the reading and writing), so evaluation can train on a split in-process.
 */
import { analyze, copyVector, setStackedSentiment, DEFAULT_FEATURE_OPTIONS, DENSE_COUNT, DENSE_FEATURES, FeatureExtractor, type FeatureOptions, type FeatureVector } from './features.ts';
import { linearScore, mulberry32, serializeLinear, sigmoid, softmaxScores, trainLinear, type LinearWeights, type TrainOptions } from './linear-model.ts';
import { MODEL_FORMAT, type ClassifierModel, type PlattCalibration } from './model.types.ts';
import { reflexiveCues } from './self-blame.ts';

/** Keep in step with the classifier's explicit-ask rule. */
export const EXPLICIT_ASK_FLOOR = 0.75;

export interface LabelledText {
  text: string;
  label: number;
  /** Sample weight (distant-supervision data counts less). */
  weight?: number;
  /** Rows of one group (a company) share a fold when out-of-fold scores are made. */
  group?: string;
  /**
   * Whether the row is of the kind the decision threshold is tuned for (company-directed tweets,
   * not the random tweets that are easy negatives). Default: true.
   */
  target?: boolean;
}

export interface TrainingData {
  /** 1 = complaint. */
  complaint: LabelledText[];
  /** 0 negative, 1 neutral, 2 positive. */
  sentiment: LabelledText[];
  /** 1 = instrumental (complaints only). */
  intent: LabelledText[];
  /** 0 dissatisfied, 1 satisfied, 2 delighted. */
  satisfaction: LabelledText[];
  /** 1 = the author blames themself (complaints only). */
  reflexive: LabelledText[];
}

export interface HeadParams extends Omit<TrainOptions, 'seed' | 'sampleWeights' | 'classWeights'> {
  /** Re-weight classes to equal total weight. */
  balance: boolean;
}

export interface TrainingParams {
  features: FeatureOptions;
  seed: number;
  complaint: HeadParams;
  sentiment: HeadParams;
  intent: HeadParams;
  satisfaction: HeadParams;
  reflexive: HeadParams;
  /** Folds used to get held-out scores for calibration. */
  calibrationFolds: number;
}

export const DEFAULT_TRAINING_PARAMS: TrainingParams = {
  features: DEFAULT_FEATURE_OPTIONS,
  seed: 7,
  complaint: { epochs: 8, l2: 1e-4, learningRate: 0.2, balance: true },
  sentiment: { epochs: 8, l2: 1e-5, learningRate: 0.2, balance: false },
  intent: { epochs: 12, l2: 1e-4, learningRate: 0.2, balance: true },
  satisfaction: { epochs: 6, l2: 1e-5, learningRate: 0.2, balance: true },
  reflexive: { epochs: 12, l2: 1e-4, learningRate: 0.2, balance: true },
  calibrationFolds: 5,
};

interface Prepared {
  xs: FeatureVector[];
  labels: Int32Array;
  weights: Float32Array;
  /** Fold group per row (empty string: its own group). */
  groups: string[];
  target: Uint8Array;
}

export function vectorize(rows: readonly LabelledText[], features: FeatureOptions): Prepared {
  const ex = new FeatureExtractor(features);
  const xs = rows.map((r) => copyVector(ex.extract(analyze(r.text))));
  return {
    xs,
    labels: Int32Array.from(rows, (r) => r.label),
    weights: Float32Array.from(rows, (r) => r.weight ?? 1),
    groups: rows.map((r) => r.group ?? ''),
    target: Uint8Array.from(rows, (r) => (r.target === false ? 0 : 1)),
  };
}

function classWeights(labels: Int32Array, classes: number, balance: boolean): number[] | undefined {
  if (!balance) return undefined;
  const counts = new Array<number>(classes).fill(0);
  for (const y of labels) counts[y]!++;
  return counts.map((c) => (c > 0 ? labels.length / (classes * c) : 1));
}

export function trainHead(p: Prepared, classes: number, params: HeadParams, features: FeatureOptions, seed: number): LinearWeights {
  return trainLinear(p.xs, p.labels, classes, features.hashBits, DENSE_COUNT, {
    epochs: params.epochs,
    l2: params.l2,
    learningRate: params.learningRate,
    averageFrom: params.averageFrom,
    classWeights: classWeights(p.labels, classes, params.balance),
    sampleWeights: p.weights,
    seed,
  });
}

function subset(p: Prepared, idx: readonly number[]): Prepared {
  return {
    xs: idx.map((i) => p.xs[i]!),
    labels: Int32Array.from(idx, (i) => p.labels[i]!),
    weights: Float32Array.from(idx, (i) => p.weights[i]!),
    groups: idx.map((i) => p.groups[i]!),
    target: Uint8Array.from(idx, (i) => p.target[i]!),
  };
}

/** Stratified fold assignment, deterministic for a seed. */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, seed: number): Int32Array {
  const rand = mulberry32(seed);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = byClass.get(labels[i]!) ?? [];
    list.push(i);
    byClass.set(labels[i]!, list);
  }
  const fold = new Int32Array(labels.length);
  for (const list of byClass.values()) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    list.forEach((idx, n) => (fold[idx] = n % k));
  }
  return fold;
}

/** Fits p = sigmoid(a·z + b) to held-out logits by Newton's method. */
export function fitPlatt(z: ArrayLike<number>, y: ArrayLike<number>): PlattCalibration {
  let a = 1;
  let b = 0;
  // Platt's smoothed targets avoid overconfidence on small sets.
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i]!;
  const neg = y.length - pos;
  const tPos = (pos + 1) / (pos + 2);
  const tNeg = 1 / (neg + 2);
  for (let iter = 0; iter < 50; iter++) {
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (let i = 0; i < z.length; i++) {
      const p = sigmoid(a * z[i]! + b);
      const t = y[i]! === 1 ? tPos : tNeg;
      const d = p - t;
      const w = Math.max(p * (1 - p), 1e-9);
      ga += d * z[i]!;
      gb += d;
      haa += w * z[i]! * z[i]!;
      hab += w * z[i]!;
      hbb += w;
    }
    haa += 1e-6;
    hbb += 1e-6;
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-7 && Math.abs(db) < 1e-7) break;
  }
  return { a, b };
}

/**
 * Folds for out-of-fold scores: rows of one group (a company) share a fold, so calibration and
 * thresholds are fitted on scores for unseen companies, as in use; ungrouped rows are stratified.
 */
export function groupedStratifiedFolds(labels: ArrayLike<number>, groups: readonly string[], k: number, seed: number): Int32Array {
  const fold = stratifiedFolds(labels, k, seed);
  const size = new Map<string, number>();
  for (const g of groups) if (g) size.set(g, (size.get(g) ?? 0) + 1);
  if (size.size === 0) return fold;
  const names = [...size.keys()].sort();
  const rand = mulberry32(seed ^ 0x9e3779b9);
  for (let i = names.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [names[i], names[j]] = [names[j]!, names[i]!];
  }
  const foldSize = new Array<number>(k).fill(0);
  for (let i = 0; i < groups.length; i++) if (!groups[i]) foldSize[fold[i]!]!++;
  const foldOf = new Map<string, number>();
  for (const g of names) {
    let best = 0;
    for (let f = 1; f < k; f++) if (foldSize[f]! < foldSize[best]!) best = f;
    foldOf.set(g, best);
    foldSize[best]! += size.get(g)!;
  }
  for (let i = 0; i < groups.length; i++) if (groups[i]) fold[i] = foldOf.get(groups[i]!)!;
  return fold;
}

/**
 * The reflexive threshold for the rule the classifier applies: a self-blame cue, or the head's
 * calibrated probability at or above the threshold. Maximises the reflexive class's F1 on held-out
 * probabilities, smoothed over neighbouring thresholds.
 */
export function reflexiveThreshold(p: ArrayLike<number>, y: ArrayLike<number>, cue: ArrayLike<number>, lo = 0.3, hi = 0.95): number {
  const f1 = (t: number): number => {
    let tp = 0, fp = 0, fn = 0;
    for (let i = 0; i < p.length; i++) {
      const pred = cue[i] === 1 || p[i]! >= t;
      if (pred && y[i] === 1) tp++;
      else if (pred) fp++;
      else if (y[i] === 1) fn++;
    }
    return (2 * tp) / Math.max(1, 2 * tp + fp + fn);
  };
  return bestSmoothedThreshold(f1, lo, hi);
}

/**
 * The threshold in [lo, hi], in steps of 0.01, whose score averaged with its four nearest
 * neighbours (±0.01, ±0.02) is highest: a single lucky threshold on a small set does not win.
 */
function bestSmoothedThreshold(score: (t: number) => number, lo: number, hi: number): number {
  let best = 0.5;
  let bestScore = -1;
  for (let t = lo; t <= hi + 1e-9; t += 0.01) {
    const smooth = (score(t - 0.02) + score(t - 0.01) + score(t) + score(t + 0.01) + score(t + 0.02)) / 5;
    if (smooth > bestScore) [best, bestScore] = [t, smooth];
  }
  return Number(best.toFixed(2));
}

/** Held-out logits for every example of a binary head, by k-fold (grouped where rows have groups). */
export function outOfFoldLogits(p: Prepared, params: HeadParams, features: FeatureOptions, k: number, seed: number): Float64Array {
  const folds = groupedStratifiedFolds(p.labels, p.groups, k, seed);
  const z = new Float64Array(p.labels.length);
  for (let f = 0; f < k; f++) {
    const trainIdx: number[] = [];
    const testIdx: number[] = [];
    for (let i = 0; i < folds.length; i++) (folds[i] === f ? testIdx : trainIdx).push(i);
    const w = trainHead(subset(p, trainIdx), 2, params, features, seed + f);
    for (const i of testIdx) z[i] = linearScore(w, 0, p.xs[i]!);
  }
  return z;
}

/** Temperature minimising held-out log-loss for a softmax head (grid search; one parameter). */
function fitTemperature(w: LinearWeights, p: Prepared): number {
  const classes = w.bias.length;
  const scores = p.xs.map((x) => Array.from({ length: classes }, (_, c) => linearScore(w, c, x)));
  let best = 1;
  let bestLoss = Infinity;
  for (let t = 0.5; t <= 3.001; t += 0.05) {
    let loss = 0;
    scores.forEach((s, i) => {
      const max = Math.max(...s);
      let sum = 0;
      for (const v of s) sum += Math.exp((v - max) / t);
      loss -= (s[p.labels[i]!]! - max) / t - Math.log(sum);
    });
    if (loss < bestLoss) [best, bestLoss] = [t, loss];
  }
  return Number(best.toFixed(2));
}

/** Fills the stacked sentiment features of every vector from a trained sentiment head. */
export function stackSentiment(sentimentW: LinearWeights, p: Prepared, temperature = 1): void {
  const probs = new Float64Array(3);
  for (const x of p.xs) {
    setStackedSentiment(x.dense, [0, 0, 0]);
    softmaxScores(sentimentW, x, probs, temperature);
    setStackedSentiment(x.dense, probs);
  }
}

/**
 * The decision threshold on calibrated probabilities that maximises macro-F1 on held-out
 * predictions, smoothed over neighbouring thresholds so one lucky point does not decide.
 */
export function macroF1Threshold(p: ArrayLike<number>, y: ArrayLike<number>, lo = 0.3, hi = 0.7): number {
  const macro = (t: number): number => {
    let tp = 0, fp = 0, fn = 0, tn = 0;
    for (let i = 0; i < p.length; i++) {
      const pred = p[i]! >= t;
      if (pred && y[i] === 1) tp++;
      else if (pred) fp++;
      else if (y[i] === 1) fn++;
      else tn++;
    }
    return ((2 * tp) / Math.max(1, 2 * tp + fp + fn) + (2 * tn) / Math.max(1, 2 * tn + fn + fp)) / 2;
  };
  return bestSmoothedThreshold(macro, lo, hi);
}

function binaryLabels(labels: Int32Array): number[] {
  return Array.from(labels, (y) => (y === 1 ? 1 : 0));
}

export interface TrainResult {
  model: ClassifierModel;
  /** Out-of-fold calibrated complaint probabilities (same order as data.complaint). */
  complaintOof: Float64Array;
}

/**
 * Heads whose training data does not change between runs of one evaluation (sentiment and
 * satisfaction: no complaint tweets in them), kept so cross-validation folds train them once.
 * The caller owns it and must not share it between different data.
 */
export interface TrainCache {
  sentiment?: { w: LinearWeights; temperature: number; examples: Record<string, number> };
  satisfaction?: { w: LinearWeights; examples: Record<string, number> };
}

function counts(labels: Int32Array): Record<string, number> {
  const c: Record<string, number> = {};
  for (const y of labels) c[y] = (c[y] ?? 0) + 1;
  return c;
}

/** Trains all heads and the calibration on the given data. */
export function trainModel(
  data: TrainingData,
  params: TrainingParams = DEFAULT_TRAINING_PARAMS,
  version = 'dev',
  cache: TrainCache = {},
): TrainResult {
  const started = Date.now();
  const f = params.features;
  const complaint = vectorize(data.complaint, f);
  const intent = vectorize(data.intent, f);
  const reflexive = vectorize(data.reflexive, f);

  if (!cache.sentiment) {
    const sentiment = vectorize(data.sentiment, f);
    // Sentiment temperature from a 10 % hold-out, then the head is retrained on everything.
    const folds = stratifiedFolds(sentiment.labels, 10, params.seed);
    const fitIdx: number[] = [];
    const holdIdx: number[] = [];
    for (let i = 0; i < folds.length; i++) (folds[i] === 0 ? holdIdx : fitIdx).push(i);
    const sentimentPart = trainHead(subset(sentiment, fitIdx), 3, params.sentiment, f, params.seed);
    const temperature = fitTemperature(sentimentPart, subset(sentiment, holdIdx));
    cache.sentiment = { w: trainHead(sentiment, 3, params.sentiment, f, params.seed), temperature, examples: counts(sentiment.labels) };
  }
  const { w: sentimentW, temperature } = cache.sentiment;

  // Complaint, intent and satisfaction see the sentiment head's output as features (stacking).
  // The sentiment data never includes their texts, so these scores are out-of-sample.
  for (const p of [complaint, intent, reflexive]) stackSentiment(sentimentW, p, temperature);
  if (!cache.satisfaction) {
    const satisfaction = vectorize(data.satisfaction, f);
    stackSentiment(sentimentW, satisfaction, temperature);
    cache.satisfaction = { w: trainHead(satisfaction, 3, params.satisfaction, f, params.seed), examples: counts(satisfaction.labels) };
  }
  const satisfactionW = cache.satisfaction.w;

  const complaintW = trainHead(complaint, 2, params.complaint, f, params.seed);
  const complaintZ = outOfFoldLogits(complaint, params.complaint, f, params.calibrationFolds, params.seed);
  // Calibrated on the rows the model is for (company-directed tweets), as the threshold is.
  const isTarget = (_: unknown, i: number): boolean => complaint.target[i] === 1;
  const complaintCal = fitPlatt(complaintZ.filter(isTarget), binaryLabels(complaint.labels).filter(isTarget));
  const complaintOof = Float64Array.from(complaintZ, (z) => sigmoid(complaintCal.a * z + complaintCal.b));

  const intentW = trainHead(intent, 2, params.intent, f, params.seed);
  const intentZ = outOfFoldLogits(intent, params.intent, f, params.calibrationFolds, params.seed);
  const intentCal = fitPlatt(intentZ, binaryLabels(intent.labels));
  // Same rule as the classifier: an explicit ask floors the instrumental probability.
  const askSlot = DENSE_FEATURES.indexOf('cue_ask');
  const intentOof = Float64Array.from(intentZ, (z, i) => {
    const p = sigmoid(intentCal.a * z + intentCal.b);
    return intent.xs[i]!.dense[askSlot]! > 0 ? Math.max(p, EXPLICIT_ASK_FLOOR) : p;
  });

  // Reflexive blame: few examples, so its threshold is fitted on out-of-fold probabilities.
  const reflexiveW = trainHead(reflexive, 2, params.reflexive, f, params.seed);
  const reflexiveZ = outOfFoldLogits(reflexive, params.reflexive, f, params.calibrationFolds, params.seed);
  const reflexiveCal = fitPlatt(reflexiveZ, binaryLabels(reflexive.labels));
  const reflexiveOof = Float64Array.from(reflexiveZ, (z) => sigmoid(reflexiveCal.a * z + reflexiveCal.b));

  const model: ClassifierModel = {
    format: MODEL_FORMAT,
    version,
    createdAt: new Date().toISOString(),
    features: f,
    denseFeatures: [...DENSE_FEATURES],
    heads: {
      complaint: serializeLinear(complaintW, f.hashBits),
      sentiment: serializeLinear(sentimentW, f.hashBits),
      intent: serializeLinear(intentW, f.hashBits),
      satisfaction: serializeLinear(satisfactionW, f.hashBits),
      reflexive: serializeLinear(reflexiveW, f.hashBits),
    },
    calibration: { complaint: complaintCal, intent: intentCal, reflexive: reflexiveCal, sentimentTemperature: temperature },
    thresholds: {
      // Tuned on the rows the model is for (company-directed tweets), not the easy random ones.
      complaint: macroF1Threshold(
        complaintOof.filter(isTarget),
        binaryLabels(complaint.labels).filter(isTarget),
      ),
      intent: macroF1Threshold(intentOof, binaryLabels(intent.labels)),
      // Fitted on labelled complaints only (not the distant ostensive reviews), with the cues as in use.
      reflexive: reflexiveThreshold(
        reflexiveOof.filter((_, i) => reflexive.target[i] === 1),
        binaryLabels(reflexive.labels).filter((_, i) => reflexive.target[i] === 1),
        data.reflexive.filter((r) => r.target !== false).map((r) => (reflexiveCues(analyze(r.text)).length > 0 ? 1 : 0)),
      ),
    },
    training: {
      params,
      examples: {
        complaint: counts(complaint.labels),
        sentiment: cache.sentiment.examples,
        intent: counts(intent.labels),
        satisfaction: cache.satisfaction.examples,
        reflexive: counts(reflexive.labels),
      },
      durationMs: Date.now() - started,
    },
  };
  return { model, complaintOof };
}
