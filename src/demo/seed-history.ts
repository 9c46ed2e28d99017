/**
 * Seeds the demo's history through the real ingest path: the items are POSTed to the running API
 * (`/v1/items`, so validation, PII redaction, the queue, the classifier, the insert, triage and
 * the counters all run as for any client). What happened afterwards is then replayed at the times
 * it happened: support works the complaint cases, spike detection runs for the spike's hours, and
 * the digests of the last two complete weeks are built. Every step is idempotent, so a second run on
 * the same data adds nothing.
 */
import { previousIsoWeek, weekStart } from '../domain/digests/digest-week.ts';
import { itemIdFor } from '../domain/feedback/ingest-batch.service.ts';
import type { Container } from '../app/compose.ts';
import { demoHistory, type CasePlan, type DemoHistory, type DemoItem, type DemoStream } from './demo-history.ts';

/** Items per request (the API takes up to 1,000): smaller batches let the workers' jobs overlap. */
const PUSH_CHUNK = 200;
const HOUR = 3_600_000;

export interface SeedTarget {
  container: Container;
  /** Base URL of the running API and a key with the agent role or above. */
  api: string;
  key: string;
  sourceIds: Record<DemoStream, string>;
}

export interface SeedOutcome {
  history: DemoHistory;
  /** Items sent this run: all of them on a first run, none on a re-run the same day. */
  pushed: number;
  casesWorked: number;
  alerts: number;
  digestWeeks: string[];
}

async function push(target: SeedTarget, stream: DemoStream, items: DemoItem[]): Promise<void> {
  for (let i = 0; i < items.length; i += PUSH_CHUNK) {
    const body = {
      sourceId: target.sourceIds[stream],
      items: items.slice(i, i + PUSH_CHUNK).map(({ externalId, text, author, publishedAt, rating, nps, reach }) => ({ externalId, text, author, publishedAt, rating, nps, reach })),
    };
    const res = await fetch(`${target.api}/v1/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${target.key}` },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`seeding ${stream}: POST /v1/items answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
  }
}

/** Until the ingest queue has nothing waiting or running, then the buffered counters are written. */
async function waitForIngest(c: Container, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const q = (await c.queues.counts()).ingest;
    const pending = (q.waiting ?? 0) + (q.active ?? 0) + (q.delayed ?? 0) + (q.prioritized ?? 0);
    if (pending === 0) break;
    if (Date.now() > until) throw new Error(`seeding: ${pending} ingest jobs still pending after ${deadlineMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  await c.repos.counters.flush();
}

/** Replays what support did with each complaint, at the times it did it. */
async function workCases(target: SeedTarget, plans: CasePlan[]): Promise<number> {
  return target.container.triage.cases.replay(
    plans.map((plan) => ({
      itemId: String(itemIdFor(target.sourceIds[plan.stream], plan.externalId)),
      steps: plan.steps.map(({ at, by, status, assignee, note }) => ({ at, by, status, ...(assignee ? { assignee } : {}), ...(note ? { note } : {}) })),
    })),
  );
}

export async function seedHistory(target: SeedTarget, now: Date, progress: (line: string) => void): Promise<SeedOutcome> {
  const c = target.container;
  const history = demoHistory(now);
  // A re-run sends only what is not stored yet (sending it all again would be safe, only slower).
  const idOf = (i: DemoItem) => itemIdFor(target.sourceIds[i.stream], i.externalId);
  const stored = await c.repos.feedback.storedIds(history.items.map(idOf));
  const missing = history.items.filter((i) => !stored.has(String(idOf(i))));
  progress(`${stored.size} of ${history.items.length} history items since ${history.from.toISOString().slice(0, 10)} already stored; sending ${missing.length} through POST /v1/items`);
  for (const stream of new Set(missing.map((i) => i.stream))) await push(target, stream, missing.filter((i) => i.stream === stream));
  await waitForIngest(c, 300_000);

  progress('classified and stored; replaying support\'s work on the cases');
  const casesWorked = await workCases(target, history.cases);

  // What was stored on an earlier run was detected and digested then: only new items need it again.
  const newIn = (from: Date, to: Date) => missing.some((i) => i.publishedAt >= from && i.publishedAt < to);
  // Detection as the scheduler ran it during the spike: each hour, shortly before it ended.
  let alerts = 0;
  if (newIn(history.spike.from, history.spike.to)) {
    progress(`${casesWorked} case steps replayed; running spike detection for the spike's hours`);
    for (let t = history.spike.from.getTime(); t < history.spike.to.getTime(); t += HOUR) {
      alerts += (await c.analytics.alerts.detect(new Date(t + 50 * 60_000))).raised.length;
    }
  }

  const tz = c.config.digests.timeZone;
  const digestWeeks = [previousIsoWeek(new Date(now.getTime() - 7 * 24 * HOUR), tz), previousIsoWeek(now, tz)];
  for (const week of digestWeeks) {
    const from = weekStart(week)!;
    if ((await c.analytics.digestRepo.get(week)) && !newIn(from, new Date(from.getTime() + 7 * 24 * HOUR))) continue;
    progress(`building the digest of ${week}`);
    await c.analytics.digests.build(week, now);
  }
  return { history, pushed: missing.length, casesWorked, alerts, digestWeeks };
}
