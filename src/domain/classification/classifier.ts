/**
 * The classifier: one feature extraction per text, four small linear heads, then explainable
 * rules that combine them into the output shape.
 *
 * Category precedence (first match wins):
 *   1. not English            → scored by languages/ when it is a scored language (es, fr, de: see
 *                               EARSHOT_SCORED_LANGUAGES), else not scored: `scored: false`, the detected language,
 *                               category neutral and confidence 0 only as placeholders (reports must count it
 *                               apart, never as neutral)
 *   2. complaint              → complaint, even inside praise: anything that may need action goes to triage
 *                               (but a gripe in clearly positive text that asks for nothing is a mixed
 *                               satisfaction item: "love it, runs a bit small")
 *   3. advocacy               → the author explicitly promotes the brand ("would recommend", "tell your friends"),
 *                               or an NPS of 9–10 with text that is not negative
 *   4. an experience          → satisfaction (with a level: dissatisfied, satisfied or delighted)
 *   5. otherwise              → neutral (a plain question, an announcement, chit-chat)
 * `advocacy` (the flag) is reported whatever the category.
 */
import {
  SENTIMENT_LABELS,
  type Category,
  type Classification,
  type ClassificationInput,
  type Classifier,
  type ComplaintBlame,
  type SatisfactionLevel,
} from './classification.types.ts';
import {
  analyze,
  analyzeTokens,
  DENSE_FEATURES,
  FeatureExtractor,
  setStackedSentiment,
  STACK_NEGATIVE,
  STACK_POSITIVE,
  type FeatureVector,
  type TextAnalysis,
} from './features.ts';
import { detectLanguage } from './language.ts';
import { tokenize } from './tokenize.ts';
import { detectAspects } from './aspects.ts';
import { createLanguageScorer } from './languages/index.ts';
import { reflexiveCues, surfaceCues } from './self-blame.ts';
import { NEGATORS, type CueGroup } from './lexicons.ts';
import { deserializeLinear, linearScore, sigmoid, type LinearWeights } from './linear-model.ts';
import { PackedHeads } from './packed-heads.ts';
import { MODEL_FORMAT, type ClassifierModel, type PlattCalibration } from './model.types.ts';
import { EXPLICIT_ASK_FLOOR } from './training.ts';

/** Text sentiment at or above this probability is "clear": a rating or NPS cannot override it. */
const CLEAR_TEXT = 0.8;
const MAX_CUES = 8;
/** Floor on the instrumental probability when the text explicitly asks for something. */
const EXPLICIT_ASK = EXPLICIT_ASK_FLOOR;
/** Floor on the complaint probability for a self-blamed mishap with a problem or an ask. */
const REFLEXIVE_MISHAP = 0.6;
/** Below this review-trained dissatisfaction probability, a non-instrumental gripe is a mixed review. */
const MIXED_GRIPE = 0.2;

const SATISFACTION_BY_INDEX: readonly SatisfactionLevel[] = ['dissatisfied', 'satisfied', 'delighted'];

/** Short texts whose only sentiment is a directly negated negative: "not bad at all", "no complaints". */
function isNegatedNegativeOnly(a: TextAnalysis): boolean {
  const w = a.tokens.words;
  if (w.length > 8 || a.lexicon.hits.length === 0 || a.cueCounts.question > 0) return false;
  return a.lexicon.hits.every((h, i) => {
    if (!h.negated || h.value <= 0) return false;
    const at = w.indexOf(h.word, i === 0 ? 0 : undefined);
    return at > 0 && NEGATORS.has(w[at - 1]!);
  });
}

/**
 * Outside a message to someone (@mention), a complaint needs something in the text that says so: a
 * negative word, a problem, sarcasm, a question or an ask, a vent, or self-blame. "It arrived on
 * Tuesday" in a survey has none, whatever the heads say. The complaint head learnt from tweets to
 * companies, where context makes bare statements complaints often enough; reviews and survey answers
 * are not that. (Requiring evidence in tweets too cost 0.015 CV macro-F1 there.)
 */
function hasGrievanceEvidence(a: TextAnalysis, selfBlamed: boolean): boolean {
  const c = a.cueCounts;
  return (
    a.tokens.mentions > 0 ||
    selfBlamed || a.sarcasm || a.lexicon.negative < 0 || c.problem > 0 || c.ask > 0 || c.request > 0 || c.question > 0 ||
    c.vent > 0 || c.rhetorical > 0 || a.lexicon.negatedPositive > 0
  );
}

export function calibrate(p: number, c: PlattCalibration): number {
  const z = Math.log(Math.max(p, 1e-9) / Math.max(1 - p, 1e-9));
  return sigmoid(c.a * z + c.b);
}

function addCue(cues: string[], c: string): void {
  if (cues.length < MAX_CUES && !cues.includes(c)) cues.push(c);
}

/** Adds what the text says for the matched cues of the given groups. */
function cuesOf(cues: string[], a: TextAnalysis, g1: CueGroup, g2?: CueGroup, g3?: CueGroup): void {
  // Most texts match none of the groups: find that out without allocating.
  let any = false;
  for (const h of a.cues) if (h.group === g1 || h.group === g2 || h.group === g3) any = true;
  if (!any) return;
  const hits = a.cues.filter((h) => h.group === g1 || h.group === g2 || h.group === g3);
  for (const c of surfaceCues(a, hits)) addCue(cues, c);
}

/** Adds the three strongest lexicon words of the given sign, strongest first (ties: text order). */
function addStrongestWords(cues: string[], a: TextAnalysis, sign: number): void {
  const hits = a.lexicon.hits;
  let last = Infinity;
  let lastAt = -1;
  for (let k = 0; k < 3; k++) {
    let best = -1;
    for (let i = 0; i < hits.length; i++) {
      const v = Math.abs(hits[i]!.value);
      if (Math.sign(hits[i]!.value) !== sign || v > last || (v === last && i <= lastAt)) continue;
      if (best < 0 || v > Math.abs(hits[best]!.value)) best = i;
    }
    if (best < 0) return;
    const h = hits[best]!;
    addWordCue(cues, h.negated ? `not ${h.word}` : h.word);
    last = Math.abs(h.value);
    lastAt = best;
  }
}

/** Whether `word` is `phrase` or, for a single word, one of its space-separated words (without splitting it). */
function hasWord(phrase: string, word: string): boolean {
  if (phrase === word) return true;
  if (word.includes(' ')) return false;
  for (let at = phrase.indexOf(word); at >= 0; at = phrase.indexOf(word, at + 1)) {
    const end = at + word.length;
    if ((at === 0 || phrase.charCodeAt(at - 1) === 32) && (end === phrase.length || phrase.charCodeAt(end) === 32)) return true;
  }
  return false;
}

/** Adds a sentiment word unless a phrase cue already shows it. */
function addWordCue(cues: string[], word: string): void {
  for (const c of cues) if (hasWord(c, word)) return;
  addCue(cues, word);
}

function ratingLevel(rating: number | undefined, nps: number | undefined): SatisfactionLevel | null {
  if (rating !== undefined) {
    if (rating <= 2) return 'dissatisfied';
    if (rating >= 5) return 'delighted';
    if (rating >= 4) return 'satisfied';
  }
  if (nps !== undefined) {
    if (nps <= 6) return 'dissatisfied';
    if (nps >= 9) return 'delighted';
    return 'satisfied';
  }
  return null;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

interface LoadedHeads {
  complaint: LinearWeights;
  sentiment: LinearWeights;
  intent: LinearWeights;
  satisfaction: LinearWeights;
}

/** Raw scores behind a classification, for evaluation and calibration reports. */
export interface ClassifierScores {
  language: string;
  /** Calibrated probability that the text is a complaint. */
  complaint: number;
  /** Calibrated probability that a complaint is instrumental (meaningful for complaints). */
  instrumental: number;
  /** Whether a complaint would be labelled instrumental (probability vs the model's threshold). */
  isInstrumental: boolean;
  reflexiveCues: string[];
  /** Whether a complaint would be labelled reflexive. */
  reflexive: boolean;
  /** Sentiment probabilities: negative, neutral, positive. */
  sentiment: [number, number, number];
  /** Review-trained satisfaction probabilities: dissatisfied, satisfied, delighted. */
  satisfaction: [number, number, number];
}

export interface ClassifierInternals extends Classifier {
  scores(text: string): ClassifierScores;
}

export interface ClassifierOptions {
  /** Languages besides English to score (default: those measured good enough, languages/measured.json). */
  scoredLanguages?: readonly string[];
}

/** Builds a classifier from a parsed model. Pure: no I/O. */
export function createClassifier(model: ClassifierModel, options: ClassifierOptions = {}): Classifier {
  const { modelVersion, classify } = createClassifierInternals(model, options);
  return { modelVersion, classify };
}

/** The classifier plus access to its raw scores (used by the evaluation script). */
export function createClassifierInternals(model: ClassifierModel, options: ClassifierOptions = {}): ClassifierInternals {
  if (model.format !== MODEL_FORMAT) throw new Error(`model format ${String(model.format)} is not ${MODEL_FORMAT}`);
  if (model.denseFeatures.join(',') !== DENSE_FEATURES.join(',')) {
    throw new Error('model was trained with different dense features; retrain it (npm run train)');
  }
  const heads: LoadedHeads = {
    complaint: deserializeLinear(model.heads.complaint),
    sentiment: deserializeLinear(model.heads.sentiment),
    intent: deserializeLinear(model.heads.intent),
    satisfaction: deserializeLinear(model.heads.satisfaction),
  };
  // The four heads every text needs are packed (8 rows: the fast path); the reflexive head is
  // scored on its own, only for texts where blame can matter. The stacked slots are filled after
  // the sentiment head has run, so they are added per score.
  const packed = new PackedHeads<keyof LoadedHeads>(heads, [STACK_NEGATIVE, STACK_POSITIVE]);
  const reflexiveHead = deserializeLinear(model.heads.reflexive);
  const intentThreshold = model.thresholds.intent ?? 0.5;
  const extractor = new FeatureExtractor(model.features);
  const otherLanguages = createLanguageScorer(options.scoredLanguages);
  const sentimentProbs = new Float64Array(3);
  const satisfactionProbs = new Float64Array(3);

  /**
   * Reflexive blame: a cue with the author as subject ("I lost my…"), or the trained head, which
   * learnt the many ways of owning a mistake ("should have sized down", "didn't read the description").
   */
  function reflexiveByHead(x: FeatureVector): boolean {
    return calibrate(sigmoid(linearScore(reflexiveHead, 0, x)), model.calibration.reflexive) >= model.thresholds.reflexive;
  }

  /** The complaint head alone, calibrated. */
  function complaintHead(x: FeatureVector): number {
    return calibrate(sigmoid(packed.score('complaint', 0, x)), model.calibration.complaint);
  }

  /** Whether blame can matter: the text is negative, or the complaint head alone already calls it. */
  function mayBeComplaint(pHead: number): boolean {
    return sentimentProbs[0]! >= 0.5 || satisfactionProbs[0]! >= 0.5 || pHead >= model.thresholds.complaint;
  }

  /**
   * The complaint head, raised for a self-blamed mishap that still needs action or is a grievance:
   * the author asks for help or tells a support account ("I accidentally booked the wrong date,
   * how can I change it?"), or grumbles ("my fault for not reading the description, it's see-through
   * and going back": a non-instrumental reflexive complaint), but not for a mishap told to friends
   * ("lost my keys lol") nor a mild aside in a happy review. Self-blamed problems are rare in
   * training data (< 2 % of complaints). Reads the sentiment and satisfaction heads' output.
   */
  function complaintProbability(a: TextAnalysis, p: number, cues: readonly string[], headReflexive: boolean): number {
    if (cues.length === 0 && !headReflexive) return p;
    const seeksHelp = a.cueCounts.ask > 0 || (a.cueCounts.problem > 0 && a.tokens.serviceHandle);
    const grumbles = sentimentProbs[0]! >= 0.5 || satisfactionProbs[0]! >= 0.5;
    const raise = cues.length > 0 ? seeksHelp || grumbles : grumbles;
    return raise ? Math.max(p, REFLEXIVE_MISHAP) : p;
  }

  /**
   * The intent head, overruled upwards by an explicit ask ("please", "I want a refund", "can you"):
   * by definition a complaint that asks for a remedy is instrumental, and 311 training tweets
   * cannot teach every way of asking.
   */
  function instrumentalProbability(a: TextAnalysis, x: FeatureVector): number {
    const p = calibrate(sigmoid(packed.score('intent', 0, x)), model.calibration.intent);
    return a.cueCounts.ask > 0 ? Math.max(p, EXPLICIT_ASK) : p;
  }

  function classifyVector(input: ClassificationInput, a: TextAnalysis, x: FeatureVector): Classification {
    const cues: string[] = [];

    packed.load(x);
    packed.softmax('sentiment', x, sentimentProbs, model.calibration.sentimentTemperature);
    setStackedSentiment(x.dense, sentimentProbs);
    packed.softmax('satisfaction', x, satisfactionProbs);
    const reflexive = reflexiveCues(a);
    const pHead = complaintHead(x);
    const selfBlamed = reflexive.length > 0 || (mayBeComplaint(pHead) && reflexiveByHead(x));
    const pComplaint = complaintProbability(a, pHead, reflexive, selfBlamed);

    let sIdx = 0;
    for (let c = 1; c < 3; c++) if (sentimentProbs[c]! > sentimentProbs[sIdx]!) sIdx = c;
    // Two lexical facts outrank the sentiment head: a sarcasm marker beats the praise words it
    // wraps, and negated negatives with nothing else negative ("not bad at all") are not negative.
    const lex = a.lexicon;
    let sentimentLabel = SENTIMENT_LABELS[sIdx]!;
    const negatedNegativeOnly = !a.sarcasm && isNegatedNegativeOnly(a);
    if (a.sarcasm && sIdx === 2) sentimentLabel = 'negative';
    else if (sIdx === 0 && negatedNegativeOnly) sentimentLabel = 'positive';
    const pNeg = sentimentProbs[0]!;
    const pPos = sentimentProbs[2]!;

    // A gripe inside an overall positive account that asks for nothing ("love it, runs a bit small")
    // is a satisfied, mixed item, not a case for triage. Asking for something keeps it a complaint.
    const pInstrumental = instrumentalProbability(a, x);
    const isComplaint =
      pComplaint >= model.thresholds.complaint &&
      hasGrievanceEvidence(a, reflexive.length > 0) &&
      !negatedNegativeOnly &&
      !(pInstrumental < intentThreshold && !a.sarcasm && sentimentLabel === 'positive' && satisfactionProbs[0]! < MIXED_GRIPE);

    // Satisfaction: the text decides when it is clear; otherwise a rating/NPS decides.
    const fromRating = ratingLevel(input.rating, input.nps);
    const textClear = pNeg >= CLEAR_TEXT || pPos >= CLEAR_TEXT;
    // An experience needs lexical evidence too: the sentiment head alone reads "new store opens" as positive.
    const negEvidence = lex.negative < 0 || a.cueCounts.problem > 0 || a.sarcasm;
    const posEvidence = lex.positive > 0 || a.cueCounts.praise + a.cueCounts.delight > 0;
    let satisfaction: SatisfactionLevel | null = null;
    if (isComplaint || (sentimentLabel === 'negative' && textClear && negEvidence)) {
      satisfaction = 'dissatisfied';
    } else if (sentimentLabel === 'positive' && textClear && posEvidence) {
      const delighted = a.cueCounts.delight > 0 || satisfactionProbs[2]! > satisfactionProbs[1]!;
      // Within clearly positive text, a rating may still separate satisfied from delighted.
      satisfaction = fromRating === 'satisfied' || fromRating === 'delighted' ? fromRating : delighted ? 'delighted' : 'satisfied';
    } else if (fromRating) {
      satisfaction = fromRating;
      addCue(cues, input.rating !== undefined ? `rating ${input.rating}` : `nps ${input.nps}`);
    } else if (satisfactionProbs[0]! >= 0.5 && pPos < CLEAR_TEXT && (lex.hits.length > 0 || a.cueCounts.problem > 0)) {
      // The review-trained head knows the lukewarm "pretty, but not for me" that reads neither clearly way.
      satisfaction = 'dissatisfied';
    } else if (sentimentLabel === 'negative' && negEvidence) {
      satisfaction = 'dissatisfied';
    } else if (sentimentLabel === 'positive' && posEvidence) {
      satisfaction = a.cueCounts.delight > 0 ? 'delighted' : 'satisfied';
    }

    // Advocacy: an explicit, non-negated promotion in the text, or an NPS promoter whose text is not negative.
    const textAdvocacy = a.cueCounts.advocacy > 0 && sentimentLabel !== 'negative';
    const npsAdvocacy = input.nps !== undefined && input.nps >= 9 && sentimentLabel !== 'negative' && !isComplaint;
    const advocacy = textAdvocacy || npsAdvocacy;

    let category: Category;
    let complaint: Classification['complaint'] = null;
    let confidence: number;
    if (isComplaint) {
      category = 'complaint';
      confidence = pComplaint;
      const blame: ComplaintBlame = selfBlamed ? 'reflexive' : 'ostensive';
      complaint = { intent: pInstrumental >= intentThreshold ? 'instrumental' : 'non-instrumental', blame };
      for (const r of reflexive) addCue(cues, r);
      if (complaint.intent === 'instrumental') cuesOf(cues, a, 'ask', 'request', 'question');
      else cuesOf(cues, a, 'rhetorical', 'vent', 'sarcasm');
      if (a.sarcasm) addCue(cues, 'sarcasm');
      cuesOf(cues, a, 'problem');
    } else if (advocacy) {
      category = 'advocacy';
      confidence = 1 - pComplaint;
      cuesOf(cues, a, 'advocacy');
      if (npsAdvocacy) addCue(cues, `nps ${input.nps}`);
    } else if (satisfaction !== null) {
      category = 'satisfaction';
      confidence = 1 - pComplaint;
      cuesOf(cues, a, 'delight', 'praise', 'gratitude');
    } else {
      category = 'neutral';
      confidence = 1 - pComplaint;
      cuesOf(cues, a, 'question', 'request');
    }
    if (a.sarcasm && !cues.includes('sarcasm')) addCue(cues, 'sarcasm');
    // Strongest lexicon words in the direction of the sentiment, as extra explanation.
    const sign = sentimentLabel === 'negative' ? -1 : sentimentLabel === 'positive' ? 1 : 0;
    if (sign !== 0) addStrongestWords(cues, a, sign);

    const aspects = detectAspects(a.tokens.stems, a.aspectHits);

    return {
      category,
      sentiment: {
        score: round3(a.lexicon.score),
        comparative: round3(a.tokens.words.length > 0 ? a.lexicon.score / a.tokens.words.length : 0),
        label: sentimentLabel,
      },
      satisfaction,
      complaint,
      advocacy,
      aspects,
      language: 'en',
      scored: true,
      confidence: round3(confidence),
      cues,
    };
  }

  return {
    modelVersion: model.version,
    scores(text: string): ClassifierScores {
      const a = analyze(text);
      const x = extractor.extract(a);
      packed.load(x);
      packed.softmax('sentiment', x, sentimentProbs, model.calibration.sentimentTemperature);
      setStackedSentiment(x.dense, sentimentProbs);
      packed.softmax('satisfaction', x, satisfactionProbs);
      const cues = reflexiveCues(a);
      const reflexive = cues.length > 0 || reflexiveByHead(x);
      const instrumental = instrumentalProbability(a, x);
      return {
        language: detectLanguage(text, a.tokens).language,
        complaint: complaintProbability(a, complaintHead(x), cues, reflexive),
        instrumental,
        isInstrumental: instrumental >= intentThreshold,
        reflexiveCues: cues,
        reflexive,
        sentiment: [sentimentProbs[0]!, sentimentProbs[1]!, sentimentProbs[2]!],
        satisfaction: [satisfactionProbs[0]!, satisfactionProbs[1]!, satisfactionProbs[2]!],
      };
    },
    classify(input: ClassificationInput): Classification {
      const text = typeof input.text === 'string' ? input.text : '';
      // Language first: the English analysis is wasted on other languages.
      const tokens = tokenize(text);
      const lang = detectLanguage(text, tokens);
      if (lang.language !== 'en') {
        const scored = otherLanguages.classify(input, text, lang.language);
        if (scored) return scored;
        return {
          category: 'neutral',
          sentiment: { score: 0, comparative: 0, label: 'neutral' },
          satisfaction: ratingLevel(input.rating, input.nps),
          complaint: null,
          advocacy: false,
          aspects: [],
          language: lang.language,
          scored: false,
          confidence: 0,
          cues: lang.evidence.map((e) => (e.startsWith('script') ? e : `${lang.language}: ${e}`)).slice(0, MAX_CUES),
        };
      }
      const a = analyzeTokens(tokens);
      return classifyVector(input, a, extractor.extract(a));
    },
  };
}
