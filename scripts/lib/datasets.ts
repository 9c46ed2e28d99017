/** Readers for the labelled datasets in ../shared/datasets (see its README). Scripts only. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../../src/infra/csv.ts';

/** `EARSHOT_DATASETS`, or ../shared/datasets beside the repository. */
export function datasetsDir(): string {
  const dir = process.env.EARSHOT_DATASETS ?? resolve(fileURLToPath(new URL('../../', import.meta.url)), '../shared/datasets');
  if (!existsSync(dir)) throw new Error(`datasets folder not found: ${dir} (set EARSHOT_DATASETS)`);
  return dir;
}

function readCsvObjects(file: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8')).map((r) => r.fields);
  if (!header) return [];
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as T);
}

export interface ComplaintRow { id: string; text: string; complaint: 0 | 1; domain: string }
export interface ComplaintTypeRow {
  id: string;
  text: string;
  intent: 'instrumental' | 'non-instrumental';
  blame: 'ostensive' | 'reflexive';
  certainty: 'clear' | 'uncertain';
}
export interface AirlineRow { id: string; text: string; sentiment: 'negative' | 'neutral' | 'positive'; reason: string }
export interface ReviewRow { text: string; rating: number; recommended: 0 | 1 }
export interface SentenceRow { text: string; label: 0 | 1 }
/** A labelled complaint of our own set (data/self-blame.jsonl). */
export interface SelfBlameRow {
  id: string;
  source: string;
  text: string;
  intent: 'instrumental' | 'non-instrumental';
  blame: 'ostensive' | 'reflexive';
  /** `test` rows were labelled after every blame cue and parameter was fixed, and are never trained or tuned on. */
  part: 'tune' | 'test';
}

/** A labelled sentence of our own set (data/aspect-sentences.jsonl). */
export interface AspectSentenceRow {
  id: string;
  source: string;
  text: string;
  aspects: Aspect[];
  /** `test` rows were labelled after the aspect cues were fixed, and are never tuned on. */
  part: 'tune' | 'test';
}

/** The project's own labelled data (committed, see data/README.md). */
export const PROJECT_DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

export function loadSelfBlame(dir = PROJECT_DATA_DIR): SelfBlameRow[] {
  const file = join(dir, 'self-blame.jsonl');
  return existsSync(file) ? readJsonl<SelfBlameRow>(file) : [];
}

export function loadAspectSentences(dir = PROJECT_DATA_DIR): AspectSentenceRow[] {
  const file = join(dir, 'aspect-sentences.jsonl');
  return existsSync(file) ? readJsonl<AspectSentenceRow>(file) : [];
}

export function loadComplaints(dir = datasetsDir()): ComplaintRow[] {
  return readJsonl<ComplaintRow>(join(dir, 'complaints-dev.jsonl'));
}

export function loadComplaintTypes(dir = datasetsDir()): ComplaintTypeRow[] {
  return readJsonl<ComplaintTypeRow>(join(dir, 'complaint-types-dev.jsonl'));
}

export function loadAirline(dir = datasetsDir()): AirlineRow[] {
  return readCsvObjects(join(dir, 'airline-tweets.csv'))
    .filter((r) => r.text && r.airline_sentiment)
    .map((r) => ({
      id: r.tweet_id ?? '',
      text: r.text ?? '',
      sentiment: r.airline_sentiment as AirlineRow['sentiment'],
      reason: r.negativereason ?? '',
    }));
}

export function loadReviews(dir = datasetsDir()): ReviewRow[] {
  return readCsvObjects(join(dir, 'womens-clothing-reviews.csv'))
    .filter((r) => (r['Review Text'] ?? '').trim().length > 0)
    .map((r) => ({
      text: [r.Title, r['Review Text']].filter((s) => s && s.trim()).join('. '),
      rating: Number(r.Rating),
      recommended: (Number(r['Recommended IND']) === 1 ? 1 : 0) as 0 | 1,
    }));
}

export function loadYelp(dir = datasetsDir()): SentenceRow[] {
  return readFileSync(join(dir, 'yelp-sentences-labelled.txt'), 'utf8')
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((p) => p.length >= 2 && p[0]!.trim())
    .map((p) => ({ text: p[0]!, label: (Number(p[1]) === 1 ? 1 : 0) as 0 | 1 }));
}

export function loadSuggestions(dir = datasetsDir()): SentenceRow[] {
  const rows = parseCsv(readFileSync(join(dir, 'suggestions-semeval2019-train.csv'), 'utf8')).map((r) => r.fields);
  return rows
    .filter((r) => r.length >= 3)
    .map((r) => ({ text: r[1]!.replace(/^"|"$/g, ''), label: (Number(r[2]) === 1 ? 1 : 0) as 0 | 1 }));
}

// ---- mapping the datasets onto the classifier's heads ----------------------------------------

import type { Aspect } from '../../src/domain/classification/classification.types.ts';
import type { LabelledText, TrainingData } from '../../src/domain/classification/training.ts';
import { companyKeys } from './splits.ts';

export const SENTIMENT_INDEX = { negative: 0, neutral: 1, positive: 2 } as const;

/** Star rating → satisfaction index (dissatisfied 0, satisfied 1, delighted 2); 3 is mixed → null. */
export function ratingToSatisfaction(rating: number): number | null {
  if (rating <= 2) return 0;
  if (rating === 4) return 1;
  if (rating >= 5) return 2;
  return null;
}

export interface Sources {
  complaints: ComplaintRow[];
  complaintTypes: ComplaintTypeRow[];
  airline: AirlineRow[];
  reviews: ReviewRow[];
  yelp: SentenceRow[];
  selfBlame: SelfBlameRow[];
}

export function loadSources(dir = datasetsDir()): Sources {
  return {
    complaints: loadComplaints(dir),
    complaintTypes: loadComplaintTypes(dir),
    airline: loadAirline(dir),
    reviews: loadReviews(dir),
    yelp: loadYelp(dir),
    selfBlame: loadSelfBlame(),
  };
}

export interface MappingOptions {
  /** Train on the airline tweets (CC BY-NC-SA 4.0); off for the permissive model. */
  airline: boolean;
  /** Weight of airline tweets used as distant complaint labels (negative with a reason → complaint); 0 = off. */
  airlineComplaintWeight: number;
  /** Also use neutral airline tweets (questions, information) as distant non-complaints. */
  airlineNeutralAsNot: boolean;
  /** Weight of Yelp sentences as distant complaint labels (negative → complaint); 0 = off. */
  yelpComplaintWeight: number;
  /** Cap on reviews used for the satisfaction head (they are long; more adds little). */
  maxReviews: number;
  /** Reviews (1–2 stars negative, 4–5 positive) added to the sentiment head, so it knows long texts. */
  reviewSentimentWeight: number;
  maxReviewSentiment: number;
  /** Low-rated reviews without self-blame wording added to the reflexive head as ostensive. */
  maxOstensiveReviews: number;
  /** Weight of 3-star reviews as dissatisfied in the satisfaction head; 0 = left out. */
  threeStarWeight: number;
  /** Weight of the random (not company-directed) tweets in the complaint head. */
  randomTweetWeight: number;
}

/** Wording that may own a mistake; reviews showing it are never used as distant ostensive rows. */
const SELF_BLAME_WORDING =
  /\b(my (own )?(fault|mistake|bad)|i should(?:'ve| have)|i wish i|i (accidentally|forgot|didn'?t (read|realize|notice|check|look|think))|by mistake|lesson learned|i ignored|i took a chance)\b/i;

// Complaint head, chosen by company-grouped CV over the development companies (scripts/tune-complaint.ts):
// random tweets down-weighted to 0.1 (1 → 0.726, 0.5 → 0.755, 0.1 → 0.781 CV macro-F1: as easy negatives they
// teach "addressed to a company" rather than "complains"), Yelp sentences as distant labels at 0.3 (0.788);
// airline tweets as distant labels (with or without neutral ones as non-complaints) and SemEval suggestions as
// non-complaints measured worse (0.76–0.77 and 0.75), so off and not loaded.
// Reviews in the sentiment head fixed long texts (5-star reviews read as negative: 998 → 80 of 2,552)
// at no cost on airline tweets.
export const DEFAULT_MAPPING: MappingOptions = {
  airline: true,
  airlineComplaintWeight: 0,
  airlineNeutralAsNot: true,
  yelpComplaintWeight: 0.3,
  maxReviews: 12000,
  reviewSentimentWeight: 0.3,
  maxReviewSentiment: 6000,
  maxOstensiveReviews: 300,
  threeStarWeight: 0.5,
  randomTweetWeight: 0.1,
};

/** Only permissively licensed data: no airline tweets (and the SemEval suggestions are never used). */
export const PERMISSIVE_MAPPING: MappingOptions = { ...DEFAULT_MAPPING, airline: false };

/** The airline `negativereason` as one of the 7 Ps (see the datasets README); null when it has none. */
export function reasonToAspect(reason: string): Aspect | null {
  switch (reason) {
    case 'Customer Service Issue':
    case 'Flight Attendant Complaints':
      return 'people';
    case 'Late Flight':
    case 'Cancelled Flight':
      return 'place';
    case 'Lost Luggage':
    case 'Damaged Luggage':
    case 'Bad Flight':
      return 'product';
    case 'Flight Booking Problems':
    case 'longlines':
      return 'process';
    default:
      return null;
  }
}

export function toTrainingData(source: Sources, opts: MappingOptions = DEFAULT_MAPPING): TrainingData {
  const s: Sources = opts.airline ? source : { ...source, airline: [] };
  // Company-directed tweets carry their company, so calibration folds never split a company,
  // and only they tune the threshold; random tweets are easy negatives.
  const directed = s.complaints.filter((r) => !r.domain.startsWith('random'));
  const companyOf = new Map(companyKeys(directed).map((k, i) => [directed[i]!.id, k]));
  const complaint: LabelledText[] = s.complaints.map((r) => {
    const group = companyOf.get(r.id);
    return group === undefined
      ? { text: r.text, label: r.complaint, target: false, weight: opts.randomTweetWeight }
      : { text: r.text, label: r.complaint, group };
  });
  if (opts.airlineComplaintWeight > 0) {
    for (const r of s.airline) {
      // A negative tweet with a coded reason names a failure: a complaint. Neutral tweets (questions,
      // information) and positive ones are not; negative ones with no clear reason are left out.
      if (r.sentiment === 'negative' && (r.reason === '' || r.reason === "Can't Tell")) continue;
      if (r.sentiment === 'neutral' && !opts.airlineNeutralAsNot) continue;
      complaint.push({ text: r.text, label: r.sentiment === 'negative' ? 1 : 0, weight: opts.airlineComplaintWeight, target: false });
    }
  }
  if (opts.yelpComplaintWeight > 0) {
    for (const r of s.yelp) complaint.push({ text: r.text, label: r.label === 1 ? 0 : 1, weight: opts.yelpComplaintWeight, target: false });
  }
  const sentiment: LabelledText[] = [
    ...s.airline.map((r) => ({ text: r.text, label: SENTIMENT_INDEX[r.sentiment] })),
    ...s.yelp.map((r) => ({ text: r.text, label: r.label === 1 ? 2 : 0, weight: 0.5 })),
  ];
  if (opts.reviewSentimentWeight > 0) {
    let n = 0;
    // From the end of the list, so the satisfaction head (which takes the first rows) sees other reviews.
    for (let i = s.reviews.length - 1; i >= 0 && n < opts.maxReviewSentiment; i--) {
      const r = s.reviews[i]!;
      if (r.rating === 3) continue;
      sentiment.push({ text: r.text, label: r.rating <= 2 ? 0 : 2, weight: opts.reviewSentimentWeight });
      n++;
    }
  }
  // Our self-blame rows inherit their source's licence: the permissive model drops the airline ones.
  const selfBlame = opts.airline ? s.selfBlame : s.selfBlame.filter((r) => r.source !== 'airline');
  const intent: LabelledText[] = s.complaintTypes.map((r) => ({ text: r.text, label: r.intent === 'instrumental' ? 1 : 0 }));
  const reflexive: LabelledText[] = [...s.complaintTypes, ...selfBlame].map((r) => ({ text: r.text, label: r.blame === 'reflexive' ? 1 : 0 }));
  // Distant ostensive rows from low-rated reviews with no self-blame wording, so the head learns
  // blame and not "reviews are reflexive, tweets ostensive" (most labelled reflexive rows are reviews).
  let distant = 0;
  for (const r of s.reviews) {
    if (distant >= opts.maxOstensiveReviews) break;
    if (r.rating > 2 || SELF_BLAME_WORDING.test(r.text)) continue;
    reflexive.push({ text: r.text, label: 0, weight: 0.5, target: false });
    distant++;
  }
  const satisfaction: LabelledText[] = [];
  for (const r of s.reviews) {
    if (satisfaction.length >= opts.maxReviews) break;
    const y = ratingToSatisfaction(r.rating);
    if (y !== null) satisfaction.push({ text: r.text, label: y });
    // A 3-star review fell short of expectations, more or less: dissatisfied, with less weight.
    else if (opts.threeStarWeight > 0) satisfaction.push({ text: r.text, label: 0, weight: opts.threeStarWeight });
  }
  return { complaint, sentiment, intent, satisfaction, reflexive };
}
