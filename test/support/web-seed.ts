/**
 * A small but complete history for the web app's browser tests, screenshots and bench: sample
 * customers, ten days of reviews, mentions and surveys for two labels pushed through the real
 * ingest path (POST /v1/items → queue → classify → store → counters → cases), a planted spike in
 * the last hour with its alert, a source, some worked cases and last week's digest.
 */
import { readFile } from 'node:fs/promises';
import { importCustomersCsv } from '../../src/cli/import-customers.command.ts';
import { previousIsoWeek } from '../../src/domain/digests/digest-week.ts';
import type { Container } from '../../src/app/compose.ts';
import type { TestApi } from './http.ts';
import { ADMIN_KEY, AGENT_KEY, eventually } from './test-env.ts';

const HOUR = 3_600_000;
/** Sample customers' handles (src/demo/sample-customers.csv): their complaints open cases with tiers. */
const CUSTOMERS = ['ana.m', 'tina', 'mei', 'coffee_nerd'];

const COMPLAINTS = [
  'My order arrived cold and late again. Please refund me, this is the third time.',
  'The app charged my card twice for one latte, I need my money back now',
  'Waited 40 minutes at the counter and the staff ignored me. Fix this please.',
  'Delivery never showed up and support will not answer. Where is my order?',
  'So disappointed, the new cups leak everywhere. Honestly the worst.',
  'Ugh, I forgot my loyalty card again and paid full price, my own fault I guess',
  'Prices went up again, way too expensive now. Terrible value.',
];
const PRAISE = [
  'Lovely latte and quick, friendly service at the corner shop',
  'Great coffee, the baristas are wonderful. Exactly what I expected.',
  'Best flat white in town, absolutely delighted with the new blend!',
  'I recommend Acme to everyone, my friends love it too',
  'Nice place to work, good wifi and comfy chairs',
];
const NEUTRAL = ['When does the new store on Main Street open?', 'Do you sell decaf beans in 1 kg bags?', 'Saw an Acme van downtown today'];
const DEFECTION = "I'm cancelling my subscription and switching to another brand, you lost me.";
const SPIKE = 'Checkout broken again, payment failed twice and my card was charged';

export interface SeedResult {
  items: number;
  lastWeek: string;
}

/** Deterministic, so every run seeds the same history relative to `now`. */
export function seedItems(now = Date.now()): Array<{ label: string; kind: 'review' | 'mention' | 'survey'; item: Record<string, unknown> }> {
  const items: Array<{ label: string; kind: 'review' | 'mention' | 'survey'; item: Record<string, unknown> }> = [];
  const currentHour = Math.floor(now / HOUR) * HOUR;
  const spikeHour = currentHour - HOUR;
  let n = 0;
  for (let t = currentHour - 10 * 24 * HOUR; t < currentHour; t += HOUR) {
    const perHour = 2 + ((t / HOUR) % 3);
    for (let i = 0; i < perHour; i++) {
      n++;
      const label = n % 4 === 0 ? 'rival' : 'acme';
      const kind = n % 3 === 0 ? 'review' : n % 3 === 1 ? 'mention' : 'survey';
      const pick = n % 7;
      const base = pick < 2 ? COMPLAINTS[n % COMPLAINTS.length]! : pick < 5 ? PRAISE[n % PRAISE.length]! : NEUTRAL[n % NEUTRAL.length]!;
      // A visit reference keeps texts distinct: the same words twice would be stored as a cross-post.
      const text = `${base} #${n}`;
      const item: Record<string, unknown> = {
        externalId: `seed-${n}`,
        text,
        author: pick < 2 && n % 3 === 0 ? CUSTOMERS[n % CUSTOMERS.length] : `user${n % 97}`,
        publishedAt: new Date(t + i * 7 * 60_000).toISOString(),
        url: `https://example.com/${label}/${n}`,
        reach: (n * 37) % 400,
      };
      if (kind === 'review') item.rating = pick < 2 ? 1 + (n % 2) : pick < 5 ? 4 + (n % 2) : 3;
      if (kind === 'survey') item.nps = pick < 2 ? n % 6 : pick < 5 ? 8 + (n % 3) : 7;
      items.push({ label, kind, item });
    }
  }
  for (let i = 0; i < 40; i++) {
    items.push({ label: 'acme', kind: 'mention', item: { externalId: `spike-${i}`, text: `${SPIKE} (#${i})`, author: `spiker${i}`, publishedAt: new Date(spikeHour + i * 60_000).toISOString() } });
  }
  items.push({ label: 'acme', kind: 'mention', item: { externalId: 'defect-1', text: DEFECTION, author: 'ana.m', publishedAt: new Date(currentHour - 3 * HOUR).toISOString() } });
  return items;
}

export async function seedWebHistory(c: Container, api: TestApi, now = new Date()): Promise<SeedResult> {
  await importCustomersCsv(c, await readFile(new URL('../../src/demo/sample-customers.csv', import.meta.url), 'utf8'));
  const items = seedItems(now.getTime());
  const groups = new Map<string, Array<Record<string, unknown>>>();
  for (const { label, kind, item } of items) {
    const key = `${label}|${kind}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  for (const [key, list] of groups) {
    const [label, kind] = key.split('|');
    for (let i = 0; i < list.length; i += 1000) {
      const res = await api.request('POST', '/v1/items', { key: AGENT_KEY, body: { label, kind, items: list.slice(i, i + 1000) } });
      if (res.status !== 202) throw new Error(`seed push failed: ${res.status} ${JSON.stringify(res.body)}`);
    }
  }
  await eventually(async () => (await c.repos.feedback.count()) === items.length, 120_000, 200);
  await eventually(async () => {
    const buzz = await api.request('GET', `/v1/trends/buzz?interval=day&from=${new Date(now.getTime() - 11 * 86_400_000).toISOString()}&to=${now.toISOString()}`, { key: ADMIN_KEY });
    return buzz.body.buckets?.reduce((s: number, b: { total: number }) => s + b.total, 0) === items.length;
  }, 60_000, 200);

  const source = await api.request('POST', '/v1/sources', {
    key: ADMIN_KEY,
    body: { type: 'rss', name: 'Acme reviews (RSS)', url: 'http://127.0.0.1:9/reviews.rss', kind: 'review', label: 'acme', pollIntervalSec: 3600 },
  });
  if (source.status !== 201) throw new Error(`seed source failed: ${JSON.stringify(source.body)}`);

  // A few worked cases, so recovery and the audit trail have something to show.
  const queue = await api.request('GET', '/v1/cases?limit=6', { key: AGENT_KEY });
  for (const kase of queue.body.cases.slice(3, 6)) {
    await api.request('PATCH', `/v1/cases/${kase.id}`, { key: AGENT_KEY, body: { status: 'acknowledged', note: 'Looking into it' } });
    await api.request('PATCH', `/v1/cases/${kase.id}`, { key: AGENT_KEY, body: { status: 'resolved', note: 'Refunded' } });
  }

  await c.analytics.alerts.detect(now);
  const lastWeek = previousIsoWeek(now, c.config.digests.timeZone);
  const digest = await api.request('POST', '/v1/digests', { key: AGENT_KEY, body: { week: lastWeek } });
  if (digest.status !== 201) throw new Error(`seed digest failed: ${JSON.stringify(digest.body)}`);
  return { items: items.length, lastWeek };
}
