/**
 * A local feed server for the demo: an RSS 2.0 feed of reviews and JSON feeds of social mentions,
 * with history spread over the last three days and a new live item every `liveEveryMs`.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SAMPLE_MENTIONS, SAMPLE_REVIEWS } from './sample-texts.ts';

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

export async function startSampleFeedServer(options: { port?: number; liveEveryMs?: number } = {}): Promise<FeedServer> {
  const liveEveryMs = options.liveEveryMs ?? 20_000;
  const start = new Date();
  const acmeMentions = SAMPLE_MENTIONS.filter((m) => !m.text.includes('@RivalRoast') || m.text.includes('@AcmeCoffee'));
  const rivalMentions = SAMPLE_MENTIONS.filter((m) => m.text.includes('@RivalRoast') && !m.text.includes('@AcmeCoffee'));

  const server: Server = createServer((req, res) => {
    const base = `http://${req.headers.host}`;
    const now = new Date();
    let body: string;
    let type: string;
    if (req.url === '/reviews.rss') {
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
    res.writeHead(200, { 'content-type': type, etag }).end(body);
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
