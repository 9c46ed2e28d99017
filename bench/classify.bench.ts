/**
 * `npm run bench:classify`: texts per second for the full classifier (tokenize, lexicon, cues,
 * hashed features, five heads, rules) on short texts, on one core (this process's main thread),
 * next to AFINN (the `sentiment` package) on the same texts in the same run: machines differ,
 * the ratio travels. Texts are generated from templates with varying words and numbers so caches
 * see realistic churn.
 */
import Sentiment from 'sentiment';
import { loadClassifier } from '../src/domain/classification/index.ts';
import { makeTexts } from './bench-texts.ts';

/** Earshot's speed as a share of AFINN's, at or above which the bench passes. */
const TARGET_RATIO = 0.25;

function main(): void {
  const t0 = performance.now();
  const classifier = loadClassifier();
  const loadMs = performance.now() - t0;
  const texts = makeTexts(50_000);
  const avgChars = texts.reduce((s, t) => s + t.length, 0) / texts.length;

  // Warm-up: JIT and stem cache.
  for (let i = 0; i < 20_000; i++) classifier.classify({ text: texts[i % texts.length]! });

  const afinn = new Sentiment();
  for (let i = 0; i < 20_000; i++) afinn.analyze(texts[i % texts.length]!);

  // The two alternate every 1,000 texts, so a busy neighbour slows both alike.
  const rounds = 5;
  const CHUNK = 1_000;
  const rates: number[] = [];
  const afinnRates: number[] = [];
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    let ours = 0;
    let theirs = 0;
    for (let from = 0; from < texts.length; from += CHUNK) {
      const to = Math.min(texts.length, from + CHUNK);
      let start = performance.now();
      for (let i = from; i < to; i++) sink += classifier.classify({ text: texts[i]! }).confidence;
      ours += performance.now() - start;
      start = performance.now();
      for (let i = from; i < to; i++) sink += afinn.analyze(texts[i]!).score;
      theirs += performance.now() - start;
    }
    rates.push(texts.length / (ours / 1000));
    afinnRates.push(texts.length / (theirs / 1000));
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');
  const ours = median(rates);
  const theirs = median(afinnRates);
  // Each round timed both on the same chunks at the same moments: the median of the rounds' ratios.
  const ratio = median(rates.map((r, i) => r / afinnRates[i]!));
  process.stdout.write(
    [
      `model ${classifier.modelVersion} loaded in ${loadMs.toFixed(0)} ms`,
      `${texts.length} short texts per round (mean ${avgChars.toFixed(0)} chars), ${rounds} rounds each, one core`,
      `earshot classify: ${fmt(ours)} texts/s (median; min ${fmt(Math.min(...rates))}, max ${fmt(Math.max(...rates))})`,
      `AFINN (sentiment): ${fmt(theirs)} texts/s (median; min ${fmt(Math.min(...afinnRates))}, max ${fmt(Math.max(...afinnRates))})`,
      `ratio ${ratio.toFixed(2)}× AFINN; target ≥ ${TARGET_RATIO}×: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}`,
      '',
    ].join('\n'),
  );
  if (Number.isNaN(sink)) process.stdout.write('unreachable\n');
}

main();
