/**
 * A local feed server for the demo: an RSS 2.0 feed of reviews, JSON feeds of social mentions, a
 * Mastodon-shaped hashtag timeline (`/api/v1/timelines/tag/:tag`, min_id/max_id, Link headers) and an
 * Algolia-shaped Hacker News search (`/api/v1/search_by_date`), with history spread over the last
 * three days and a new live item every `liveEveryMs`.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SAMPLE_HN_COMMENTS, SAMPLE_MENTIONS, SAMPLE_REVIEWS, SAMPLE_TOOTS } from './sample-texts.ts';

export interface FeedServer {
  url: string;
  close(): Promise<void>;
}

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

interface Timed<T> {
  id: string;
  at: Date;
  sample: T;
}

function schedule<T>(samples: T[], prefix: string, start: Date, now: Date, liveEveryMs: number): Array<Timed<T>> {
  const historySpanMs = 72 * 3_600_000;
  const history = samples.map((sample, i) => ({
    id: `${prefix}-${i}`,
    at: new Date(start.getTime() - historySpanMs + (historySpanMs * (i + 0.5)) / samples.length),
    sample,
  }));
  const liveCount = Math.max(0, Math.floor((now.getTime() - start.getTime()) / liveEveryMs));
  const live = Array.from({ length: liveCount }, (_, k) => ({
    id: `${prefix}-live-${k}`,
    at: new Date(start.getTime() + (k + 1) * liveEveryMs),
    sample: samples[(k * 7) % samples.length]!,
  }));
  return [...history, ...live].sort((a, b) => b.at.getTime() - a.at.getTime());
}

function reviewsRss(items: Array<Timed<(typeof SAMPLE_REVIEWS)[number]>>, base: string): string {
  const entries = items
    .map(
      ({ id, at, sample }) => `    <item>
      <title>${escapeXml(sample.title)}</title>
      <link>${base}/reviews/${id}</link>
      <guid isPermaLink="false">${id}</guid>
      <description>${escapeXml(`<p>${sample.body}</p>`)}</description>
      <dc:creator>${escapeXml(sample.author)}</dc:creator>
      <pubDate>${at.toUTCString()}</pubDate>
      <review:rating>${sample.rating}</review:rating>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:review="https://earshot.dev/ns/review">
  <channel>
    <title>Acme Coffee reviews</title>
    <link>${base}/reviews</link>
    <description>Customer reviews of Acme Coffee</description>
${entries}
  </channel>
</rss>
`;
}

function mentionsJson(items: Array<Timed<(typeof SAMPLE_MENTIONS)[number]>>, base: string): string {
  return JSON.stringify({
    data: items.map(({ id, at, sample }) => ({
      id,
      content: `<p>${escapeXml(sample.text)}</p>`,
      created_at: at.toISOString(),
      url: `${base}/mentions/${id}`,
      account: { acct: sample.author },
      favourites_count: sample.likes,
    })),
  });
}

/** Mastodon ids grow with time: milliseconds then a sequence number, as numeric strings. */
const tootId = (at: Date, k: number) => String(at.getTime() * 1000 + (k % 1000));

function mastodonTimeline(items: Array<Timed<(typeof SAMPLE_TOOTS)[number]>>, base: string, url: URL): { body: string; link: string } {
  const statuses = items
    .map(({ at, sample }, k) => ({
      id: tootId(at, k),
      created_at: at.toISOString(),
      url: `${base}/@${sample.author.split('@')[0]}/${tootId(at, k)}`,
      content: `<p>${escapeXml(sample.text).replace(/#(\w+)/g, '<a href="' + base + '/tags/$1" class="mention hashtag" rel="tag">#<span>$1</span></a>')}</p>`,
      spoiler_text: '',
      language: 'en',
      replies_count: Math.floor(sample.likes / 4),
      reblogs_count: Math.floor(sample.likes / 3),
      favourites_count: sample.likes,
      reblog: null,
      account: { id: String(1000 + k), username: sample.author.split('@')[0], acct: sample.author },
    }))
    .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  const limit = Math.min(40, Number(url.searchParams.get('limit') ?? 20));
  const minId = url.searchParams.get('min_id');
  const maxId = url.searchParams.get('max_id');
  const sinceId = url.searchParams.get('since_id');
  let page = statuses;
  if (maxId) page = page.filter((s) => BigInt(s.id) < BigInt(maxId));
  if (sinceId) page = page.filter((s) => BigInt(s.id) > BigInt(sinceId));
  // min_id: the statuses immediately newer than it (the oldest of those first), returned newest first.
  page = minId ? page.filter((s) => BigInt(s.id) > BigInt(minId)).slice(-limit) : page.slice(0, limit);
  const path = url.pathname;
  const link = page.length
    ? `<${base}${path}?limit=${limit}&max_id=${page[page.length - 1]!.id}>; rel="next", <${base}${path}?limit=${limit}&min_id=${page[0]!.id}>; rel="prev"`
    : '';
  return { body: JSON.stringify(page), link };
}

function hnSearch(items: Array<Timed<(typeof SAMPLE_HN_COMMENTS)[number]>>, url: URL): string {
  const filter = /created_at_i>=?(\d+)/.exec(url.searchParams.get('numericFilters') ?? '');
  const hits = items
    .map(({ id, at, sample }, k) => ({
      created_at: at.toISOString(),
      created_at_i: Math.floor(at.getTime() / 1000),
      title: null,
      url: null,
      author: sample.author,
      points: null,
      story_text: null,
      comment_text: escapeXml(sample.text),
      num_comments: null,
      story_id: 40_000_000,
      story_title: 'Ask HN: Which coffee subscription do you use?',
      parent_id: 40_000_000 + k,
      objectID: String(41_000_000 + Number(id.replace(/\D/g, '') || 0) + (id.includes('live') ? 500_000 : 0)),
      _tags: ['comment', `author_${sample.author}`, 'story_40000000'],
    }))
    .filter((h) => !filter || h.created_at_i >= Number(filter[1]));
  const hitsPerPage = Math.max(1, Number(url.searchParams.get('hitsPerPage') ?? 20));
  const page = Number(url.searchParams.get('page') ?? 0);
  return JSON.stringify({
    hits: hits.slice(page * hitsPerPage, (page + 1) * hitsPerPage),
    nbHits: hits.length,
    page,
    nbPages: Math.ceil(hits.length / hitsPerPage),
    hitsPerPage,
    exhaustiveNbHits: true,
    query: url.searchParams.get('query') ?? '',
    params: url.search.slice(1),
    processingTimeMS: 1,
  });
}

export async function startSampleFeedServer(options: { port?: number; liveEveryMs?: number } = {}): Promise<FeedServer> {
  const liveEveryMs = options.liveEveryMs ?? 20_000;
  const start = new Date();
  const acmeMentions = SAMPLE_MENTIONS.filter((m) => !m.text.includes('@RivalRoast') || m.text.includes('@AcmeCoffee'));
  const rivalMentions = SAMPLE_MENTIONS.filter((m) => m.text.includes('@RivalRoast') && !m.text.includes('@AcmeCoffee'));

  const server: Server = createServer((req, res) => {
    const base = `http://${req.headers.host}`;
    const now = new Date();
    const url = new URL(req.url ?? '/', base);
    let body: string;
    let type: string;
    const extra: Record<string, string> = {};
    if (url.pathname === '/api/v1/timelines/tag/acmecoffee') {
      const timeline = mastodonTimeline(schedule(SAMPLE_TOOTS, 'toot', start, now, liveEveryMs * 2), base, url);
      body = timeline.body;
      type = 'application/json; charset=utf-8';
      if (timeline.link) extra.link = timeline.link;
    } else if (url.pathname === '/api/v1/search_by_date') {
      body = hnSearch(schedule(SAMPLE_HN_COMMENTS, 'hn', start, now, liveEveryMs * 3), url);
      type = 'application/json; charset=utf-8';
    } else if (req.url === '/reviews.rss') {
      body = reviewsRss(schedule(SAMPLE_REVIEWS, 'review', start, now, liveEveryMs), base);
      type = 'application/rss+xml; charset=utf-8';
    } else if (req.url === '/mentions/acme.json') {
      body = mentionsJson(schedule(acmeMentions, 'acme', start, now, liveEveryMs), base);
      type = 'application/json';
    } else if (req.url === '/mentions/rival.json') {
      body = mentionsJson(schedule(rivalMentions, 'rival', start, now, liveEveryMs * 3), base);
      type = 'application/json';
    } else {
      res.writeHead(404).end('not found');
      return;
    }
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': type, etag, ...extra }).end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
