/** Slack-compatible body of a digest webhook: the executive summary as text, the digest as JSON. */
import type { DigestDoc } from './digest.types.ts';
import { delta, num } from './render-markdown.ts';

export function digestSlackBody(d: DigestDoc): Record<string, unknown> {
  const five = d.executive.fiveNumbers
    .map((n) => `• ${n.name}: ${num(n.value, n.unit === '%' ? '%' : '')} (${delta({ change: n.change, changePercent: n.change }, n.name === 'Mentions' ? 'percent' : 'points')})`)
    .join('\n');
  const text = `Earshot weekly digest ${d.week}\n${five}\n${d.executive.whatChanged.map((s) => `• ${s}`).join('\n')}`;
  return {
    text,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `Earshot weekly digest ${d.week}` } },
      { type: 'section', text: { type: 'mrkdwn', text: five } },
      { type: 'section', text: { type: 'mrkdwn', text: `*What changed*\n${d.executive.whatChanged.map((s) => `• ${s}`).join('\n')}` } },
    ],
    earshot: { week: d.week, digest: d },
  };
}
