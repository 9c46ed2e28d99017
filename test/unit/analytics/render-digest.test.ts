import { describe, expect, it } from 'vitest';
import type { DigestDoc } from '../../../src/domain/digests/digest.types.ts';
import { renderHtml } from '../../../src/domain/digests/render-html.ts';
import { renderMarkdown } from '../../../src/domain/digests/render-markdown.ts';

const f = (value: number | null, previous: number | null, change: number | null, changePercent: number | null) => ({ value, previous, change, changePercent });

export const SAMPLE_DIGEST: DigestDoc = {
  _id: '2026-W42',
  week: '2026-W42',
  from: '2026-10-12T00:00:00.000Z',
  to: '2026-10-19T00:00:00.000Z',
  generatedAt: '2026-10-19T08:00:03.000Z',
  headline: {
    volume: f(25, 20, 5, 25),
    netSentiment: f(16, 0, 16, null),
    nps: { ...f(-14.3, null, null, null), answers: 14 },
    csat: { ...f(100, 50, 50, 100), ratings: 6 },
    complaints: { ...f(8, 4, 4, 100), byType: { instrumental: 5, nonInstrumental: 3, ostensive: 5, reflexive: 3 } },
    complaintShare: f(32, 20, 12, 60),
    advocacy: f(6, 0, 6, null),
    advocacyShare: f(24, 0, 24, null),
    reachWeighted: f(31, 20, 11, 55),
  },
  daily: ['10-12', '10-13', '10-14', '10-15', '10-16', '10-17', '10-18'].map((d, i) => ({
    day: `2026-${d}`,
    volume: [5, 3, 4, 4, 3, 3, 3][i]!,
    complaints: [2, 1, 1, 1, 1, 1, 1][i]!,
    advocacy: [1, 1, 1, 1, 1, 1, 0][i]!,
    netSentiment: [20, -33.3, 0, 25, null, 33.3, 0][i]!,
  })),
  movers: {
    aspects: [
      { aspect: 'process', mentions: 8, previous: 0, change: 8, netSentiment: -100, netSentimentChange: null, impact: -54.6 },
      { aspect: 'people', mentions: 6, previous: 0, change: 6, netSentiment: 100, netSentimentChange: null, impact: 26.5 },
    ],
    terms: [
      { term: 'mobile order', direction: 'rising', current: 8, previous: 0, lift: 2.82 },
      { term: 'expensive', direction: 'falling', current: 0, previous: 4, lift: -2.6 },
    ],
  },
  spikes: [{ id: 'a1b2c3d4e5f6a7b8c9d0', hour: '2026-10-15T10', label: 'acme', series: 'negative_share', severity: 'high', value: 0.75, median: 0.2, topTerms: ['checkout', 'payment failed'] }],
  shareOfVoice: [
    { label: 'acme', volume: 20, share: 80, previousShare: 50, netSentiment: 20, advocacyShare: 100 },
    { label: 'rival <roast>', volume: 5, share: 20, previousShare: 50, netSentiment: 0, advocacyShare: 0 },
  ],
  recovery: { available: true, resolvedCases: 4, recoveryRate: 0.5, recovered: 2, notRecovered: 1, silent: 1, medianHoursToResolution: 6.5 },
  quotes: [
    { category: 'complaint', text: 'Mobile order checkout keeps failing | refund me <now>', label: 'acme', publishedAt: '2026-10-13T09:01:00.000Z', url: null },
    { category: 'advocacy', text: 'The baristas are wonderful, I recommend them to everyone', label: 'acme', publishedAt: '2026-10-12T09:00:00.000Z', url: null },
  ],
  executive: {
    fiveNumbers: [
      { name: 'Mentions', value: 25, unit: '', change: 25 },
      { name: 'Net sentiment', value: 16, unit: 'pts', change: 16 },
      { name: 'NPS', value: -14.3, unit: '', change: null },
      { name: 'CSAT', value: 100, unit: '%', change: 50 },
      { name: 'Complaint share', value: 32, unit: '%', change: 12 },
    ],
    whatChanged: ['Mentions rose 25% week over week (20 → 25).', 'Process pulls net sentiment down most (-54.6 pts); fix it first.'],
  },
};

describe('digest renderers', () => {
  it('renders Markdown', async () => {
    await expect(renderMarkdown(SAMPLE_DIGEST)).toMatchFileSnapshot('__snapshots__/digest-2026-W42.md');
  });

  it('renders a self-contained HTML page with inline SVG charts', async () => {
    const html = renderHtml(SAMPLE_DIGEST);
    expect(html).not.toMatch(/<script|<link|<img|url\(/);
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html).toContain('rival &lt;roast&gt;');
    expect(html).not.toContain('<now>');
    await expect(html).toMatchFileSnapshot('__snapshots__/digest-2026-W42.html');
  });

  it('says when recovery is unavailable', () => {
    const md = renderMarkdown({ ...SAMPLE_DIGEST, recovery: { available: false, reason: 'the cases area is not installed' } });
    expect(md).toContain('- Recovery: unavailable — the cases area is not installed');
  });

  it('says that no case was resolved, with zero counts, for a week without a resolved case', () => {
    const none = { available: true as const, resolvedCases: 0, recoveryRate: null, recovered: 0, notRecovered: 0, silent: 0, medianHoursToResolution: null };
    const expected = 'Recovery: no cases were resolved this week (0 resolved: 0 recovered, 0 not recovered, 0 silent)';
    expect(renderMarkdown({ ...SAMPLE_DIGEST, recovery: none })).toContain(`- ${expected}`);
    expect(renderHtml({ ...SAMPLE_DIGEST, recovery: none })).toContain(expected);
  });
});
