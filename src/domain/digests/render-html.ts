/**
 * The digest as one self-contained HTML page for e-mail clients: inline styles only, tables for
 * layout, small inline SVG charts, no scripts or external resources.
 */
import type { DigestDoc } from './digest.types.ts';
import { ALL_SECTIONS, delta, noneResolved, num, spikeValue, type RenderOptions } from './render-markdown.ts';

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const C = { ink: '#1f2937', mute: '#6b7280', bar: '#2563eb', bad: '#dc2626', good: '#16a34a', grid: '#e5e7eb' };

/** Bars per day with a label under each; `values` may hold nulls (drawn as gaps). */
export function barChart(values: Array<{ label: string; value: number }>, opts: { width?: number; height?: number; color?: string; title: string }): string {
  const w = opts.width ?? 320;
  const h = opts.height ?? 120;
  const pad = 18;
  const max = Math.max(1, ...values.map((v) => v.value));
  const bw = (w - 2 * pad) / Math.max(1, values.length);
  const bars = values
    .map((v, i) => {
      const bh = Math.round(((h - 2 * pad) * v.value) / max);
      const x = Math.round(pad + i * bw + bw * 0.15);
      const y = h - pad - bh;
      return `<rect x="${x}" y="${y}" width="${Math.round(bw * 0.7)}" height="${bh}" fill="${opts.color ?? C.bar}"/><text x="${Math.round(x + bw * 0.35)}" y="${h - 4}" font-size="9" text-anchor="middle" fill="${C.mute}">${esc(v.label)}</text><text x="${Math.round(x + bw * 0.35)}" y="${y - 2}" font-size="9" text-anchor="middle" fill="${C.ink}">${v.value}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(opts.title)}"><line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="${C.grid}"/>${bars}</svg>`;
}

/** A line over −100…100 with a zero line, for net sentiment per day. */
export function lineChart(values: Array<{ label: string; value: number | null }>, opts: { width?: number; height?: number; title: string }): string {
  const w = opts.width ?? 320;
  const h = opts.height ?? 120;
  const pad = 18;
  const x = (i: number) => Math.round(pad + (i * (w - 2 * pad)) / Math.max(1, values.length - 1));
  const y = (v: number) => Math.round(h / 2 - ((h / 2 - pad) * Math.max(-100, Math.min(100, v))) / 100);
  const pts = values.map((v, i) => (v.value === null ? null : `${x(i)},${y(v.value)}`)).filter((p): p is string => p !== null);
  const dots = values
    .map((v, i) => (v.value === null ? '' : `<circle cx="${x(i)}" cy="${y(v.value)}" r="2.5" fill="${v.value >= 0 ? C.good : C.bad}"/>`))
    .join('');
  const labels = values.map((v, i) => `<text x="${x(i)}" y="${h - 4}" font-size="9" text-anchor="middle" fill="${C.mute}">${esc(v.label)}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(opts.title)}"><line x1="${pad}" y1="${h / 2}" x2="${w - pad}" y2="${h / 2}" stroke="${C.grid}"/>${pts.length > 1 ? `<polyline points="${pts.join(' ')}" fill="none" stroke="${C.bar}" stroke-width="2"/>` : ''}${dots}${labels}</svg>`;
}

/** Horizontal share-of-voice bars. */
export function shareBars(rows: Array<{ label: string; share: number | null }>, opts: { width?: number; title: string }): string {
  const w = opts.width ?? 320;
  const rowH = 18;
  const h = rowH * Math.max(1, rows.length) + 4;
  const labelW = 90;
  const body = rows
    .map((r, i) => {
      const bw = Math.round(((w - labelW - 40) * (r.share ?? 0)) / 100);
      const y = 2 + i * rowH;
      return `<text x="0" y="${y + 12}" font-size="10" fill="${C.ink}">${esc(r.label.slice(0, 16))}</text><rect x="${labelW}" y="${y + 3}" width="${bw}" height="11" fill="${C.bar}"/><text x="${labelW + bw + 4}" y="${y + 12}" font-size="10" fill="${C.mute}">${num(r.share, '%')}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(opts.title)}">${body}</svg>`;
}

const td = 'style="padding:4px 8px;border-bottom:1px solid #e5e7eb"';
const tdr = 'style="padding:4px 8px;border-bottom:1px solid #e5e7eb;text-align:right"';
const h2 = (s: string) => `<h2 style="font-size:18px;margin:28px 0 8px;color:${C.ink}">${esc(s)}</h2>`;

function table(head: string[], rows: string[][], rightFrom = 1): string {
  const th = head.map((x, i) => `<th style="padding:4px 8px;text-align:${i >= rightFrom ? 'right' : 'left'};color:${C.mute};font-weight:600;border-bottom:2px solid #e5e7eb">${esc(x)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td ${i >= rightFrom ? tdr : td}>${esc(c)}</td>`).join('')}</tr>`).join('');
  return `<table cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:14px;width:100%">${`<tr>${th}</tr>`}${body}</table>`;
}

const list = (items: string[]) => `<ul style="margin:4px 0 0 18px;padding:0">${items.map((i) => `<li style="margin:2px 0">${esc(i)}</li>`).join('')}</ul>`;

/** Draws a chart: inline SVG by default; an e-mail swaps in an image of the same SVG. */
export type ChartEmbed = (svg: string, name: string, title: string) => string;

const inlineSvg: ChartEmbed = (svg) => svg;

export function renderHtml(d: DigestDoc, opts: RenderOptions & { chart?: ChartEmbed } = {}): string {
  const sections = new Set(opts.sections ?? ALL_SECTIONS);
  const chart = opts.chart ?? inlineSvg;
  const h = d.headline;
  const days = d.daily.map((x) => ({ label: x.day.slice(5), value: x.volume }));
  const r = d.recovery;
  const t = h.complaints.byType;
  const parts: string[] = [];
  parts.push(`<h1 style="font-size:22px;margin:0 0 4px;color:${C.ink}">Earshot weekly digest — ${esc(d.week)}</h1>`);
  parts.push(`<p style="margin:0;color:${C.mute};font-size:13px">${esc(d.from.slice(0, 10))} to ${esc(d.to.slice(0, 10))} (UTC), compared with the week before.</p>`);

  if (sections.has('executive')) {
    parts.push(h2('Executive summary'));
    parts.push(
      table(
        ['Number', 'This week', 'Change'],
        d.executive.fiveNumbers.map((n) => [n.name, num(n.value, n.unit === '%' ? '%' : ''), delta({ change: n.change, changePercent: n.change }, n.name === 'Mentions' ? 'percent' : 'points')]),
      ),
    );
    parts.push(`<p style="margin:12px 0 0;font-weight:600">What changed</p>${list(d.executive.whatChanged)}`);
  }

  if (sections.has('marketing')) {
    parts.push(h2('Marketing: buzz, share of voice, advocacy'));
    parts.push(
      list([
        `Mentions: ${num(h.volume.value)} (${delta(h.volume, 'percent')}), reach-weighted ${num(h.reachWeighted.value)}`,
        `Advocacy: ${num(h.advocacy.value)} items, ${num(h.advocacyShare.value, '%')} of mentions (${delta(h.advocacyShare, 'points')})`,
        `Net sentiment ${num(h.netSentiment.value)} (${delta(h.netSentiment, 'points')}); NPS ${num(h.nps.value)} (${h.nps.answers} answers); CSAT ${num(h.csat.value, '%')} (${h.csat.ratings} ratings)`,
      ]),
    );
    parts.push(
      `<table cellpadding="0" cellspacing="0" style="margin-top:12px"><tr><td style="padding-right:16px;vertical-align:top"><div style="font-size:12px;color:${C.mute}">Mentions per day</div>${chart(barChart(days, { title: 'Mentions per day' }), 'mentions', 'Mentions per day')}</td><td style="vertical-align:top"><div style="font-size:12px;color:${C.mute}">Net sentiment per day</div>${chart(
        lineChart(
          d.daily.map((x) => ({ label: x.day.slice(5), value: x.netSentiment })),
          { title: 'Net sentiment per day' },
        ),
        'net-sentiment',
        'Net sentiment per day',
      )}</td></tr></table>`,
    );
    if (d.shareOfVoice.length) {
      parts.push(`<div style="font-size:12px;color:${C.mute};margin-top:12px">Share of voice</div>${chart(shareBars(d.shareOfVoice, { title: 'Share of voice' }), 'share-of-voice', 'Share of voice')}`);
      parts.push(table(['Brand', 'Mentions', 'Share', 'Last week', 'Net sentiment'], d.shareOfVoice.map((s) => [s.label, String(s.volume), num(s.share, '%'), num(s.previousShare, '%'), num(s.netSentiment)])));
    }
    const movers = [
      ...d.movers.terms.map((m) => `“${m.term}” ${m.direction} (${m.previous} → ${m.current})`),
      ...d.movers.aspects.map((a) => `Aspect ${a.aspect}: ${a.previous} → ${a.mentions} mentions, impact ${num(a.impact)} pts`),
    ];
    parts.push(`<p style="margin:12px 0 0;font-weight:600">Top movers</p>${list(movers.length ? movers : ['None this week.'])}`);
    parts.push(
      `<p style="margin:12px 0 0;font-weight:600">Spikes</p>${list(
        d.spikes.length
          ? d.spikes.map((s) => `${s.hour}:00 UTC — ${s.severity} ${s.series.replace('_', ' ')} spike for ${s.label ?? 'all brands'}: ${spikeValue(s.series, s.value)} vs usual ${spikeValue(s.series, s.median)}`)
          : ['No spike alerts this week.'],
      )}`,
    );
  }

  if (sections.has('support')) {
    parts.push(h2('Support: complaints and recovery'));
    parts.push(
      list([
        `Complaints: ${num(h.complaints.value)} (${delta(h.complaints, 'percent')}), ${num(h.complaintShare.value, '%')} of mentions`,
        `Instrumental ${t.instrumental}, non-instrumental ${t.nonInstrumental}; ostensive ${t.ostensive}, reflexive ${t.reflexive}`,
        r.available && r.resolvedCases === 0
          ? noneResolved(r)
          : r.available
          ? `Recovery: ${num(r.recoveryRate === null ? null : r.recoveryRate * 100, '%')} of ${r.resolvedCases} resolved cases; median time to resolution ${num(r.medianHoursToResolution)} h`
          : `Recovery: unavailable — ${r.reason}`,
      ]),
    );
    parts.push(`<div style="font-size:12px;color:${C.mute};margin-top:12px">Complaints per day</div>${chart(
        barChart(d.daily.map((x) => ({ label: x.day.slice(5), value: x.complaints })), { title: 'Complaints per day', color: C.bad }),
        'complaints',
        'Complaints per day',
      )}`,
    );
  }

  if (sections.has('quotes')) {
    parts.push(h2('In their words'));
    parts.push(
      d.quotes.length
        ? d.quotes
            .map((q) => `<blockquote style="margin:8px 0;padding:6px 12px;border-left:3px solid ${q.category === 'complaint' ? C.bad : C.good};color:${C.ink}">${esc(q.text)}<div style="font-size:12px;color:${C.mute};margin-top:4px">${esc(q.category)} · ${esc(q.label)} · ${esc(q.publishedAt.slice(0, 10))}</div></blockquote>`)
            .join('')
        : `<p style="color:${C.mute}">No quotes this week.</p>`,
    );
  }
  const link = opts.link ? `\n<p style="margin:28px 0 0;font-size:14px"><a href="${esc(opts.link)}" style="color:${C.bar}">Open this digest in Earshot</a></p>` : '';

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Earshot weekly digest ${esc(d.week)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6"><table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px 8px">
<table role="presentation" width="680" cellpadding="0" cellspacing="0" style="max-width:680px;background:#ffffff;border-radius:8px"><tr><td style="padding:24px 28px;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:${C.ink};font-size:14px;line-height:1.45">
${parts.join('\n')}${link}
<p style="margin:28px 0 0;color:${C.mute};font-size:12px">Generated by Earshot on ${esc(d.generatedAt.slice(0, 16).replace('T', ' '))} UTC.</p>
</td></tr></table></td></tr></table></body></html>
`;
}
