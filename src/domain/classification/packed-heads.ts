import type { FeatureVector } from './features.ts';
import type { LinearWeights } from './linear-model.ts';

/**
 * All heads' hashed weights interleaved in one array (index × rows + row), so each feature of a
 * text costs one cache line for every head instead of one cache miss per head. Hashed partial sums
 * are computed once per text; dense parts are added per head, after stacking has filled them.
 */
export class PackedHeads<H extends string> {
  private readonly rows: number;
  private readonly packed: Float32Array;
  private readonly dense: Float64Array[] = [];
  private readonly bias: number[] = [];
  private readonly offset: Record<H, number>;
  private readonly sums: Float64Array;

  constructor(heads: Record<H, LinearWeights>) {
    const names = Object.keys(heads) as H[];
    this.offset = {} as Record<H, number>;
    let rows = 0;
    for (const name of names) {
      this.offset[name] = rows;
      rows += heads[name].bias.length;
    }
    this.rows = rows;
    const size = heads[names[0]!].hashed[0]!.length;
    this.packed = new Float32Array(size * rows);
    for (const name of names) {
      const w = heads[name];
      for (let c = 0; c < w.bias.length; c++) {
        const row = this.offset[name] + c;
        const h = w.hashed[c]!;
        for (let i = 0; i < size; i++) this.packed[i * rows + row] = h[i]!;
        this.dense[row] = w.dense[c]!;
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
      return;
    }
    for (let k = 0; k < idx.length; k++) {
      const base = idx[k]! * rows;
      const v = val[k]!;
      for (let r = 0; r < rows; r++) sums[r] = sums[r]! + packed[base + r]! * v;
    }
  }

  /** The linear score of output `c` of head `name` for the vector last passed to `load`. */
  score(name: H, c: number, x: FeatureVector): number {
    const row = this.offset[name] + c;
    const d = this.dense[row]!;
    let z = this.sums[row]! + this.bias[row]!;
    for (let k = 0; k < d.length; k++) z += d[k]! * x.dense[k]!;
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
