/**
 * A small logistic-regression implementation over hashed sparse + dense features:
 * binary (one weight vector) or multinomial (one per class), trained with AdaGrad SGD and L2.
 * Stored with 16-bit quantized hashed weights, deflated and base64-encoded.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { FeatureVector } from './features.ts';

export interface LinearWeights {
  /** One row per output: 1 for a binary model (the logit of the positive class), C for softmax. */
  hashed: Float32Array[];
  dense: Float64Array[];
  bias: Float64Array;
}

export interface SerializedLinear {
  outputs: number;
  hashBits: number;
  denseCount: number;
  bias: number[];
  dense: number[][];
  /** Per row: scale and base64(deflateRaw(Int16 little-endian)). */
  hashed: { scale: number; data: string }[];
}

export interface TrainOptions {
  epochs: number;
  /** L2 strength per example step. */
  l2: number;
  learningRate: number;
  /** Weight per class index (binary: [negative, positive]). */
  classWeights?: number[];
  /** Per-example weights (e.g. down-weighting distant-supervision data). */
  sampleWeights?: Float32Array;
  seed: number;
  /** Average the weights over the epochs from this one on (0-based); reduces SGD noise. */
  averageFrom?: number;
}

export function createWeights(outputs: number, hashBits: number, denseCount: number): LinearWeights {
  return {
    hashed: Array.from({ length: outputs }, () => new Float32Array(1 << hashBits)),
    dense: Array.from({ length: outputs }, () => new Float64Array(denseCount)),
    bias: new Float64Array(outputs),
  };
}

export function linearScore(w: LinearWeights, row: number, x: FeatureVector): number {
  const h = w.hashed[row]!;
  const d = w.dense[row]!;
  let z = w.bias[row]!;
  const { idx, val, dense } = x;
  for (let k = 0; k < idx.length; k++) z += h[idx[k]!]! * val[k]!;
  for (let k = 0; k < dense.length; k++) z += d[k]! * dense[k]!;
  return z;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Softmax of the linear scores, written into `out`. */
export function softmaxScores(w: LinearWeights, x: FeatureVector, out: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (let c = 0; c < w.bias.length; c++) {
    out[c] = linearScore(w, c, x) / temperature;
    if (out[c]! > max) max = out[c]!;
  }
  let sum = 0;
  for (let c = 0; c < w.bias.length; c++) {
    out[c] = Math.exp(out[c]! - max);
    sum += out[c]!;
  }
  for (let c = 0; c < w.bias.length; c++) out[c] = out[c]! / sum;
  return out;
}

/** Deterministic PRNG so training is reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(n: number, rand: () => number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/**
 * Trains a binary (outputs = 1, labels 0/1) or softmax (outputs = C, labels 0..C-1) model.
 * AdaGrad per weight; L2 applied to the weights an example touches (the usual sparse shortcut).
 */
export function trainLinear(
  xs: readonly FeatureVector[],
  labels: ArrayLike<number>,
  classes: number,
  hashBits: number,
  denseCount: number,
  opts: TrainOptions,
): LinearWeights {
  const outputs = classes === 2 ? 1 : classes;
  const w = createWeights(outputs, hashBits, denseCount);
  const gh = Array.from({ length: outputs }, () => new Float32Array(1 << hashBits));
  const gd = Array.from({ length: outputs }, () => new Float64Array(denseCount));
  const gb = new Float64Array(outputs);
  const rand = mulberry32(opts.seed);
  const probs = new Float64Array(outputs);
  const eps = 1e-8;
  const lr = opts.learningRate;
  const avg = opts.averageFrom !== undefined && opts.averageFrom < opts.epochs ? createWeights(outputs, hashBits, denseCount) : null;
  let snapshots = 0;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const order = shuffled(xs.length, rand);
    for (let oi = 0; oi < order.length; oi++) {
      const i = order[oi]!;
      const x = xs[i]!;
      const y = labels[i]!;
      const weight = (opts.classWeights?.[y] ?? 1) * (opts.sampleWeights?.[i] ?? 1);
      if (outputs === 1) probs[0] = sigmoid(linearScore(w, 0, x));
      else softmaxScores(w, x, probs);
      for (let c = 0; c < outputs; c++) {
        const target = outputs === 1 ? y : y === c ? 1 : 0;
        const g = (probs[c]! - target) * weight;
        const h = w.hashed[c]!;
        const hg = gh[c]!;
        for (let k = 0; k < x.idx.length; k++) {
          const j = x.idx[k]!;
          const grad = g * x.val[k]! + opts.l2 * h[j]!;
          hg[j] = hg[j]! + grad * grad;
          h[j] = h[j]! - (lr * grad) / Math.sqrt(hg[j]! + eps);
        }
        const d = w.dense[c]!;
        const dg = gd[c]!;
        for (let k = 0; k < x.dense.length; k++) {
          const xv = x.dense[k]!;
          if (xv === 0) continue;
          const grad = g * xv + opts.l2 * d[k]!;
          dg[k] = dg[k]! + grad * grad;
          d[k] = d[k]! - (lr * grad) / Math.sqrt(dg[k]! + eps);
        }
        gb[c] = gb[c]! + g * g;
        w.bias[c] = w.bias[c]! - (lr * g) / Math.sqrt(gb[c]! + eps);
      }
    }
    if (avg && epoch >= opts.averageFrom!) {
      snapshots++;
      for (let c = 0; c < outputs; c++) {
        const ah = avg.hashed[c]!, wh = w.hashed[c]!, ad = avg.dense[c]!, wd = w.dense[c]!;
        for (let j = 0; j < ah.length; j++) ah[j] = ah[j]! + wh[j]!;
        for (let j = 0; j < ad.length; j++) ad[j] = ad[j]! + wd[j]!;
        avg.bias[c] = avg.bias[c]! + w.bias[c]!;
      }
    }
  }
  if (avg && snapshots > 0) {
    for (let c = 0; c < outputs; c++) {
      const ah = avg.hashed[c]!, ad = avg.dense[c]!;
      for (let j = 0; j < ah.length; j++) ah[j] = ah[j]! / snapshots;
      for (let j = 0; j < ad.length; j++) ad[j] = ad[j]! / snapshots;
      avg.bias[c] = avg.bias[c]! / snapshots;
    }
    return avg;
  }
  return w;
}

const round = (x: number, digits = 6): number => Number(x.toFixed(digits));

export function serializeLinear(w: LinearWeights, hashBits: number): SerializedLinear {
  return {
    outputs: w.bias.length,
    hashBits,
    denseCount: w.dense[0]?.length ?? 0,
    bias: Array.from(w.bias, (b) => round(b)),
    dense: w.dense.map((d) => Array.from(d, (v) => round(v))),
    hashed: w.hashed.map((h) => {
      let max = 0;
      for (let i = 0; i < h.length; i++) max = Math.max(max, Math.abs(h[i]!));
      const scale = max > 0 ? max / 32767 : 1;
      const q = new Int16Array(h.length);
      for (let i = 0; i < h.length; i++) q[i] = Math.round(h[i]! / scale);
      const bytes = Buffer.from(q.buffer, q.byteOffset, q.byteLength);
      return { scale, data: deflateRawSync(bytes, { level: 9 }).toString('base64') };
    }),
  };
}

export function deserializeLinear(s: SerializedLinear): LinearWeights {
  const size = 1 << s.hashBits;
  return {
    bias: Float64Array.from(s.bias),
    dense: s.dense.map((d) => Float64Array.from(d)),
    hashed: s.hashed.map(({ scale, data }) => {
      const raw = inflateRawSync(Buffer.from(data, 'base64'));
      if (raw.byteLength !== size * 2) throw new Error(`hashed weights: expected ${size * 2} bytes, got ${raw.byteLength}`);
      const q = new Int16Array(size);
      for (let i = 0; i < size; i++) q[i] = raw.readInt16LE(i * 2);
      const h = new Float32Array(size);
      for (let i = 0; i < size; i++) h[i] = q[i]! * scale;
      return h;
    }),
  };
}
