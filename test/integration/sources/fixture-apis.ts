/**
 * Local stand-ins for each source's public API, built from the documented response shapes in
 * test/fixtures/sources/: each serves a growing list of posts with the API's own pagination and
 * incremental parameters, ETags for 304s, and switchable failures (429, hang, malformed, oversized).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Post {
  n: number;
  at: Date;
  text: string;
}

type Json = Record<string, any>;

const fixture = (name: string): any => JSON.parse(readFileSync(new URL(`../../fixtures/sources/${name}`, import.meta.url), 'utf8'));
const clone = <T>(v: T): T => structuredClone(v);

const TEXTS = [
  'my order arrived damaged and nobody answers my emails',
  'the oat flat white at the station kiosk was smooth and not too sweet',
  'the subscription page has no way to pause deliveries',
  'honestly the best roaster around, everyone should try the Kenya AA',
  'does the decaf come in whole beans',
  'charged me twice for the same order, please refund the duplicate',
  'the new app keeps logging me out and I cannot order',
];

/** `count` posts numbered from `from`, one per ten minutes up to now, newest first. */
export function makePosts(count: number, from = 1, now = Date.now()): Post[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return { n, at: new Date(now - (10_000 - n) * 600_000 / 100), text: `Acme Coffee post ${n}: ${TEXTS[n % TEXTS.length]}` };
  }).sort((a, b) => b.n - a.n);
}

export interface ApiReply {
  body: string;
  headers?: Record<string, string>;
  status?: number;
}

export type ApiEmulator = (url: URL, posts: Post[], base: string) => ApiReply;

const json = (body: unknown, headers: Record<string, string> = {}): ApiReply => ({ body: JSON.stringify(body), headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
const PAGE = 3;

/** Mastodon hashtag timeline: max_id / min_id / since_id and a Link header with next (older) and prev (newer). */
export const mastodonApi: ApiEmulator = (url, posts, base) => mastodonTimeline(url, posts, base, true);

/** The same timeline with the plain text in <p> (no hashtag link): cross-posts of another source's texts. */
export const mastodonCrossPostApi: ApiEmulator = (url, posts, base) => mastodonTimeline(url, posts, base, false);

function mastodonTimeline(url: URL, posts: Post[], base: string, decorate: boolean): ApiReply {
  const [template] = fixture('mastodon-tag-timeline.json') as Json[];
  const id = (n: number) => `113000000${String(n).padStart(9, '0')}`;
  const limit = Math.min(40, Number(url.searchParams.get('limit') ?? 20));
  const big = (s: string | null) => (s ? BigInt(s) : null);
  const minId = big(url.searchParams.get('min_id'));
  const maxId = big(url.searchParams.get('max_id'));
  const sinceId = big(url.searchParams.get('since_id'));
  let page = posts.filter((p) => (maxId === null || BigInt(id(p.n)) < maxId) && (sinceId === null || BigInt(id(p.n)) > sinceId));
  page = minId !== null ? page.filter((p) => BigInt(id(p.n)) > minId).slice(-limit) : page.slice(0, limit);
  const statuses = page.map((p) => ({
    ...clone(template!),
    id: id(p.n),
    uri: `${base}/users/kit/statuses/${id(p.n)}`,
    url: `${base}/@kit/${id(p.n)}`,
    created_at: p.at.toISOString(),
    content: decorate
      ? `<p>${p.text.replace('Acme Coffee', '<a href="/tags/acmecoffee" class="mention hashtag">#<span>acmecoffee</span></a>')} &amp; more</p>`
      : `<p><span class="h-card"><a href="https://x.example/@acme" class="u-url mention">@<span>acme</span></a></span> ${p.text}</p>`,
    favourites_count: p.n,
    reblogs_count: 1,
    replies_count: 0,
  }));
  const path = url.pathname;
  const headers: Record<string, string> = {};
  if (statuses.length) {
    headers.link = `<${base}${path}?limit=${limit}&max_id=${statuses[statuses.length - 1]!.id}>; rel="next", <${base}${path}?limit=${limit}&min_id=${statuses[0]!.id}>; rel="prev"`;
  }
  return json(statuses, headers);
}

/** app.bsky.feed.searchPosts: sort=latest, since (inclusive, on sortAt), cursor, limit. */
export const blueskyApi: ApiEmulator = (url, posts) => {
  const template = fixture('bluesky-search-posts.json').posts[0] as Json;
  const since = url.searchParams.get('since');
  const limit = Number(url.searchParams.get('limit') ?? 25);
  const offset = Number(url.searchParams.get('cursor') ?? 0);
  const matching = posts.filter((p) => !since || p.at.toISOString() >= since);
  const page = matching.slice(offset, offset + limit).map((p) => ({
    ...clone(template),
    uri: `at://did:plc:abc123xyz/app.bsky.feed.post/3lbq${String(p.n).padStart(9, '0')}`,
    record: { ...template.record, createdAt: p.at.toISOString(), text: p.text },
    indexedAt: new Date(p.at.getTime() + 500).toISOString(),
    likeCount: p.n,
  }));
  return json({ posts: page, hitsTotal: matching.length, ...(offset + limit < matching.length ? { cursor: String(offset + limit) } : {}) });
};

/** Algolia search_by_date: numericFilters=created_at_i>=X[,created_at_i<=Y], page/hitsPerPage/nbPages. */
export const hackernewsApi: ApiEmulator = (url, posts) => {
  const [comment, story] = fixture('hackernews-search-by-date.json').hits as Json[];
  // Comma-separated numeric filters all apply (AND), as at Algolia.
  const filters = [...(url.searchParams.get('numericFilters') ?? '').matchAll(/created_at_i([<>]=?)(\d+)/g)].map((m) => ({ op: m[1]!, value: Number(m[2]) }));
  const secs = (p: Post) => Math.floor(p.at.getTime() / 1000);
  const holds = (s: number, { op, value }: { op: string; value: number }) => (op === '>=' ? s >= value : op === '>' ? s > value : op === '<=' ? s <= value : s < value);
  const matching = posts.filter((p) => filters.every((f) => holds(secs(p), f)));
  const perPage = Number(url.searchParams.get('hitsPerPage') ?? 20);
  const page = Number(url.searchParams.get('page') ?? 0);
  const hits = matching.slice(page * perPage, (page + 1) * perPage).map((p) =>
    p.n % 2
      ? { ...clone(story!), objectID: String(41_000_000 + p.n), created_at: p.at.toISOString(), created_at_i: secs(p), title: `Ask HN: ${p.text}`, story_text: null, points: p.n, num_comments: 2 }
      : { ...clone(comment!), objectID: String(41_000_000 + p.n), created_at: p.at.toISOString(), created_at_i: secs(p), comment_text: `${p.text}<p>Anyone else?` },
  );
  return json({ ...fixture('hackernews-search-by-date.json'), hits, nbHits: matching.length, page, nbPages: Math.ceil(matching.length / perPage), hitsPerPage: perPage });
};

/** Reddit search listing: sort=new, limit, after=<fullname>. */
export const redditApi: ApiEmulator = (url, posts) => {
  const listing = fixture('reddit-search.json');
  const template = listing.data.children[0] as Json;
  const limit = Number(url.searchParams.get('limit') ?? 25);
  const after = url.searchParams.get('after');
  const start = after ? posts.findIndex((p) => `t3_r${p.n}` === after) + 1 : 0;
  const page = posts.slice(start, start + limit);
  const children = page.map((p) => ({
    kind: 't3',
    data: { ...clone(template.data), id: `r${p.n}`, name: `t3_r${p.n}`, title: p.text, selftext: 'More in the comments.', created_utc: Math.floor(p.at.getTime() / 1000), score: p.n, num_comments: 1, permalink: `/r/Coffee/comments/r${p.n}/post/` },
  }));
  const more = start + limit < posts.length;
  return json({ kind: 'Listing', data: { ...listing.data, children, dist: children.length, after: more ? children[children.length - 1]!.data.name : null } });
};

/** Apple's `updated`: whole seconds in Cupertino's offset, "2026-11-24T01:12:41-07:00". */
const appleTime = (at: Date) => `${new Date(at.getTime() - 7 * 3_600_000).toISOString().slice(0, 19)}-07:00`;

/** App Store customer reviews: /{cc}/rss/customerreviews/page=N/id=APP/sortby=mostrecent/json, 3 per page here (50 at Apple). */
export const appstoreApi: ApiEmulator = (url, posts) => {
  const feed = fixture('appstore-customer-reviews.json');
  const m = /\/([a-z]{2})\/rss\/customerreviews\/page=(\d+)\/id=(\d+)\/sortby=mostrecent\/json$/.exec(url.pathname);
  if (!m) return { status: 404, body: 'not found' };
  const page = Number(m[2]);
  const template = feed.feed.entry[0] as Json;
  const entries = posts.slice((page - 1) * PAGE, page * PAGE).map((p) => ({
    ...clone(template),
    id: { label: String(11_000_000_000 + p.n) },
    updated: { label: appleTime(p.at) },
    title: { label: `Review ${p.n}` },
    content: { label: p.text, attributes: { type: 'text' } },
    'im:rating': { label: String((p.n % 5) + 1) },
    'im:version': { label: `4.${p.n}.0` },
    'im:voteCount': { label: String(p.n) },
  }));
  const links = (feed.feed.link as Json[]).filter((l) => l.attributes.rel !== 'next');
  if (page * PAGE < posts.length && page < 10) links.push({ attributes: { rel: 'next', href: `${url.origin}${url.pathname.replace(/page=\d+/, `page=${page + 1}`)}` } });
  // Apple sends a single entry as an object, not an array.
  const entry = entries.length === 1 ? entries[0] : entries.length ? entries : undefined;
  return json({ feed: { ...feed.feed, entry, link: links } });
};

/** A generic JSON API with an opaque cursor in meta.next_cursor. */
export const jsonApi: ApiEmulator = (url, posts, base) => {
  const template = fixture('json-api-page.json').data[0] as Json;
  const offset = Number(url.searchParams.get('cursor')?.replace('c', '') ?? 0);
  const page = posts.slice(offset, offset + PAGE).map((p) => ({ ...clone(template), id: `m-${p.n}`, body: p.text, created_at: p.at.toISOString(), link: `${base}/m-${p.n}`, stats: { likes: p.n } }));
  return json({ data: page, meta: offset + PAGE < posts.length ? { next_cursor: `c${offset + PAGE}` } : {} });
};

/** An Atom feed paged with RFC 5005 <link rel="next">. */
export const atomApi: ApiEmulator = (url, posts, base) => {
  const page = Number(url.searchParams.get('page') ?? 1);
  const xml = readFileSync(new URL('../../fixtures/sources/atom-feed.xml', import.meta.url), 'utf8');
  const head = xml.slice(0, xml.indexOf('<entry>')).replace(/<link rel="next"[^>]*\/>\n\s*/, '');
  const entryTemplate = xml.slice(xml.indexOf('<entry>'), xml.indexOf('</entry>') + '</entry>'.length);
  const entries = posts.slice((page - 1) * PAGE, page * PAGE).map((p) =>
    entryTemplate
      .replace(/<title>.*<\/title>/, `<title>Review ${p.n}</title>`)
      .replace(/<id>.*<\/id>/, `<id>urn:review:${p.n}</id>`)
      .replace(/<published>.*<\/published>/, `<published>${p.at.toISOString()}</published>`)
      .replace(/<updated>.*<\/updated>/, `<updated>${p.at.toISOString()}</updated>`)
      .replace(/<content type="html">.*<\/content>/, `<content type="html">&lt;p&gt;${p.text}&lt;/p&gt;</content>`),
  );
  const next = page * PAGE < posts.length ? `  <link rel="next" href="${base}/feed.atom?page=${page + 1}"/>\n` : '';
  return { body: `${head.replace('</title>', '</title>\n' + next)}${entries.join('\n')}\n</feed>\n`, headers: { 'content-type': 'application/atom+xml' } };
};

export type FailureMode = 'none' | '429' | '503' | 'hang' | 'malformed' | 'oversized';

export interface FixtureServer {
  url: string;
  posts: Post[];
  requests: Array<{ url: string; headers: IncomingHttpHeaders; status: number }>;
  /** A failure for the next `times` requests (default: until set back to 'none'). */
  fail(mode: FailureMode, times?: number): void;
  add(count: number): void;
  /** One post in the same second as the newest, later within it: second-precision checkpoints must not lose it. */
  addSameSecond(): void;
  close(): Promise<void>;
}

export async function startFixtureServer(api: ApiEmulator, initial = 7): Promise<FixtureServer> {
  let mode: FailureMode = 'none';
  let remaining = Infinity;
  const posts = makePosts(initial);
  const requests: FixtureServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const base = `http://${req.headers.host}`;
    const url = new URL(req.url ?? '/', base);
    const record = (status: number) => requests.push({ url: url.href, headers: req.headers, status });
    const current = remaining > 0 ? mode : 'none';
    if (current !== 'none') remaining--;
    if (current === 'hang') return record(0);
    if (current === '429' || current === '503') {
      record(Number(current));
      res.writeHead(Number(current), { 'retry-after': '1', 'content-type': 'text/plain' }).end('slow down');
      return;
    }
    const etag = `"v${posts.length}"`;
    if (current === 'none' && req.headers['if-none-match'] === etag) {
      record(304);
      res.writeHead(304, { etag }).end();
      return;
    }
    const reply = api(url, posts, base);
    let body = reply.body;
    if (current === 'malformed') body = body.slice(0, Math.floor(body.length / 2)).replace(/<\/?[a-z]*$/, '') + (body.startsWith('<') ? '<entry><title>oops' : '');
    if (current === 'oversized') body = body.startsWith('<') ? body.replace('</feed>', `<!-- ${'x'.repeat(200_000)} --></feed>`) : JSON.stringify({ padding: 'x'.repeat(200_000), data: [] });
    record(reply.status ?? 200);
    res.writeHead(reply.status ?? 200, { etag, ...reply.headers }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    posts,
    requests,
    fail(next, times = Infinity) {
      mode = next;
      remaining = times;
    },
    add(count) {
      const top = posts[0]?.n ?? 0;
      posts.unshift(...makePosts(count, top + 1));
      posts.sort((a, b) => b.n - a.n);
    },
    addSameSecond() {
      const top = posts[0]!;
      const [post] = makePosts(1, top.n + 1);
      posts.unshift({ ...post!, at: new Date(Math.floor(top.at.getTime() / 1000) * 1000 + 999) });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
