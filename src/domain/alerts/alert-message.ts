/**
 * An alert in each destination's format: a Standard Webhooks event (`type`, `timestamp`, `data`)
 * for machines, Block Kit for Slack, an Adaptive Card for Teams, and the subject and text of an e-mail.
 */
import type { AlertDoc } from './alert.repository.ts';
import { adaptiveCardMessage, factSet, textBlock } from './destinations/adaptive-card.ts';
import type { WebhookFormat } from '../../../config/destinations.ts';

const SERIES_LABEL: Record<AlertDoc['series'], string> = {
  volume: 'Mention volume',
  complaints: 'Complaints',
  negative_share: 'Negative share',
  failed_batch: 'Failed batch',
};

const oneLine = (text: string, max = 200) => text.slice(0, max).replace(/\s+/g, ' ');
const fmt = (series: AlertDoc['series'], v: number) => (series === 'negative_share' ? `${(v * 100).toFixed(1)}%` : String(Math.round(v * 10) / 10));

export function alertTitle(a: AlertDoc): string {
  const who = a.label ? `“${a.label}”` : 'all brands';
  if (a.failure) return `${a.severity.toUpperCase()}: ${a.failure.job} ${a.failure.jobId} failed for good (${who}) at ${a.start.toISOString()}`;
  return `${a.severity.toUpperCase()}: ${SERIES_LABEL[a.series]} spike for ${who} at ${a.hour}:00 UTC`;
}

/** "45 vs usual 3 (robust z 12.0, 336 hours of baseline, all-hours)"; for a failed job, its items, error and how to retry. */
export function alertFigures(a: AlertDoc): string {
  if (a.failure) {
    const what = a.failure.items === null ? 'Gave up' : `${a.failure.items} items not all stored and counted`;
    return `${what} after ${a.failure.attemptsMade} attempts: ${oneLine(a.failure.error)}. Retry with ${a.failure.retry}`;
  }
  const f = a.figures;
  return `${fmt(a.series, f.value)} vs usual ${fmt(a.series, f.median)} (robust z ${f.z.toFixed(1)}, ${f.baselineSamples} hours of baseline, ${f.method})`;
}

function eventBody(a: AlertDoc, link: string): Record<string, unknown> {
  return {
    type: 'alert.raised',
    timestamp: a.createdAt.toISOString(),
    data: {
      id: a._id,
      title: alertTitle(a),
      series: a.series,
      label: a.label,
      hour: a.hour,
      severity: a.severity,
      figures: a.figures,
      ...(a.failure ? { failure: a.failure, summary: alertFigures(a) } : {}),
      topTerms: a.topTerms,
      samples: a.samples.map((s) => ({ id: s.id, category: s.category, text: s.text, url: s.url ?? null })),
      link,
    },
  };
}

function slackBody(a: AlertDoc, link: string): Record<string, unknown> {
  const quotes = a.samples.map((s) => `> ${oneLine(s.text)}`).join('\n');
  return {
    text: `${alertTitle(a)} — ${alertFigures(a)}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: alertTitle(a).slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: `*Figures:* ${alertFigures(a)}${a.failure ? '' : `\n*Volume that hour:* ${a.figures.volume}`}` } },
      ...(a.topTerms.length ? [{ type: 'section', text: { type: 'mrkdwn', text: `*Top terms:* ${a.topTerms.join(', ')}` } }] : []),
      ...(quotes ? [{ type: 'section', text: { type: 'mrkdwn', text: `*Sample items:*\n${quotes}` } }] : []),
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Earshot' }, url: link }] },
    ],
  };
}

function teamsBody(a: AlertDoc, link: string): Record<string, unknown> {
  return adaptiveCardMessage(
    [
      textBlock(alertTitle(a), { weight: 'Bolder', size: 'Medium' }),
      factSet([
        ['Figures', alertFigures(a)],
        ...(a.failure ? [] : [['Volume that hour', String(a.figures.volume)] as [string, string]]),
        ...(a.topTerms.length ? [['Top terms', a.topTerms.join(', ')] as [string, string]] : []),
      ]),
      ...a.samples.map((s) => textBlock(`“${oneLine(s.text)}” (${s.category})`, { isSubtle: true })),
    ],
    { title: 'Open in Earshot', url: link },
  );
}

const BODIES: Record<WebhookFormat, (a: AlertDoc, link: string) => Record<string, unknown>> = { webhook: eventBody, slack: slackBody, teams: teamsBody };

/** The body an alert destination of this format reads; `link` opens the alert in the web app. */
export function alertPayload(format: WebhookFormat, a: AlertDoc, link: string): Record<string, unknown> {
  return BODIES[format](a, link);
}

/** The plain-text e-mail of an alert. */
export function alertEmail(a: AlertDoc, link: string): { subject: string; text: string } {
  const lines = [
    alertTitle(a),
    '',
    `Figures: ${alertFigures(a)}`,
    ...(a.failure ? [] : [`Volume that hour: ${a.figures.volume}`]),
    ...(a.topTerms.length ? [`Top terms: ${a.topTerms.join(', ')}`] : []),
    ...(a.samples.length ? ['', 'Sample items:', ...a.samples.map((s) => `  “${oneLine(s.text)}” (${s.category})`)] : []),
    '',
    `Open in Earshot: ${link}`,
  ];
  return { subject: `[Earshot] ${alertTitle(a)}`, text: `${lines.join('\n')}\n` };
}
