/**
 * The digest as an e-mail: HTML whose charts are PNG images of the same SVG (inline CID
 * attachments, since Gmail and Outlook drop inline SVG), a plain-text part with the headline
 * numbers, and a link to the digest in the web app. Each reader role gets its own sections.
 */
import type { DigestRole } from '../../../config/destinations.ts';
import type { DigestDoc } from './digest.types.ts';
import { esc, renderHtml } from './render-html.ts';
import { ALL_SECTIONS, delta, num, renderMarkdown, type DigestSection } from './render-markdown.ts';

/** Executives read the summary; marketing and support get theirs on top, and the customers' own words. */
export const ROLE_SECTIONS: Record<DigestRole, readonly DigestSection[]> = {
  executive: ['executive'],
  marketing: ['executive', 'marketing', 'quotes'],
  support: ['executive', 'support', 'quotes'],
};

export interface DigestEmail {
  subject: string;
  html: string;
  text: string;
  images: Array<{ cid: string; filename: string; png: Buffer }>;
}

/** `rasterize` turns a chart's SVG into a PNG (src/infra/svg-png.ts); passed in so this stays free of native code. */
export function digestEmail(d: DigestDoc, roles: readonly DigestRole[], opts: { link: string; rasterize: (svg: string) => { data: Buffer; width: number; height: number } }): DigestEmail {
  const wanted = new Set(roles.flatMap((r) => ROLE_SECTIONS[r]));
  const sections = ALL_SECTIONS.filter((s) => wanted.has(s));
  const images: DigestEmail['images'] = [];
  const html = renderHtml(d, {
    sections,
    link: opts.link,
    chart: (svg, name, title) => {
      const png = opts.rasterize(svg);
      const cid = `${name}.${d.week}@earshot`;
      images.push({ cid, filename: `${name}.png`, png: png.data });
      return `<img src="cid:${cid}" width="${png.width}" height="${png.height}" alt="${esc(title)}" style="display:block;border:0;max-width:100%;height:auto">`;
    },
  });
  const h = d.headline;
  // The headline numbers lead the text part, whichever sections follow.
  const headline = [
    `Mentions: ${num(h.volume.value)} (${delta(h.volume, 'percent')})`,
    `Net sentiment: ${num(h.netSentiment.value)} (${delta(h.netSentiment, 'points')})`,
    `NPS: ${num(h.nps.value)} (${delta(h.nps, 'points')}), CSAT: ${num(h.csat.value, '%')} (${delta(h.csat, 'points')})`,
    `Complaints: ${num(h.complaints.value)} (${delta(h.complaints, 'percent')}), advocacy: ${num(h.advocacy.value)} (${delta(h.advocacy, 'percent')})`,
  ];
  const text = `${headline.join('\n')}\n\n${renderMarkdown(d, { sections, link: opts.link })}`;
  const subject = `Earshot weekly digest ${d.week}: ${num(h.volume.value)} mentions (${delta(h.volume, 'percent')}), net sentiment ${num(h.netSentiment.value)}`;
  return { subject, html, text, images };
}
