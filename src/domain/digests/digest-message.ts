/**
 * A digest in each chat or webhook destination's format: a Standard Webhooks event carrying the
 * whole digest, Block Kit for Slack and an Adaptive Card for Teams (both the executive summary).
 */
import { adaptiveCardMessage, factSet, textBlock } from '../alerts/destinations/adaptive-card.ts';
import type { WebhookFormat } from '../../../config/destinations.ts';
import type { DigestDoc } from './digest.types.ts';
import { delta, num } from './render-markdown.ts';

const title = (d: DigestDoc) => `Earshot weekly digest ${d.week}`;

/** The executive five numbers as [name, "value (change)"]. */
function fiveNumbers(d: DigestDoc): Array<[string, string]> {
  return d.executive.fiveNumbers.map((n) => [
    n.name,
    `${num(n.value, n.unit === '%' ? '%' : '')} (${delta({ change: n.change, changePercent: n.change }, n.name === 'Mentions' ? 'percent' : 'points')})`,
  ]);
}

function eventBody(d: DigestDoc, link: string): Record<string, unknown> {
  return { type: 'digest.published', timestamp: d.generatedAt, data: { week: d.week, link, digest: d } };
}

function slackBody(d: DigestDoc, link: string): Record<string, unknown> {
  const five = fiveNumbers(d).map(([name, v]) => `• ${name}: ${v}`).join('\n');
  const changed = d.executive.whatChanged.map((s) => `• ${s}`).join('\n');
  return {
    text: `${title(d)}\n${five}\n${changed}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title(d) } },
      { type: 'section', text: { type: 'mrkdwn', text: five } },
      { type: 'section', text: { type: 'mrkdwn', text: `*What changed*\n${changed}` } },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the digest' }, url: link }] },
    ],
  };
}

function teamsBody(d: DigestDoc, link: string): Record<string, unknown> {
  return adaptiveCardMessage(
    [
      textBlock(title(d), { weight: 'Bolder', size: 'Large' }),
      textBlock(`${d.from.slice(0, 10)} to ${d.to.slice(0, 10)} (UTC), compared with the week before.`, { isSubtle: true }),
      factSet(fiveNumbers(d)),
      textBlock('What changed', { weight: 'Bolder' }),
      ...d.executive.whatChanged.map((s) => textBlock(`• ${s}`)),
    ],
    { title: 'Open the digest', url: link },
  );
}

const BODIES: Record<WebhookFormat, (d: DigestDoc, link: string) => Record<string, unknown>> = { webhook: eventBody, slack: slackBody, teams: teamsBody };

/** The body a digest destination of this format reads; `link` opens the digest in the web app. */
export function digestPayload(format: WebhookFormat, d: DigestDoc, link: string): Record<string, unknown> {
  return BODIES[format](d, link);
}
