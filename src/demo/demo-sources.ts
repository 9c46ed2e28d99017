/** The demo's sources: four polled source types on the local feed server, and a push survey source for the history. */
import type { CreateSourceInput } from '../domain/sources/source.schemas.ts';
import type { Container } from '../app/compose.ts';
import type { DemoStream } from './demo-history.ts';

type DemoSource = Omit<CreateSourceInput, 'include' | 'exclude'> & { name: string; include?: string[]; exclude?: string[] };

/** One source per history stream: RSS reviews, JSON mentions, a Mastodon hashtag timeline, Hacker News search and an NPS survey. */
function demoSources(feedUrl: string): Record<DemoStream, DemoSource> {
  const mentionSettings = {
    itemsPath: 'data',
    html: true,
    fields: { id: 'id', text: 'content', publishedAt: 'created_at', author: 'account.acct', url: 'url', reach: 'favourites_count' },
  };
  return {
    'acme-reviews': { type: 'rss', name: 'Acme reviews (RSS)', url: `${feedUrl}/reviews.rss`, kind: 'review', label: 'acme', pollIntervalSec: 15, enabled: true, settings: {} },
    'acme-mentions': { type: 'json', name: 'Acme mentions (JSON)', url: `${feedUrl}/mentions/acme.json`, kind: 'mention', label: 'acme', pollIntervalSec: 15, enabled: true, settings: mentionSettings },
    'rival-mentions': { type: 'json', name: 'RivalRoast mentions (JSON)', url: `${feedUrl}/mentions/rival.json`, kind: 'mention', label: 'rival-roast', pollIntervalSec: 30, enabled: true, settings: mentionSettings },
    'acme-mastodon': { type: 'mastodon', name: 'Acme on Mastodon (#acmecoffee)', url: feedUrl, kind: 'mention', label: 'acme', pollIntervalSec: 20, enabled: true, settings: { hashtag: 'acmecoffee', limit: 5 } },
    // "hiring" posts are about Acme, not feedback: the exclude list drops them before classification.
    'acme-hn': { type: 'hackernews', name: 'Acme on Hacker News', url: feedUrl, kind: 'mention', label: 'acme', pollIntervalSec: 30, enabled: true, settings: { query: 'acme coffee', tags: 'comment' }, exclude: ['hiring'] },
    // Survey tools push their responses (POST /v1/webhooks/:sourceId); the demo's history arrives through POST /v1/items.
    'acme-survey': { type: 'push', name: 'Acme NPS survey (push)', url: '', kind: 'survey', label: 'acme', pollIntervalSec: 300, enabled: true, settings: { itemsPath: '', fields: { id: 'id', text: 'comment', nps: 'score', rating: 'csat', publishedAt: 'submitted_at', author: 'email' } } },
  };
}

/**
 * Registers the demo sources once: a source of the same type and name is reused (re-runs add no
 * duplicates) and pointed at this run's feed server. Polled sources are polled at once.
 */
export async function registerDemoSources(c: Container, feedUrl: string): Promise<Record<DemoStream, string>> {
  const existing = await c.repos.sources.list();
  const ids: Partial<Record<DemoStream, string>> = {};
  for (const [stream, def] of Object.entries(demoSources(feedUrl)) as Array<[DemoStream, DemoSource]>) {
    const found = existing.find((s) => s.type === def.type && s.name === def.name);
    const source = found
      ? await c.repos.sources.update(String(found._id), { url: def.url, enabled: true, pollIntervalSec: def.pollIntervalSec, settings: def.settings, include: def.include ?? [], exclude: def.exclude ?? [] })
      : await c.repos.sources.create({ ...def, include: def.include ?? [], exclude: def.exclude ?? [] });
    if (!source) throw new Error(`demo source ${def.name} vanished while it was registered`);
    if (def.type !== 'push') {
      await c.services.scheduler.sync(source);
      await c.services.scheduler.pollNow(String(source._id));
    }
    ids[stream] = String(source._id);
  }
  return ids as Record<DemoStream, string>;
}
