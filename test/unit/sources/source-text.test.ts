import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { itemFingerprint, normaliseForFingerprint } from '../../../src/domain/feedback/fingerprint.ts';
import { joinTitle } from '../../../src/domain/sources/connectors/connector-util.ts';
import { connectorFor } from '../../../src/domain/sources/connectors/index.ts';
import { parseFeed } from '../../../src/domain/sources/connectors/rss.connector.ts';
import { htmlToText } from '../../../src/domain/sources/html-to-text.ts';

describe('htmlToText', () => {
  it('keeps the paragraphs of a Hacker News comment apart (bare <p>, never closed)', () => {
    expect(htmlToText('They shipped it without service.<p>Their store in Leeds did the same.')).toBe('They shipped it without service.\nTheir store in Leeds did the same.');
  });
  it('decodes every named entity, not a short list', () => {
    expect(htmlToText('Caf&eacute; cr&egrave;me &ndash; &euro;4 &frac12; price&nbsp;&amp; &#x27;fine&#39; &hellip;')).toBe("Café crème – €4 ½ price & 'fine' …");
    expect(htmlToText('AT&T &notanentity; &amp')).toBe('AT&T &notanentity; &amp');
  });
});

describe('joinTitle', () => {
  it('adds a full stop only when the title does not end a sentence', () => {
    expect(joinTitle('Does anyone know the number?', "I can't find it")).toBe("Does anyone know the number? I can't find it");
    expect(joinTitle('Never going back!', 'Cold coffee.')).toBe('Never going back! Cold coffee.');
    expect(joinTitle('Well…', 'it was fine')).toBe('Well… it was fine');
    expect(joinTitle('Two stars.', 'Slow')).toBe('Two stars. Slow');
    expect(joinTitle('Slow service', 'Forty minutes')).toBe('Slow service. Forty minutes');
  });
  it('joins RSS titles the same way', () => {
    const [item] = parseFeed('<rss><channel><item><guid>1</guid><title>Worth it?</title><description>&lt;p&gt;Yes&lt;/p&gt;</description></item></channel></rss>');
    expect(item!.text).toBe('Worth it? Yes');
  });
});

describe('cross-post fingerprints (Mastodon ↔ Bluesky ↔ Hacker News)', () => {
  const posts = JSON.parse(readFileSync(new URL('../../fixtures/sources/cross-posts.json', import.meta.url), 'utf8'));
  const mention = (text: string, label = 'acme') => itemFingerprint({ text, label, kind: 'mention', authorHash: null });
  const toot = htmlToText(posts.mastodon.content);
  const skeet = posts.bluesky.record.text as string;
  const comment = htmlToText(posts.hackernews.comment_text);

  it('gives the three renderings of one post one fingerprint', () => {
    expect(mention(toot)).not.toBeNull();
    expect(mention(skeet)).toBe(mention(toot));
    expect(mention(comment)).toBe(mention(toot));
    expect(mention(`RT @kit: ${skeet}`)).toBe(mention(toot));
  });
  it('keeps a hashtag inside a sentence as a word', () => {
    expect(normaliseForFingerprint('The #oatmilk flat white at the station kiosk was great #coffee #acme ☕')).toBe('the oatmilk flat white at the station kiosk was great');
  });
  it('keeps a closing order or ticket number: a hashtag holds a letter', () => {
    expect(normaliseForFingerprint('Support never answered my emails about order #65954.')).toBe('support never answered my emails about order 65954');
    expect(mention('Support never answered my emails about order #65954.')).not.toBe(mention('Support never answered my emails about order #93539.'));
  });
  it('scopes by brand: the same complaint to two brands is two complaints', () => {
    expect(mention(skeet, 'acme')).not.toBe(mention(skeet, 'globex'));
  });
});

describe('duplicate scope of reviews and survey responses', () => {
  const comment = 'Friendly staff but the app keeps losing my loyalty points every single time';
  const survey = (authorHash: string | null, nps: number) => itemFingerprint({ text: comment, label: 'acme', kind: 'survey', authorHash, nps });
  const review = (authorHash: string | null, rating: number) => itemFingerprint({ text: comment, label: 'acme', kind: 'review', authorHash, rating });

  it('never matches two respondents, two scores, or anonymous responses', () => {
    expect(survey('r1', 10)).not.toBe(survey('r2', 10));
    expect(survey('r1', 10)).not.toBe(survey('r1', 3));
    expect(survey(null, 10)).toBeNull();
    expect(review('a1', 4)).not.toBe(review('a1', 2));
    expect(review(null, 4)).toBeNull();
  });
  it('matches one response or review that came in twice', () => {
    expect(survey('r1', 10)).toBe(survey('r1', 10));
    expect(review('a1', 4)).toBe(review('a1', 4));
    expect(review('a1', 4)).not.toBe(survey('a1', 4));
  });
});

describe('item URLs of Bluesky and Mastodon', () => {
  /** One recorded response for every request: these tests look at how items are mapped, not at paging. */
  const ctxFor = (fixtureName: string) => ({
    http: async (req: { url: string }) => ({ status: 200, url: req.url, headers: {}, body: readFileSync(new URL(`../../fixtures/sources/${fixtureName}`, import.meta.url), 'utf8') }),
    checkpoint: { seenIds: [] },
    maxItems: 1000,
    secrets: {},
    rateKey: 'unit',
  });
  const urls = async (type: 'bluesky' | 'mastodon', settings: Record<string, unknown>, fixtureName: string, url: string) => {
    const connector = connectorFor(type);
    const result = await connector.poll({ url, settings: connector.settingsSchema.parse({ ...settings, maxPages: 1 }) }, ctxFor(fixtureName));
    return result.items.map((i) => i.url);
  };

  it('are handle-free by default, and public author URLs when the source keeps them', async () => {
    const bsky = await urls('bluesky', { query: 'acme' }, 'bluesky-search-posts.json', 'https://public.api.bsky.app');
    expect(bsky.length).toBeGreaterThan(0);
    expect(bsky.every((u) => /^https:\/\/bsky\.app\/profile\/did:[a-z]+:[^/]+\/post\/\w+$/.test(u!))).toBe(true);
    expect((await urls('bluesky', { query: 'acme', publicAuthorUrls: true }, 'bluesky-search-posts.json', 'https://public.api.bsky.app'))[0]).toMatch(/^https:\/\/bsky\.app\/profile\/kit\.bsky\.social\/post\//);

    const toots = await urls('mastodon', { hashtag: 'acmecoffee' }, 'mastodon-tag-timeline.json', 'https://mastodon.social');
    expect(toots.every((u) => /^https:\/\/mastodon\.social\/web\/statuses\/\d+$/.test(u!))).toBe(true);
    expect((await urls('mastodon', { hashtag: 'acmecoffee', publicAuthorUrls: true }, 'mastodon-tag-timeline.json', 'https://mastodon.social'))[0]).toMatch(/\/@/);
  });
});
