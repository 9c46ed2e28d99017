/**
 * `npm run bench:classify`: texts per second for the full classifier (tokenize, lexicon, cues,
 * hashed features, four heads, rules) on short texts, on one core (this process's main thread).
 * Texts are generated from templates with varying words and numbers so caches see realistic churn.
 */
import { loadClassifier } from '../src/domain/classification/index.ts';

const TEMPLATES = [
  '@airline flight {n} delayed again, {w} hours on the tarmac. thanks for nothing',
  'Great, another {n} hour delay. Love it {e}',
  'Not bad at all, the {w} was lovely and the staff went above and beyond',
  '@shop where is my order #{n}? I was told {w} days and still nothing. Please refund me',
  'I forgot my password and locked myself out of my account, can you help?',
  'Highly recommend the {w}, tell your friends! {e}',
  'What time does the {w} store open on Sunday?',
  'The {w} fits perfectly, soft fabric and great price',
  'Worst customer service ever, nobody answers the phone after {n} calls',
  'El servicio fue muy malo y nadie me ayudó con el pedido',
  '@support app keeps crashing when I open {w}, version {n}',
  'thank you so much for the quick reply, all sorted now {e}',
  'my {w} arrived broken and the box was soaked',
  'Is the {w} available in size {n}?',
  'Meh. It is ok I guess, nothing special about the {w}',
  'Absolutely love this {w}!!! exceeded my expectations',
];
const WORDS = ['dress', 'coffee', 'seat', 'battery', 'crew', 'pilot', 'parcel', 'jacket', 'lounge', 'update', 'menu', 'driver'];
const EMOJI = ['😡', '😍', '👍', '🙄', '😭', ':)', ':(', ''];

function makeTexts(count: number): string[] {
  const out: string[] = [];
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  for (let i = 0; i < count; i++) {
    const t = TEMPLATES[rand(TEMPLATES.length)]!;
    out.push(
      t
        .replace('{n}', String(rand(500)))
        .replace('{w}', WORDS[rand(WORDS.length)]!)
        .replace('{e}', EMOJI[rand(EMOJI.length)]!),
    );
  }
  return out;
}

function main(): void {
  const t0 = performance.now();
  const classifier = loadClassifier();
  const loadMs = performance.now() - t0;
  const texts = makeTexts(50_000);
  const avgChars = texts.reduce((s, t) => s + t.length, 0) / texts.length;

  // Warm-up: JIT and stem cache.
  for (let i = 0; i < 20_000; i++) classifier.classify({ text: texts[i % texts.length]! });

  const rounds = 5;
  const rates: number[] = [];
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (const text of texts) sink += classifier.classify({ text }).confidence;
    rates.push(texts.length / ((performance.now() - start) / 1000));
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)]!;
  process.stdout.write(
    [
      `model ${classifier.modelVersion} loaded in ${loadMs.toFixed(0)} ms`,
      `${texts.length} short texts per round (mean ${avgChars.toFixed(0)} chars), ${rounds} rounds, one core`,
      `classify: ${Math.round(median).toLocaleString('en-US')} texts/s (median; min ${Math.round(rates[0]!).toLocaleString('en-US')}, max ${Math.round(rates[rates.length - 1]!).toLocaleString('en-US')})`,
      `target ≥ 50,000 texts/s: ${median >= 50_000 ? 'met' : 'NOT met'}`,
      '',
    ].join('\n'),
  );
  if (Number.isNaN(sink)) process.stdout.write('unreachable\n');
}

main();
