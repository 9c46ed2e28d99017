/**
 * Eight weeks of demo history, as items for the push API and a plan of what support did with each
 * complaint. Pure and deterministic: a week's items are a function of that week alone (a seeded
 * generator per week and stream), so running the demo again sends the same ids and the
 * (source, externalId) key stores nothing twice. Only the planted spike depends on `now`: it is put
 * in the last complete week, so that week's digest and alerts have something to explain.
 */
import { createHash } from 'node:crypto';
import { bucketStart, isoWeekKey } from '../domain/trends/buckets.ts';
import {
  DEFECTION_TEMPLATES,
  FILLS,
  FOLLOW_UP_TEMPLATES,
  RIVAL_TEMPLATES,
  SPIKE_TEMPLATES,
  SURVEY_TEMPLATES,
  TEMPLATES,
  type Tone,
} from './history-texts.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** The demo's sources, by what they carry. */
export const DEMO_STREAMS = ['acme-reviews', 'acme-mentions', 'rival-mentions', 'acme-mastodon', 'acme-hn', 'acme-survey'] as const;
export type DemoStream = (typeof DEMO_STREAMS)[number];

export interface DemoItem {
  stream: DemoStream;
  externalId: string;
  text: string;
  author: string;
  publishedAt: Date;
  rating?: number;
  nps?: number;
  reach?: number;
}

export interface CaseStep {
  at: Date;
  /** The agent who did it. */
  by: string;
  status: 'acknowledged' | 'resolved' | 'dismissed';
  assignee?: string;
  note?: string;
}

/** What support did with the case of one complaint item, step by step. */
export interface CasePlan {
  stream: DemoStream;
  externalId: string;
  steps: CaseStep[];
}

export interface DemoHistory {
  from: Date;
  items: DemoItem[];
  cases: CasePlan[];
  spike: { from: Date; to: Date; label: string; cause: string };
}

/** Handles of the sample customers (src/demo/sample-customers.csv): their complaints, fixes and follow-ups make the recovery report. */
export const CUSTOMER_HANDLES = ['ana.m', 'tina', 'mei', 'coffee_nerd', 'carla', 'sam.r', 'mike_t', 'kofi', 'pat_m', 'jess_codes', 'olu', 'b.okafor', 'tomasz', 'p.lindqvist'];
/** Sample customers who leave, one every other week (defection cues make them at-risk). */
const LEAVERS = ['quietquit', 'dana.k', 'rk', 'grumpy_dev'];
const AGENTS = ['sam', 'priya', 'lee'];

/** Relative hourly volume (UTC): a morning peak, lunch, and an evening peak. */
const HOURLY = [0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.9, 1.6, 1.9, 1.5, 1.2, 1.3, 1.7, 1.5, 1.1, 1.0, 1.1, 1.4, 1.6, 1.5, 1.2, 0.9, 0.6, 0.3];
/** Monday first. Mentions are a weekday thing; café reviews a weekend one. */
const WEEKDAY = { mentions: [1.15, 1.1, 1.05, 1.0, 0.95, 0.65, 0.55], reviews: [0.8, 0.8, 0.9, 0.9, 1.1, 1.5, 1.4] };

interface StreamProfile {
  perDay: number;
  rhythm: keyof typeof WEEKDAY;
  tones: Partial<Record<Tone, number>>;
  rival?: boolean;
}

const MENTION_TONES = { 'fix-it': 11, venting: 10, 'own-fault': 4, lukewarm: 4, praise: 26, delight: 10, advocacy: 10, question: 25 };
const PROFILES: Record<Exclude<DemoStream, 'acme-survey'>, StreamProfile> = {
  'acme-mentions': { perDay: 13, rhythm: 'mentions', tones: MENTION_TONES },
  'acme-mastodon': { perDay: 4, rhythm: 'mentions', tones: MENTION_TONES },
  'acme-hn': { perDay: 1.5, rhythm: 'mentions', tones: { 'fix-it': 3, venting: 3, praise: 3, advocacy: 2, question: 4 } },
  'acme-reviews': { perDay: 7, rhythm: 'reviews', tones: { 'fix-it': 12, venting: 12, 'own-fault': 5, lukewarm: 8, praise: 33, delight: 15, advocacy: 10, question: 5 } },
  'rival-mentions': { perDay: 6, rhythm: 'mentions', tones: { 'fix-it': 12, venting: 14, praise: 40, advocacy: 14, question: 20 }, rival: true },
};
const SURVEY_PER_DAY = 5;
const REVIEW_RATING: Record<Tone, [number, number]> = {
  'fix-it': [1, 2],
  venting: [1, 2],
  'own-fault': [3, 3],
  lukewarm: [2, 3],
  praise: [4, 5],
  delight: [5, 5],
  advocacy: [5, 5],
  question: [3, 4],
};

/** mulberry32 over a SHA-1 seed: the same key always gives the same sequence. */
function rng(key: string): () => number {
  let a = createHash('sha1').update(key).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const between = (r: () => number, lo: number, hi: number) => lo + r() * (hi - lo);

function weighted<K extends string>(r: () => number, weights: Partial<Record<K, number>>): K {
  const entries = Object.entries(weights) as Array<[K, number]>;
  let x = r() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [k, w] of entries) if ((x -= w) < 0) return k;
  return entries[entries.length - 1]![0];
}

/** A count with the right mean: the integer part plus one more with the fractional chance. */
const countOf = (r: () => number, mean: number) => Math.floor(mean) + (r() < mean - Math.floor(mean) ? 1 : 0);

function fill(r: () => number, template: string, n: number): string {
  return template
    .replace('{n}', String(n))
    .replace('{drink}', pick(r, FILLS.drink))
    .replace('{product}', pick(r, FILLS.product))
    .replace('{store}', pick(r, FILLS.store));
}

const HOUR_WEIGHTS: Record<string, number> = Object.fromEntries(HOURLY.map((w, h) => [String(h), w]));

/** A time in the day, drawn from the hourly rhythm. */
function timeInDay(r: () => number, day: number): Date {
  const h = Number(weighted(r, HOUR_WEIGHTS));
  return new Date(day + h * HOUR + Math.floor(r() * HOUR));
}

/** Everyday authors: a few hundred handles, so some write more than once. */
const authorOf = (r: () => number, prefix: string) => `${prefix}${Math.floor(r() * 420)}`;

/** Support's handling of an everyday complaint: mostly acknowledged then resolved, some dismissed (venting), a few left alone. */
function planFor(r: () => number, publishedAt: Date, tone: Tone): CaseStep[] {
  const t = publishedAt.getTime();
  const assignee = pick(r, AGENTS);
  const x = r();
  const ack = new Date(t + between(r, 0.5, 10) * HOUR);
  const by = assignee;
  if (x < 0.66) return [{ at: ack, by, status: 'acknowledged', assignee }, { at: new Date(ack.getTime() + between(r, 3, 60) * HOUR), by, status: 'resolved', note: 'Replied and fixed.' }];
  if (x < 0.8) return [tone === 'venting' ? { at: ack, by, status: 'dismissed', note: 'Venting, no action needed.' } : { at: ack, by, status: 'acknowledged', assignee }];
  if (x < 0.92) return [{ at: ack, by, status: 'acknowledged', assignee, note: 'Waiting for the customer.' }];
  return [];
}

/**
 * One ISO week of history from its Monday 00:00 UTC. The week number shapes the volume (a slow
 * swell over the weeks), so the same week always has the same items.
 */
export function demoWeek(monday: Date): { items: DemoItem[]; cases: CasePlan[] } {
  const week = isoWeekKey(monday);
  const weekNo = Math.floor(monday.getTime() / WEEK);
  const swell = 1 + 0.18 * Math.sin(weekNo / 2.5);
  const items: DemoItem[] = [];
  const cases: CasePlan[] = [];

  for (const [stream, profile] of Object.entries(PROFILES) as Array<[Exclude<DemoStream, 'acme-survey'>, StreamProfile]>) {
    const r = rng(`${week}|${stream}`);
    for (let d = 0; d < 7; d++) {
      const day = monday.getTime() + d * DAY;
      const n = countOf(r, profile.perDay * swell * WEEKDAY[profile.rhythm][d]!);
      for (let k = 0; k < n; k++) {
        const tone = weighted(r, profile.tones);
        const templates = (profile.rival ? RIVAL_TEMPLATES[tone] : TEMPLATES[tone]) ?? TEMPLATES[tone];
        const publishedAt = timeInDay(r, day);
        const item: DemoItem = {
          stream,
          externalId: `hist-${week}-${stream}-${d}-${k}`,
          text: fill(r, pick(r, templates), 1000 + Math.floor(r() * 9000)),
          author: authorOf(r, stream === 'acme-reviews' ? 'reviewer' : profile.rival ? 'rr_fan' : 'user'),
          publishedAt,
          ...(stream === 'acme-reviews' ? { rating: Math.round(between(r, ...REVIEW_RATING[tone])) } : { reach: Math.floor(r() ** 3 * 400) }),
        };
        items.push(item);
        // Every item gets a plan: the classifier, not the template, decides which ones open a case.
        cases.push({ stream, externalId: item.externalId, steps: planFor(r, publishedAt, tone) });
      }
    }
  }

  // NPS surveys with a CSAT rating: promoters, passives and detractors.
  const rs = rng(`${week}|acme-survey`);
  for (let d = 0; d < 7; d++) {
    const n = countOf(rs, SURVEY_PER_DAY * swell * WEEKDAY.mentions[d]!);
    for (let k = 0; k < n; k++) {
      const band = weighted(rs, { promoter: 45, passive: 30, detractor: 25 });
      const nps = band === 'promoter' ? pick(rs, [9, 10]) : band === 'passive' ? pick(rs, [7, 8]) : pick(rs, [1, 3, 4, 5, 6]);
      const rating = band === 'promoter' ? pick(rs, [4, 5, 5]) : band === 'passive' ? pick(rs, [3, 4]) : pick(rs, [1, 2, 3]);
      items.push({
        stream: 'acme-survey',
        externalId: `hist-${week}-survey-${d}-${k}`,
        text: fill(rs, pick(rs, SURVEY_TEMPLATES[band]), 10_000 + Math.floor(rs() * 90_000)),
        author: authorOf(rs, 'respondent'),
        publishedAt: timeInDay(rs, monday.getTime() + d * DAY),
        nps,
        rating,
      });
    }
  }

  // Sample customers: three complain each week, support resolves it, and most come back happy.
  const rc = rng(`${week}|customers`);
  for (let a = 0; a < 3; a++) {
    const author = CUSTOMER_HANDLES[(weekNo * 3 + a) % CUSTOMER_HANDLES.length]!;
    const stream = a === 1 ? 'acme-reviews' : 'acme-mentions';
    const complainedAt = timeInDay(rc, monday.getTime() + Math.floor(between(rc, 0, 4)) * DAY);
    const n = 1000 + Math.floor(rc() * 9000);
    const complaint: DemoItem = {
      stream,
      externalId: `hist-${week}-customer-${a}`,
      text: fill(rc, pick(rc, TEMPLATES['fix-it']), n),
      author,
      publishedAt: complainedAt,
      ...(stream === 'acme-reviews' ? { rating: 1 } : { reach: 20 }),
    };
    const ack = new Date(complainedAt.getTime() + between(rc, 0.5, 3) * HOUR);
    const resolved = new Date(ack.getTime() + between(rc, 2, 30) * HOUR);
    const agent = pick(rc, AGENTS);
    items.push(complaint);
    cases.push({ stream, externalId: complaint.externalId, steps: [{ at: ack, by: agent, status: 'acknowledged', assignee: agent }, { at: resolved, by: agent, status: 'resolved', note: 'Refunded and replaced.' }] });
    const outcome = weighted(rc, { recovered: 65, 'not-recovered': 20, silent: 15 });
    if (outcome === 'silent') continue;
    items.push({
      stream: 'acme-mentions',
      externalId: `hist-${week}-customer-${a}-after`,
      text: fill(rc, pick(rc, FOLLOW_UP_TEMPLATES[outcome]), n),
      author,
      publishedAt: new Date(resolved.getTime() + between(rc, 6, 60) * HOUR),
      reach: 15,
    });
  }

  // Every other week a sample customer says they are leaving.
  if (weekNo % 2 === 0) {
    const rl = rng(`${week}|leaver`);
    items.push({
      stream: 'acme-mentions',
      externalId: `hist-${week}-leaver`,
      text: fill(rl, pick(rl, DEFECTION_TEMPLATES), 1000 + Math.floor(rl() * 9000)),
      author: LEAVERS[(weekNo / 2) % LEAVERS.length]!,
      publishedAt: timeInDay(rl, monday.getTime() + Math.floor(between(rl, 0, 5)) * DAY),
      reach: 40,
    });
  }
  return { items, cases };
}

/**
 * The planted spike, on Wednesday of the week before `now`'s: the Acme app update 4.2 breaks
 * checkout and charges cards twice, 10:00–14:00 UTC; support resolves the cases the next morning.
 */
function spikeOf(lastWeekMonday: Date): { items: DemoItem[]; cases: CasePlan[]; from: Date; to: Date } {
  const from = new Date(lastWeekMonday.getTime() + 2 * DAY + 10 * HOUR);
  const r = rng(`${isoWeekKey(lastWeekMonday)}|spike`);
  const perHour = [34, 28, 18, 10];
  const items: DemoItem[] = [];
  const cases: CasePlan[] = [];
  perHour.forEach((n, h) => {
    for (let k = 0; k < n; k++) {
      const stream = k % 3 === 2 ? 'acme-mastodon' : 'acme-mentions';
      const item: DemoItem = {
        stream,
        externalId: `spike-${isoWeekKey(lastWeekMonday)}-${h}-${k}`,
        text: fill(r, pick(r, SPIKE_TEMPLATES), 20_000 + Math.floor(r() * 80_000)),
        author: authorOf(r, 'user'),
        publishedAt: new Date(from.getTime() + h * HOUR + Math.floor(r() * HOUR)),
        reach: Math.floor(r() ** 2 * 300),
      };
      items.push(item);
      const fixed = new Date(from.getTime() + 22 * HOUR + Math.floor(r() * 2 * HOUR));
      cases.push({ stream, externalId: item.externalId, steps: [{ at: new Date(from.getTime() + 5 * HOUR), by: 'priya', status: 'acknowledged', assignee: 'priya' }, { at: fixed, by: 'priya', status: 'resolved', note: 'App 4.2.1 fixes checkout; double charges refunded.' }] });
    }
  });
  return { items, cases, from, to: new Date(from.getTime() + perHour.length * HOUR) };
}

/** `weeks` complete weeks before `now`'s week, plus `now`'s week up to `now`. Nothing is dated after `now`. */
export function demoHistory(now: Date, weeks = 8): DemoHistory {
  const thisMonday = bucketStart('week', now);
  const from = new Date(thisMonday.getTime() - weeks * WEEK);
  const items: DemoItem[] = [];
  const cases: CasePlan[] = [];
  for (let w = 0; w <= weeks; w++) {
    const week = demoWeek(new Date(from.getTime() + w * WEEK));
    items.push(...week.items);
    cases.push(...week.cases);
  }
  const spike = spikeOf(new Date(thisMonday.getTime() - WEEK));
  items.push(...spike.items);
  cases.push(...spike.cases);
  const past = items.filter((i) => i.publishedAt < now).sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
  const stored = new Set(past.map((i) => `${i.stream}|${i.externalId}`));
  return {
    from,
    items: past,
    cases: cases
      .filter((c) => stored.has(`${c.stream}|${c.externalId}`))
      .map((c) => ({ ...c, steps: c.steps.filter((s) => s.at < now) }))
      .filter((c) => c.steps.length > 0),
    spike: { from: spike.from, to: spike.to, label: 'acme', cause: 'the Acme app update 4.2 broke checkout and charged cards twice' },
  };
}
