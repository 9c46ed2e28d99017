/** The Slack-compatible body of an alert webhook: `text` for any client, `blocks` for Slack, `earshot` for machines. */
import type { AlertDoc } from './alert.repository.ts';

const SERIES_LABEL: Record<AlertDoc['series'], string> = {
  volume: 'Mention volume',
  complaints: 'Complaints',
  negative_share: 'Negative share',
};

const fmt = (series: AlertDoc['series'], v: number) => (series === 'negative_share' ? `${(v * 100).toFixed(1)}%` : String(Math.round(v * 10) / 10));

export function alertTitle(a: AlertDoc): string {
  const who = a.label ? `“${a.label}”` : 'all brands';
  return `${a.severity.toUpperCase()}: ${SERIES_LABEL[a.series]} spike for ${who} at ${a.hour}:00 UTC`;
}

export function alertSlackBody(a: AlertDoc): Record<string, unknown> {
  const f = a.figures;
  const figures = `${fmt(a.series, f.value)} vs usual ${fmt(a.series, f.median)} (robust z ${f.z.toFixed(1)}, ${f.baselineSamples} hours of baseline, ${f.method})`;
  const quotes = a.samples.map((s) => `> ${s.text.slice(0, 200).replace(/\n+/g, ' ')}`).join('\n');
  return {
    text: `${alertTitle(a)} — ${figures}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: alertTitle(a).slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: `*Figures:* ${figures}\n*Volume that hour:* ${f.volume}` } },
      ...(a.topTerms.length ? [{ type: 'section', text: { type: 'mrkdwn', text: `*Top terms:* ${a.topTerms.join(', ')}` } }] : []),
      ...(quotes ? [{ type: 'section', text: { type: 'mrkdwn', text: `*Sample items:*\n${quotes}` } }] : []),
    ],
    earshot: {
      id: a._id,
      series: a.series,
      label: a.label,
      hour: a.hour,
      severity: a.severity,
      figures: a.figures,
      topTerms: a.topTerms,
      samples: a.samples.map((s) => ({ id: s.id, category: s.category, text: s.text, url: s.url ?? null })),
    },
  };
}
