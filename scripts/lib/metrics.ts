/** Evaluation metrics and their markdown tables, for scripts/eval-classifier.ts. */

export interface Report {
  labels: string[];
  matrix: number[][];
  perClass: { label: string; precision: number; recall: number; f1: number; support: number }[];
  macroF1: number;
  accuracy: number;
  n: number;
}

/** Per-class precision, recall and F1; rows whose gold label is not in `labels` are ignored. */
export function evaluate(labels: string[], gold: readonly string[], pred: readonly string[], predLabels = labels): Report {
  const matrix = labels.map(() => predLabels.map(() => 0));
  gold.forEach((g, i) => {
    const r = labels.indexOf(g);
    const c = predLabels.indexOf(pred[i]!);
    if (r >= 0 && c >= 0) matrix[r]![c]!++;
  });
  const perClass = labels.map((label) => {
    let tp = 0, fp = 0, fn = 0;
    gold.forEach((g, i) => {
      if (!labels.includes(g)) return;
      if (g === label && pred[i] === label) tp++;
      else if (pred[i] === label) fp++;
      else if (g === label) fn++;
    });
    const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
    const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support: tp + fn };
  });
  const scored = gold.filter((g) => labels.includes(g)).length;
  const correct = gold.filter((g, i) => labels.includes(g) && g === pred[i]).length;
  return {
    labels,
    matrix,
    perClass,
    macroF1: perClass.reduce((s, c) => s + c.f1, 0) / perClass.length,
    accuracy: scored > 0 ? correct / scored : 0,
    n: scored,
  };
}

export const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');

export function classOf(r: Report, label: string): Report['perClass'][number] {
  return r.perClass.find((c) => c.label === label)!;
}

export function reportMarkdown(title: string, r: Report, predLabels = r.labels, note = ''): string {
  const lines = [`### ${title}`, ''];
  if (note) lines.push(note, '');
  lines.push('| class | precision | recall | F1 | support |', '|---|---:|---:|---:|---:|');
  for (const c of r.perClass) lines.push(`| ${c.label} | ${f3(c.precision)} | ${f3(c.recall)} | ${f3(c.f1)} | ${c.support} |`);
  lines.push(`| **macro** | | | **${f3(r.macroF1)}** | ${r.n} |`, '', `Accuracy ${f3(r.accuracy)}.`, '');
  lines.push('Confusion matrix (rows: truth, columns: prediction):', '');
  lines.push(`| truth \\ predicted | ${predLabels.join(' | ')} |`, `|---|${predLabels.map(() => '---:').join('|')}|`);
  r.labels.forEach((l, i) => lines.push(`| ${l} | ${r.matrix[i]!.join(' | ')} |`));
  lines.push('');
  return lines.join('\n');
}

/** Two reports of the same classes side by side: held-out first, cross-validation second. */
export function sideBySideMarkdown(title: string, heldOut: Report, cv: Report, note = ''): string {
  const lines = [`### ${title}`, ''];
  if (note) lines.push(note, '');
  lines.push(
    '| class | held-out P | held-out R | held-out F1 | n | CV P | CV R | CV F1 | n |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  heldOut.perClass.forEach((h, i) => {
    const c = cv.perClass[i]!;
    lines.push(`| ${h.label} | ${f3(h.precision)} | ${f3(h.recall)} | ${f3(h.f1)} | ${h.support} | ${f3(c.precision)} | ${f3(c.recall)} | ${f3(c.f1)} | ${c.support} |`);
  });
  lines.push(`| **macro** | | | **${f3(heldOut.macroF1)}** | ${heldOut.n} | | | **${f3(cv.macroF1)}** | ${cv.n} |`, '');
  lines.push(`Accuracy: held-out ${f3(heldOut.accuracy)}, CV ${f3(cv.accuracy)}.`, '');
  return lines.join('\n');
}

function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[order[k]![1]] = avg;
    i = j + 1;
  }
  return r;
}

/** Spearman's rank correlation with average ranks for ties. */
export function spearman(x: readonly number[], y: readonly number[]): number {
  const rx = ranks(x);
  const ry = ranks(y);
  const n = x.length;
  const mx = rx.reduce((s, v) => s + v, 0) / n;
  const my = ry.reduce((s, v) => s + v, 0) / n;
  let num = 0, dx = 0, dy = 0;
  for (let i = 0; i < n; i++) {
    num += (rx[i]! - mx) * (ry[i]! - my);
    dx += (rx[i]! - mx) ** 2;
    dy += (ry[i]! - my) ** 2;
  }
  return num / Math.sqrt(dx * dy);
}

interface CalibrationRow { lo: number; hi: number; n: number; meanConfidence: number; accuracy: number }

export function calibrationTable(conf: readonly number[], correct: readonly boolean[]): { rows: CalibrationRow[]; ece: number } {
  const edges = [0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001];
  const rows: CalibrationRow[] = [];
  let ece = 0;
  for (let b = 0; b < edges.length - 1; b++) {
    const lo = edges[b]!;
    const hi = edges[b + 1]!;
    const idx = conf.map((c, i) => (c >= lo && c < hi ? i : -1)).filter((i) => i >= 0);
    if (idx.length === 0) continue;
    const meanConfidence = idx.reduce((s, i) => s + conf[i]!, 0) / idx.length;
    const accuracy = idx.filter((i) => correct[i]).length / idx.length;
    ece += (idx.length / conf.length) * Math.abs(meanConfidence - accuracy);
    rows.push({ lo, hi: Math.min(hi, 1), n: idx.length, meanConfidence, accuracy });
  }
  return { rows, ece };
}

export function calibrationMarkdown(title: string, t: { rows: CalibrationRow[]; ece: number }): string {
  const lines = [`### ${title}`, '', '| confidence | items | mean confidence | observed accuracy |', '|---|---:|---:|---:|'];
  for (const r of t.rows) lines.push(`| ${r.lo.toFixed(2)}–${r.hi.toFixed(2)} | ${r.n} | ${f3(r.meanConfidence)} | ${f3(r.accuracy)} |`);
  lines.push('', `Expected calibration error: ${f3(t.ece)}.`, '');
  return lines.join('\n');
}
