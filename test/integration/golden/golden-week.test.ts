/**
 * The golden week: a hand-built dataset stored through the ingest step that follows
 * classification (storeAndCount: insert → triage listeners → counters), with labels given so the
 * figures do not depend on the model. Every figure below was computed by hand from the
 * definitions in docs/analytics.md and docs/triage.md; the comments show the arithmetic.
 *
 * Week 2026-W45 (Mon 2 Nov – Sun 8 Nov), two brands, 14 items:
 *
 * | id  | brand | day | author | category (level, sentiment)          | complaint              | aspects | rating | NPS | reach |
 * |-----|-------|-----|--------|--------------------------------------|------------------------|---------|--------|-----|-------|
 * | A1  | acme  | Mon | ann    | complaint (dissatisfied, −0.30)      | instrumental ostensive | process |        | 2   | 9     |
 * | A4  | acme  | Mon | cat    | advocacy (delighted, +0.50)          |                        | people  |        | 10  | 999   |
 * | R1  | rival | Mon | ivy    | neutral (0)                          |                        |         |        |     |       |
 * | A2  | acme  | Tue | bob    | complaint (dissatisfied, −0.15)      | non-instr. reflexive   | product | 2      |     |       |
 * | A5  | acme  | Tue | dan    | experience (satisfied, +0.25)        |                        | product | 5      |     |       |
 * | R2  | rival | Tue | jon    | advocacy (delighted, +0.50)          |                        |         |        |     | 9     |
 * | A3  | acme  | Wed | ann    | complaint (dissatisfied, −0.30)      | instrumental ostensive | process |        |     | 99    |
 * | A6  | acme  | Wed | bob    | experience (dissatisfied, −0.20)     |                        | product | 2      |     |       |
 * | R3  | rival | Wed | kim    | complaint (dissatisfied, −0.30)      | instrumental ostensive |         |        |     |       |
 * | A7  | acme  | Thu | fay    | neutral (0)                          |                        |         |        | 8   |       |
 * | A8  | acme  | Thu | —      | not scored (Spanish, confidence 0)   |                        |         |        | 9   |       |
 * | A11 | acme  | Thu | hal    | complaint (dissatisfied, −0.30)      | instrumental ostensive |         |        |     |       |
 * | A9  | acme  | Fri | ann    | experience (satisfied, +0.25)        |                        |         | 4      |     |       |
 * | A10 | acme  | Sat | bob    | complaint (dissatisfied, −0.15)      | non-instr. ostensive   |         |        |     |       |
 *
 * The week before (W44): P1 acme complaint (lee, instrumental ostensive, −0.30), P2 acme
 * experience (max, satisfied, +0.25, rating 4), P3 rival neutral (ned).
 * Cases resolved (acknowledged and resolved at once): A1 on Tue 10:00, A2 on Wed 10:00, A11 on Fri 16:00.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.ts';
import type { Aspect, Classification, ComplaintBlame, ComplaintIntent } from '../../../src/domain/classification/classification.types.ts';
import { labels } from '../../support/classification.ts';
import type { FeedbackItemDoc } from '../../../src/domain/feedback/feedback-item.model.ts';
import { itemIdFor, storeAndCount } from '../../../src/domain/feedback/ingest-batch.service.ts';
import { hashAuthor } from '../../../src/domain/privacy/author-hash.ts';
import { dayKey, hourKey, isoWeekKey } from '../../../src/domain/trends/buckets.ts';
import { listen, type TestApi } from '../../support/http.ts';
import { VIEWER_KEY, startTestEnv, type TestEnv } from '../../support/test-env.ts';

const base = labels();
const sentiment = (comparative: number): Classification['sentiment'] => ({ score: Math.round(comparative * 10), comparative, label: comparative > 0 ? 'positive' : comparative < 0 ? 'negative' : 'neutral' });
const complaint = (intent: ComplaintIntent, blame: ComplaintBlame, comparative: number, aspects: Aspect[] = []): Classification => ({
  ...base,
  category: 'complaint',
  complaint: { intent, blame },
  satisfaction: 'dissatisfied',
  sentiment: sentiment(comparative),
  aspects,
});
const advocacy = (aspects: Aspect[] = []): Classification => ({ ...base, category: 'advocacy', advocacy: true, satisfaction: 'delighted', sentiment: sentiment(0.5), aspects });
const experience = (level: 'satisfied' | 'dissatisfied', comparative: number, aspects: Aspect[] = []): Classification => ({
  ...base,
  category: 'satisfaction',
  satisfaction: level,
  sentiment: sentiment(comparative),
  aspects,
});
const spanish: Classification = { ...base, language: 'es', confidence: 0 };

interface Row {
  id: string;
  label: 'acme' | 'rival';
  at: string;
  author?: string;
  c: Classification;
  kind?: FeedbackItemDoc['kind'];
  rating?: number;
  nps?: number;
  reach?: number;
}

const ROWS: Row[] = [
  { id: 'P1', label: 'acme', at: '2026-10-27T10:00', author: 'lee', c: complaint('instrumental', 'ostensive', -0.3) },
  { id: 'P2', label: 'acme', at: '2026-10-28T10:00', author: 'max', c: experience('satisfied', 0.25), kind: 'review', rating: 4 },
  { id: 'P3', label: 'rival', at: '2026-10-28T11:00', author: 'ned', c: base },
  { id: 'A1', label: 'acme', at: '2026-11-02T10:00', author: 'ann', c: complaint('instrumental', 'ostensive', -0.3, ['process']), kind: 'survey', nps: 2, reach: 9 },
  { id: 'A4', label: 'acme', at: '2026-11-02T12:00', author: 'cat', c: advocacy(['people']), kind: 'survey', nps: 10, reach: 999 },
  { id: 'R1', label: 'rival', at: '2026-11-02T15:00', author: 'ivy', c: base },
  { id: 'A2', label: 'acme', at: '2026-11-03T10:00', author: 'bob', c: complaint('non-instrumental', 'reflexive', -0.15, ['product']), kind: 'review', rating: 2 },
  { id: 'A5', label: 'acme', at: '2026-11-03T12:00', author: 'dan', c: experience('satisfied', 0.25, ['product']), kind: 'review', rating: 5 },
  { id: 'R2', label: 'rival', at: '2026-11-03T15:00', author: 'jon', c: advocacy(), reach: 9 },
  { id: 'A3', label: 'acme', at: '2026-11-04T10:00', author: 'ann', c: complaint('instrumental', 'ostensive', -0.3, ['process']), reach: 99 },
  { id: 'A6', label: 'acme', at: '2026-11-04T12:00', author: 'bob', c: experience('dissatisfied', -0.2, ['product']), kind: 'review', rating: 2 },
  { id: 'R3', label: 'rival', at: '2026-11-04T15:00', author: 'kim', c: complaint('instrumental', 'ostensive', -0.3) },
  { id: 'A11', label: 'acme', at: '2026-11-05T10:00', author: 'hal', c: complaint('instrumental', 'ostensive', -0.3) },
  { id: 'A7', label: 'acme', at: '2026-11-05T12:00', author: 'fay', c: base, kind: 'survey', nps: 8 },
  { id: 'A8', label: 'acme', at: '2026-11-05T14:00', c: spanish, kind: 'survey', nps: 9 },
  { id: 'A9', label: 'acme', at: '2026-11-06T10:00', author: 'ann', c: experience('satisfied', 0.25), kind: 'review', rating: 4 },
  { id: 'A10', label: 'acme', at: '2026-11-07T10:00', author: 'bob', c: complaint('non-instrumental', 'ostensive', -0.15) },
];
const WEEK = 'from=2026-11-02T00:00:00Z&to=2026-11-09T00:00:00Z';
const NOW = new Date('2026-11-09T00:00:00Z');

let env: TestEnv;
let api: TestApi;
const get = async (path: string) => {
  const res = await api.request('GET', path);
  expect(res.status).toBe(200);
  return res.body;
};
const caseOf = async (id: string) => (await env.container.triage.cases.rank({}, NOW)).find((r) => r.doc.itemId === String(itemIdFor(`src-${ROWS.find((x) => x.id === id)!.label}`, id)))!;

beforeAll(async () => {
  env = await startTestEnv('golden_week');
  const c = env.container;
  // One batch per brand source, as two sources would deliver them.
  for (const label of ['acme', 'rival'] as const) {
    const docs: FeedbackItemDoc[] = ROWS.filter((r) => r.label === label).map((r) => {
      const at = new Date(`${r.at}:00Z`);
      return {
        sourceId: `src-${label}`,
        label,
        kind: r.kind ?? 'mention',
        externalId: r.id,
        authorHash: r.author ? hashAuthor(r.author, c.config.privacy.authorSalt) : null,
        text: `golden item ${r.id}`,
        ...(r.rating !== undefined ? { rating: r.rating } : {}),
        ...(r.nps !== undefined ? { nps: r.nps } : {}),
        ...(r.reach !== undefined ? { reach: r.reach } : {}),
        language: r.c.language,
        publishedAt: at,
        ingestedAt: at,
        hour: hourKey(at),
        day: dayKey(at),
        week: isoWeekKey(at),
        classification: r.c,
        modelVersion: 'golden',
      };
    });
    await storeAndCount({ feedback: c.repos.feedback, counters: c.repos.counters, onStored: c.triage.listeners }, `golden|${label}`, docs);
  }
  for (const [id, at] of [
    ['A1', '2026-11-03T10:00:00Z'],
    ['A2', '2026-11-04T10:00:00Z'],
    ['A11', '2026-11-06T16:00:00Z'],
  ] as const) {
    const caseId = String((await caseOf(id)).doc._id);
    await c.triage.cases.patch(caseId, { status: 'acknowledged' }, 'lead@acme.test', new Date(at));
    await c.triage.cases.patch(caseId, { status: 'resolved' }, 'lead@acme.test', new Date(at));
  }
  api = await listen(createApp(c), VIEWER_KEY);
}, 90_000);
afterAll(async () => {
  await api?.close();
  await env?.teardown();
});

describe('the golden week', () => {
  it('buzz: items per day and per week, by category', async () => {
    const daily = await get(`/v1/trends/buzz?interval=day&${WEEK}`);
    expect(daily.buckets.map((b: any) => b.volume)).toEqual([3, 3, 3, 3, 1, 1, 0]);
    const weekly = await get(`/v1/trends/buzz?interval=week&${WEEK}`);
    expect(weekly.buckets).toHaveLength(1);
    const w = weekly.buckets[0];
    expect([w.bucket, w.partial, w.volume]).toEqual(['2026-W45', false, 14]);
    // complaints A1 A2 A3 A10 A11 R3; advocacy A4 R2; experience A5 A6 A9 (A6 dissatisfied); neutral A7 R1; not scored A8.
    expect(w.categories).toEqual({ experience: 3, complaint: 6, advocacy: 2, neutral: 2, notScored: 1 });
    // 14 against W44's 3: +11, +366.7 %.
    expect(w.change).toEqual({ volume: 11, percent: 366.7 });
  });

  it('satisfaction and metrics: every figure of the week', async () => {
    const t = (await get(`/v1/trends/metrics?interval=week&${WEEK}`)).totals;
    expect(t.volume).toBe(14);
    expect(t.scored).toBe(13);
    expect(t.notScored).toEqual({ count: 1, byLanguage: { es: 1 } });
    // 14 items / 168 h.
    expect(t.velocity).toBe(0.083);
    // Σ reach = 9 + 999 + 9 + 99 = 1116; Σ (1 + reach) = 1116 + 14.
    expect(t.reach).toBe(1116);
    expect(t.reachWeightedVolume).toBe(1130);
    // 2 advocates of 13 scored = 15.4 %; 6 complaints of 13 = 46.2 %.
    expect(t.advocacy).toEqual({ count: 2, rate: 15.4 });
    expect(t.complaints.count).toBe(6);
    expect(t.complaints.rate).toBe(46.2);
    // Of the 6 complaints: instrumental A1 A3 A11 R3 (4), non-instrumental A2 A10 (2); ostensive 5, reflexive A2 (1).
    expect(t.complaints.counts).toEqual({ instrumental: 4, nonInstrumental: 2, ostensive: 5, reflexive: 1 });
    expect(t.complaints.byType).toEqual({ instrumental: 66.7, nonInstrumental: 33.3, ostensive: 83.3, reflexive: 16.7 });
    // Positive A4 A5 A9 R2 (4), negative the 6 complaints and A6 (7), of 13 scored: (4 − 7) / 13 = −23.1 points.
    expect(t.netSentiment).toBe(-23.1);
    // (−0.3 −0.15 −0.3 −0.2 −0.15 −0.3 −0.3 + 0.5 + 0.25 + 0.25 + 0.5) / 13 = −0.2 / 13.
    expect(t.meanSentiment).toBe(-0.015);
    expect(t.satisfactionMix).toEqual({ dissatisfied: 7, satisfied: 2, delighted: 2 });
    // Ratings 2, 5, 2, 4: two of four are 4 or 5; mean 13 / 4.
    expect(t.csat).toEqual({ score: 50, count: 4, meanRating: 3.25 });
    // Answers 2, 10, 8, 9 (the Spanish answer counts: the number is the respondent's): promoters 2, detractors 1.
    expect(t.nps).toEqual({ score: 25, count: 4, promoters: 2, detractors: 1, meanAnswer: 7.25 });
    const sat = (await get(`/v1/trends/satisfaction?interval=week&${WEEK}`)).buckets[0];
    expect(sat).toMatchObject({ volume: 14, scored: 13, meanSentiment: -0.015, csat: t.csat, nps: t.nps, satisfactionMix: t.satisfactionMix });
  });

  it('breakdowns by brand and by kind', async () => {
    const byLabel = await get(`/v1/trends/breakdown?by=label&interval=week&${WEEK}`);
    expect(byLabel.groups.map((g: any) => [g.key, g.metrics.volume, g.share])).toEqual([
      ['acme', 11, 78.6],
      ['rival', 3, 21.4],
    ]);
    const byKind = await get(`/v1/trends/breakdown?by=kind&interval=week&${WEEK}`);
    // Mentions A3 A10 A11 R1 R2 R3; reviews A2 A5 A6 A9; surveys A1 A4 A7 A8.
    expect(byKind.groups.map((g: any) => [g.key, g.metrics.volume, g.share])).toEqual([
      ['mention', 6, 42.9],
      ['review', 4, 28.6],
      ['survey', 4, 28.6],
    ]);
  });

  it('share of voice', async () => {
    const sov = await get(`/v1/trends/share-of-voice?interval=week&${WEEK}`);
    expect(sov.totals).toEqual({ volume: 14, reachWeightedVolume: 1130, advocacy: 2 });
    // acme: Σ (1 + reach) = 11 + 9 + 999 + 99 = 1118 of 1130; net (3 − 6) / 10 scored. rival: 12 of 1130; net (1 − 1) / 3.
    expect(sov.labels).toEqual([
      { label: 'acme', volume: 11, share: 78.6, reachShare: 98.9, advocacyShare: 50, netSentiment: -30 },
      { label: 'rival', volume: 3, share: 21.4, reachShare: 1.1, advocacyShare: 50, netSentiment: 0 },
    ]);
  });

  it('aspects: items, shares of scored items, and impact', async () => {
    const aspects = (await get(`/v1/trends/aspects?interval=week&${WEEK}`)).aspects;
    const of = (a: string) => aspects.find((x: any) => x.aspect === a);
    // Overall: net −3/13 = −23.08 points, NPS +25.
    // process (A1 A3, both negative): without it (4 − 5) / 11 = −9.09 → impact −13.99; NPS without A1 (2 − 0) / 3 = 66.7 → −41.7.
    expect(of('process')).toEqual({ aspect: 'process', items: 2, share: 15.4, complaints: 2, netSentiment: -100, nps: -100, impact: { netSentiment: -14, nps: -41.7 } });
    // product (A2 −, A5 +, A6 −): without it (3 − 5) / 10 = −20 → −3.08; no NPS answers.
    expect(of('product')).toEqual({ aspect: 'product', items: 3, share: 23.1, complaints: 1, netSentiment: -33.3, nps: null, impact: { netSentiment: -3.1, nps: null } });
    // people (A4 +, NPS 10): without it (3 − 7) / 12 = −33.33 → +10.26; NPS without A4 (1 − 1) / 3 = 0 → +25.
    expect(of('people')).toEqual({ aspect: 'people', items: 1, share: 7.7, complaints: 0, netSentiment: 100, nps: 100, impact: { netSentiment: 10.3, nps: 25 } });
    expect(aspects[0].aspect).toBe('process');
  });

  it('cases: scores, order and repeats', async () => {
    const open = (await env.container.triage.cases.rank({ status: ['open'] }, NOW)).map((r) => ({ id: r.doc.text.slice('golden item '.length), score: r.priority.score }));
    // A3: 150 intent + 30 SLA (110 h of 72 h, capped at 1.5×) + 5 reach (99) + 10 sentiment (−0.30) + 5 repeat (A1) = 200.
    // P1: 150 + 30 (326 h) + 0 + 10 + 0 = 190.
    // R3: 150 + 29.17 (105 h / 72 h × 30 / 1.5) + 0 + 10 + 0 = 189.17.
    // A10: 0 + 10.56 (38 h / 72 h × 20) + 0 + 5 (−0.15) + 5 repeat (A2; A6 is not a complaint) = 20.56.
    expect(open).toEqual([
      { id: 'A3', score: 200 },
      { id: 'P1', score: 190 },
      { id: 'R3', score: 189.17 },
      { id: 'A10', score: 20.56 },
    ]);
    expect((await caseOf('A3')).priority.reasons.find((r) => r.factor === 'repeat')).toMatchObject({ value: 1, points: 5 });
  });

  it('recovery and the paradox, with the counts behind each share', async () => {
    const r = await get(`/v1/recovery?${WEEK}`);
    // A1: ann's latest later item is A9 (satisfied) → recovered. A2: bob's latest is A10 (a complaint) → not recovered. A11: nothing later → silent.
    expect(r.resolvedCases).toBe(3);
    expect(r.outcomes).toEqual({ recovered: 1, notRecovered: 1, silent: 1, untraceable: 0 });
    expect(r.recoveryRate).toBe(0.333);
    expect(r.recoveryRateAmongResponders).toBe(0.5);
    // Published → resolved: 24 h, 24 h, 30 h.
    expect(r.timeToResolution).toEqual({ count: 3, meanHours: 26, medianHours: 24, p90Hours: 30 });
    // Recovered complainants' later items: A3 (complaint) and A9 (satisfied, rating 4).
    expect(r.paradox.recoveredComplainants).toEqual({ authors: 1, items: 2, satisfiedItems: 1, satisfiedShare: 0.5, meanRating: 4, ratedItems: 1, meanSentiment: -0.025 });
    // Never complained, in the week, with an author: A4 A5 A7 R1 R2 (A8 is anonymous); satisfied A4 A5 R2.
    expect(r.paradox.neverComplained).toEqual({ authors: 5, items: 5, satisfiedItems: 3, satisfiedShare: 0.6, meanRating: 5, ratedItems: 1, meanSentiment: 0.25 });
    expect(r.paradox.satisfiedShareDifference).toBe(-0.1);
    // One recovered author is too few to call it.
    expect(r.paradox.holds).toBeNull();
  });

  it('the digest repeats the same figures, with last week beside them', async () => {
    const d = await env.container.analytics.digests.build('2026-W45', NOW);
    const h = d.headline;
    expect(h.volume).toEqual({ value: 14, previous: 3, change: 11, changePercent: 366.7 });
    // W44: P1 negative, P2 positive, P3 neutral → 0.
    expect(h.netSentiment).toEqual({ value: -23.1, previous: 0, change: -23.1, changePercent: null });
    expect(h.nps).toEqual({ value: 25, previous: null, change: null, changePercent: null, answers: 4 });
    expect(h.csat).toEqual({ value: 50, previous: 100, change: -50, changePercent: -50, ratings: 4 });
    expect(h.complaints).toEqual({ value: 6, previous: 1, change: 5, changePercent: 500, byType: { instrumental: 4, nonInstrumental: 2, ostensive: 5, reflexive: 1 } });
    // 46.2 % against 1 of 3 (33.3 %): +12.9 points, +38.7 %.
    expect(h.complaintRate).toEqual({ value: 46.2, previous: 33.3, change: 12.9, changePercent: 38.7 });
    expect(h.advocacy).toEqual({ value: 2, previous: 0, change: 2, changePercent: null });
    expect(h.advocacyRate).toEqual({ value: 15.4, previous: 0, change: 15.4, changePercent: null });
    expect(h.reachWeightedVolume).toEqual({ value: 1130, previous: 3, change: 1127, changePercent: 37566.7 });
    expect(h.notScored).toEqual({ count: 1, byLanguage: { es: 1 } });
    expect(d.daily.map((x) => x.volume)).toEqual([3, 3, 3, 3, 1, 1, 0]);
    expect(d.shareOfVoice).toEqual([
      { label: 'acme', volume: 11, share: 78.6, previousShare: 66.7, netSentiment: -30, advocacyShare: 50 },
      { label: 'rival', volume: 3, share: 21.4, previousShare: 33.3, netSentiment: 0, advocacyShare: 50 },
    ]);
    // No aspect last week: the biggest movers are product (+3), process (+2), people (+1).
    expect(d.movers.aspects.map((a) => [a.aspect, a.items, a.previous, a.impact])).toEqual([
      ['product', 3, 0, -3.1],
      ['process', 2, 0, -14],
      ['people', 1, 0, 10.3],
    ]);
    expect(d.recovery).toMatchObject({ available: true, resolvedCases: 3, recoveryRate: 0.333, recovered: 1, notRecovered: 1, silent: 1, medianHoursToResolution: 24 });
    expect(d.executive.fiveNumbers.map((n) => [n.name, n.value, n.unit, n.change])).toEqual([
      ['Items', 14, '', 366.7],
      ['Net sentiment', -23.1, 'pts', -23.1],
      ['NPS', 25, 'pts', null],
      ['CSAT', 50, '%', -50],
      ['Complaint rate', 46.2, '%', 12.9],
    ]);
  });
});
