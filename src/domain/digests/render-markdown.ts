/** The digest as Markdown: sections for executives, marketing and support. Pure: digest in, text out. */
import type { DigestDoc, Figure } from './digest.types.ts';

export const num = (v: number | null, unit = ''): string => (v === null ? 'n/a' : `${Number.isInteger(v) ? v : v.toFixed(1)}${unit}`);

/** "+12.5%" / "−3 pts" / "no change" / "n/a". */
export function delta(f: Pick<Figure, 'change' | 'changePercent'>, mode: 'percent' | 'points'): string {
  const v = mode === 'percent' ? f.changePercent : f.change;
  if (v === null) return 'n/a';
  if (v === 0) return 'no change';
  const unit = mode === 'percent' ? '%' : ' pts';
  return `${v > 0 ? '+' : '−'}${Math.abs(v)}${unit}`;
}

/** A week without a resolved case is a figure (none), not missing data. */
export const noneResolved = (r: { recovered: number; notRecovered: number; silent: number }): string =>
  `Recovery: no cases were resolved this week (0 resolved: ${r.recovered} recovered, ${r.notRecovered} not recovered, ${r.silent} silent)`;

/** Table- and quote-safe text: pipes escaped, no raw HTML, one line. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n+/g, ' ');

/** A spike's figure: shares as percentages, counts as numbers. */
export const spikeValue = (series: string, v: number): string => (series === 'negative_share' ? `${(v * 100).toFixed(0)}%` : num(v));

/** The digest's parts, so each reader role gets its own (see digest-email.ts). */
export const ALL_SECTIONS = ['executive', 'marketing', 'support', 'quotes'] as const;
export type DigestSection = (typeof ALL_SECTIONS)[number];

export interface RenderOptions {
  /** Default: all of them. */
  sections?: readonly DigestSection[];
  /** Where the digest opens in the web app, shown at the end. */
  link?: string;
}

export function renderMarkdown(d: DigestDoc, opts: RenderOptions = {}): string {
  const sections = new Set(opts.sections ?? ALL_SECTIONS);
  const h = d.headline;
  const L: string[] = [];
  L.push(`# Earshot weekly digest — ${d.week}`, '');
  L.push(`${d.from.slice(0, 10)} to ${d.to.slice(0, 10)} (UTC), compared with the week before. Generated ${d.generatedAt.slice(0, 16).replace('T', ' ')} UTC.`, '');

  if (sections.has('executive')) {
    L.push('## Executive summary', '');
    L.push('| Number | This week | Change |', '|---|---:|---:|');
    for (const n of d.executive.fiveNumbers) {
      const mode = n.name === 'Mentions' ? 'percent' : 'points';
      L.push(`| ${n.name} | ${num(n.value, n.unit === '%' ? '%' : '')} | ${delta({ change: n.change, changePercent: n.change }, mode)} |`);
    }
    L.push('', '**What changed**', '');
    for (const s of d.executive.whatChanged) L.push(`- ${s}`);
    L.push('');
  }

  if (sections.has('marketing')) {
    L.push('## Marketing: buzz, share of voice, advocacy', '');
    L.push(`- Mentions: **${num(h.volume.value)}** (${delta(h.volume, 'percent')}), reach-weighted ${num(h.reachWeighted.value)} (${delta(h.reachWeighted, 'percent')})`);
    L.push(`- Advocacy: **${num(h.advocacy.value)}** items, ${num(h.advocacyShare.value, '%')} of mentions (${delta(h.advocacyShare, 'points')})`);
    L.push(`- Net sentiment: **${num(h.netSentiment.value)}** (${delta(h.netSentiment, 'points')}); NPS ${num(h.nps.value)} from ${h.nps.answers} answers; CSAT ${num(h.csat.value, '%')} from ${h.csat.ratings} ratings`);
    L.push('');
    if (d.shareOfVoice.length) {
      L.push('| Brand | Mentions | Share of voice | Last week | Net sentiment | Advocacy share |', '|---|---:|---:|---:|---:|---:|');
      for (const s of d.shareOfVoice) L.push(`| ${cell(s.label)} | ${s.volume} | ${num(s.share, '%')} | ${num(s.previousShare, '%')} | ${num(s.netSentiment)} | ${num(s.advocacyShare, '%')} |`);
      L.push('');
    }
    L.push('**Top movers**', '');
    if (d.movers.terms.length === 0 && d.movers.aspects.length === 0) L.push('- None this week.');
    for (const t of d.movers.terms) L.push(`- “${t.term}” ${t.direction} (${t.previous} → ${t.current} mentions)`);
    for (const a of d.movers.aspects) {
      L.push(`- Aspect ${a.aspect}: ${a.previous} → ${a.mentions} mentions, net sentiment ${num(a.netSentiment)}${a.netSentimentChange === null ? '' : ` (${delta({ change: a.netSentimentChange, changePercent: null }, 'points')})`}, impact on overall ${num(a.impact)} pts`);
    }
    L.push('');
    L.push('**Spikes**', '');
    if (d.spikes.length === 0) L.push('- No spike alerts this week.');
    for (const s of d.spikes) L.push(`- ${s.hour}:00 UTC — ${s.severity} ${s.series.replace('_', ' ')} spike for ${cell(s.label ?? 'all brands')}: ${spikeValue(s.series, s.value)} vs usual ${spikeValue(s.series, s.median)}${s.topTerms.length ? ` (${s.topTerms.join(', ')})` : ''}`);
    L.push('');
  }

  if (sections.has('support')) {
    L.push('## Support: complaints and recovery', '');
    const t = h.complaints.byType;
    L.push(`- Complaints: **${num(h.complaints.value)}** (${delta(h.complaints, 'percent')}), ${num(h.complaintShare.value, '%')} of mentions`);
    L.push(`- By type: instrumental ${t.instrumental}, non-instrumental ${t.nonInstrumental}; ostensive ${t.ostensive}, reflexive ${t.reflexive}`);
    const r = d.recovery;
    if (r.available && r.resolvedCases === 0) {
      L.push(`- ${noneResolved(r)}`);
    } else if (r.available) {
      L.push(`- Recovery: ${num(r.recoveryRate === null ? null : r.recoveryRate * 100, '%')} of ${r.resolvedCases} resolved cases recovered (${r.recovered} recovered, ${r.notRecovered} not, ${r.silent} silent); median time to resolution ${num(r.medianHoursToResolution)} h`);
    } else {
      L.push(`- Recovery: unavailable — ${r.reason}`);
    }
    L.push('');
  }

  if (sections.has('quotes')) {
    L.push('## In their words', '');
    if (d.quotes.length === 0) L.push('_No quotes this week._');
    for (const q of d.quotes) L.push(`> ${cell(q.text)}`, `> — ${q.category}, ${q.label}, ${q.publishedAt.slice(0, 10)}`, '');
  }
  if (opts.link) L.push('', `Open this digest in Earshot: ${opts.link}`);
  return `${L.join('\n').trimEnd()}\n`;
}
