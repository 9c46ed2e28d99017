import { describe, expect, it } from 'vitest';
import { analyze, analyzeTokens, FeatureExtractor, copyVector, DEFAULT_FEATURE_OPTIONS, DENSE_COUNT } from '../../../src/domain/classification/features.ts';
import { detectLanguage } from '../../../src/domain/classification/language.ts';
import { scoreTokens } from '../../../src/domain/classification/lexicon-score.ts';
import {
  deserializeLinear,
  linearScore,
  serializeLinear,
  sigmoid,
  trainLinear,
} from '../../../src/domain/classification/linear-model.ts';
import { fitPlatt, macroF1Threshold, stratifiedFolds } from '../../../src/domain/classification/training.ts';
import { tokenize } from '../../../src/domain/classification/tokenize.ts';

describe('tokenize', () => {
  it('folds URLs, mentions and numbers, keeps emoji, emoticons and punctuation that matters', () => {
    const t = tokenize("@United Flight 123 delayed!!! Don't care :( 😡 https://t.co/x #fail");
    expect(t.words).toEqual(['<user>', 'flight', '<num>', 'delayed', '!', 'dont', 'care', ':(', '😡', '<url>', 'fail']);
    expect(t.startsWithMention).toBe(true);
    expect(t.handles).toEqual(['united']);
    expect(t.hashtag[t.words.length - 1]).toBe(true);
    expect(t.stems[3]).toBe('delai');
  });

  it('spots customer-service handles', () => {
    expect(tokenize('@AmazonHelp where is it').serviceHandle).toBe(true);
    expect(tokenize('@bob where is it').serviceHandle).toBe(false);
  });
});

describe('word vocabulary', () => {
  it('gives the same analysis for tokens made before the vocabulary started a new epoch', () => {
    const text = "@shop still not received my order, 3rd time asking. I can't believe it, please refund me";
    const early = tokenize(text);
    // 200,000 new words fill the vocabulary: the next text starts a new epoch, and the early
    // tokens' ids no longer index the per-word caches.
    for (let batch = 0; batch < 201; batch++) {
      tokenize(Array.from({ length: 1000 }, (_, k) => `zq${batch}x${k}`).join(' '));
    }
    const fresh = tokenize(text);
    expect(fresh.epoch).toBeGreaterThan(early.epoch);
    const ex = new FeatureExtractor();
    const before = copyVector(ex.extract(analyzeTokens(early)));
    const after = copyVector(ex.extract(analyzeTokens(fresh)));
    expect(Array.from(before.idx)).toEqual(Array.from(after.idx));
    expect(Array.from(before.val)).toEqual(Array.from(after.val));
    expect(Array.from(before.dense)).toEqual(Array.from(after.dense));
    expect(analyzeTokens(early).cues).toEqual(analyzeTokens(fresh).cues);
    expect(detectLanguage(text, early)).toEqual(detectLanguage(text, fresh));
  });
});

describe('lexicon scoring', () => {
  it('applies negation within a short scope and intensifiers', () => {
    expect(scoreTokens(['not', 'bad', 'at', 'all']).score).toBeGreaterThan(0);
    expect(scoreTokens(['not', 'good']).score).toBeLessThan(0);
    expect(scoreTokens(['very', 'good']).score).toBeGreaterThan(scoreTokens(['good']).score);
  });

  it('scores emoji and domain terms', () => {
    expect(scoreTokens(['😡']).score).toBeLessThan(0);
    expect(scoreTokens(['delayed']).score).toBeLessThan(0);
  });

  it('flips praise words in sarcasm', () => {
    const a = analyze('great, another 3 hour delay');
    expect(a.sarcasm).toBe(true);
    expect(a.lexicon.score).toBeLessThan(0);
  });
});

describe('features', () => {
  it('produces hashed indices within range and the expected dense width', () => {
    const ex = new FeatureExtractor(DEFAULT_FEATURE_OPTIONS);
    const v = copyVector(ex.extract(analyze('The dress fits perfectly and the fabric is soft')));
    expect(v.dense).toHaveLength(DENSE_COUNT);
    expect(v.idx.length).toBeGreaterThan(10);
    for (const i of v.idx) expect(i).toBeLessThan(1 << DEFAULT_FEATURE_OPTIONS.hashBits);
  });
});

describe('logistic regression', () => {
  const ex = new FeatureExtractor({ ...DEFAULT_FEATURE_OPTIONS, hashBits: 12 });
  const pos = ['refund my order please', 'my order never arrived', 'where is my refund', 'order is late again'];
  const neg = ['lovely sunny day today', 'what a great match', 'sunny weekend ahead', 'great match today'];
  const xs = [...pos, ...neg].map((t) => copyVector(ex.extract(analyze(t))));
  const labels = [...pos.map(() => 1), ...neg.map(() => 0)];

  it('learns a separable toy problem and survives serialization', () => {
    const w = trainLinear(xs, labels, 2, 12, DENSE_COUNT, { epochs: 20, l2: 1e-5, learningRate: 0.3, seed: 1 });
    const probe = copyVector(ex.extract(analyze('my refund never arrived')));
    expect(sigmoid(linearScore(w, 0, probe))).toBeGreaterThan(0.5);
    const back = deserializeLinear(serializeLinear(w, 12));
    expect(linearScore(back, 0, probe)).toBeCloseTo(linearScore(w, 0, probe), 3);
  });

  it('is deterministic for a seed', () => {
    const a = trainLinear(xs, labels, 2, 12, DENSE_COUNT, { epochs: 3, l2: 1e-5, learningRate: 0.3, seed: 5 });
    const b = trainLinear(xs, labels, 2, 12, DENSE_COUNT, { epochs: 3, l2: 1e-5, learningRate: 0.3, seed: 5 });
    expect(Array.from(a.bias)).toEqual(Array.from(b.bias));
  });
});

describe('calibration helpers', () => {
  it('fits Platt scaling that shrinks over-confident logits', () => {
    // Logits twice as large as they should be: the fitted slope is about 0.5.
    const z: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const trueLogit = ((i % 41) - 20) / 5;
      z.push(trueLogit * 2);
      y.push(((i * 7919) % 1000) / 1000 < sigmoid(trueLogit) ? 1 : 0);
    }
    const { a } = fitPlatt(z, y);
    expect(a).toBeGreaterThan(0.35);
    expect(a).toBeLessThan(0.7);
  });

  it('picks a threshold and stratifies folds', () => {
    expect(macroF1Threshold([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBeGreaterThanOrEqual(0.3);
    const folds = stratifiedFolds([0, 0, 0, 0, 1, 1, 1, 1], 2, 1);
    expect(folds.filter((f, i) => f === 0 && i < 4)).toHaveLength(2);
  });
});

describe('detectLanguage', () => {
  it.each([
    ['The parcel never arrived and nobody answers', 'en'],
    ['No me llegó el pedido y nadie contesta', 'es'],
    ['Le colis n’est jamais arrivé et personne ne répond', 'fr'],
    ['Das Paket ist nie angekommen und niemand antwortet', 'de'],
    ['Il pacco non è mai arrivato e nessuno risponde', 'it'],
    ['O pacote nunca chegou e ninguém responde', 'pt'],
    ['Het pakket is nooit aangekomen en niemand reageert', 'nl'],
    ['Посылка так и не пришла', 'ru'],
    ['包裹一直没有到', 'zh'],
    ['소포가 도착하지 않았어요', 'ko'],
  ])('%s → %s', (text, lang) => {
    expect(detectLanguage(text).language).toBe(lang);
  });

  it('reads the script from the words, not from URLs or @handles', () => {
    // These three were scored as English: the Latin letters of a link or a handle outnumbered the words'.
    expect(detectLanguage('Привет, как дела? https://example.com/some/long/path/here').language).toBe('ru');
    expect(detectLanguage('東京は今日とても暑いです https://t.co/abcdefghijklmnop').language).toBe('ja');
    expect(detectLanguage('@airline_customer_support спасибо').language).toBe('ru');
    // A script it has no name for is undetermined, not English.
    expect(detectLanguage('Բարեւ, ինչպես ես').language).toBe('und');
  });

  it('stays English on thin evidence', () => {
    for (const text of ['ok', 'la la land', '@zara_es thanks!', '😂😂', 'Bon appetit to the crew, great flight']) {
      expect(detectLanguage(text).language, text).toBe('en');
    }
  });
});
