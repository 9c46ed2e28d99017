/** Turns feed HTML (descriptions, toots, Hacker News comments) into plain text. */
import { decodeHTMLStrict } from 'entities';

export function htmlToText(html: string): string {
  // Every named and numeric entity of the WHATWG list; a bare `&` stays as written.
  return decodeHTMLStrict(
    html
      .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
      // Hacker News separates paragraphs with a bare <p> and never closes them.
      .replace(/<br\s*\/?>|<\/?p\b[^>]*>|<\/div>|<\/li>/gi, '\n')
      .replace(/<[^>]+>/g, ''),
  )
    .replace(/[ \t\r\f\v\u00a0]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}
