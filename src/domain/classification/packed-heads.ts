import type { FeatureVector } from './features.ts';
import type { LinearWeights } from './linear-model.ts';

/**
 * All heads' hashed weights interleaved in one array (index × rows + row), so each feature of a
 * text costs one cache line for every head instead of one cache miss per head. Dense weights are
 * interleaved the same way. `load` computes every row's hashed sum, bias and dense sum once per
 * text, skipping zero dense features; only the "late" dense slots (filled in after `load`, by
 * stacking) are added per score. Each row adds its terms in the same order as `linearScore`'s
 * hashed-then-dense loop, so scores are identical to scoring the heads one by one.
 */
export class PackedHeads<H extends string> {
  private readonly rows: number;
  private readonly packed: Float32Array;
  /** Dense weights, feature × rows + row. */
  private readonly dense: Float64Array;
  private readonly denseCount: number;
  /** Dense slots set after `load` (ascending), and whether each slot is one of them. */
  private readonly late: readonly number[];
  private readonly isLate: Uint8Array;
  private readonly bias: Float64Array;
  private readonly offset: Record<H, number>;
  private readonly sums: Float64Array;

  constructor(heads: Record<H, LinearWeights>, lateDense: readonly number[] = []) {
    const names = Object.keys(heads) as H[];
    this.offset = {} as Record<H, number>;
    let rows = 0;
    for (const name of names) {
      this.offset[name] = rows;
      rows += heads[name].bias.length;
    }
    this.rows = rows;
    const size = heads[names[0]!].hashed[0]!.length;
    const denseCount = heads[names[0]!].dense[0]!.length;
    this.packed = new Float32Array(size * rows);
    this.dense = new Float64Array(denseCount * rows);
    this.denseCount = denseCount;
    this.bias = new Float64Array(rows);
    this.late = [...lateDense].sort((a, b) => a - b);
    this.isLate = new Uint8Array(denseCount);
    for (const k of this.late) this.isLate[k] = 1;
    for (const name of names) {
      const w = heads[name];
      for (let c = 0; c < w.bias.length; c++) {
        const row = this.offset[name] + c;
        const h = w.hashed[c]!;
        for (let i = 0; i < size; i++) this.packed[i * rows + row] = h[i]!;
        const d = w.dense[c]!;
        for (let k = 0; k < denseCount; k++) this.dense[k * rows + row] = d[k]!;
        this.bias[row] = w.bias[c]!;
      }
    }
    this.sums = new Float64Array(rows);
  }

  /** Computes every head's hashed partial sum for `x`; call once per text before `score`. */
  load(x: FeatureVector): void {
    const { idx, val } = x;
    const rows = this.rows;
    const sums = this.sums;
    const packed = this.packed;
    sums.fill(0);
    if (rows === 8) {
      // The shipped model has 8 rows: unrolled, the sums stay in registers.
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      for (let k = 0; k < idx.length; k++) {
        const b = idx[k]! << 3;
        const v = val[k]!;
        s0 += packed[b]! * v;
        s1 += packed[b + 1]! * v;
        s2 += packed[b + 2]! * v;
        s3 += packed[b + 3]! * v;
        s4 += packed[b + 4]! * v;
        s5 += packed[b + 5]! * v;
        s6 += packed[b + 6]! * v;
        s7 += packed[b + 7]! * v;
      }
      sums[0] = s0; sums[1] = s1; sums[2] = s2; sums[3] = s3; sums[4] = s4; sums[5] = s5; sums[6] = s6; sums[7] = s7;
    } else {
      for (let k = 0; k < idx.length; k++) {
        const base = idx[k]! * rows;
        const v = val[k]!;
        for (let r = 0; r < rows; r++) sums[r] = sums[r]! + packed[base + r]! * v;
      }
    }
    const bias = this.bias;
    for (let r = 0; r < rows; r++) sums[r] = sums[r]! + bias[r]!;
    // Early dense features in slot order; a zero feature adds nothing (and the late ones come in `score`).
    const dense = this.dense;
    const xd = x.dense;
    const isLate = this.isLate;
    for (let k = 0; k < this.denseCount; k++) {
      const v = xd[k]!;
      if (v === 0 || isLate[k]) continue;
      const base = k * rows;
      for (let r = 0; r < rows; r++) sums[r] = sums[r]! + dense[base + r]! * v;
    }
  }

  /** The linear score of output `c` of head `name` for the vector last passed to `load`. */
  score(name: H, c: number, x: FeatureVector): number {
    const row = this.offset[name] + c;
    let z = this.sums[row]!;
    for (const k of this.late) z += this.dense[k * this.rows + row]! * x.dense[k]!;
    return z;
  }

  softmax(name: H, x: FeatureVector, out: Float64Array, temperature = 1): Float64Array {
    let max = -Infinity;
    for (let c = 0; c < out.length; c++) {
      out[c] = this.score(name, c, x) / temperature;
      if (out[c]! > max) max = out[c]!;
    }
    let sum = 0;
    for (let c = 0; c < out.length; c++) {
      out[c] = Math.exp(out[c]! - max);
      sum += out[c]!;
    }
    for (let c = 0; c < out.length; c++) out[c] = out[c]! / sum;
    return out;
  }
}
