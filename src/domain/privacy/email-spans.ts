/**
 * E-mail addresses, written plainly or disguised: Unicode (IDN) local parts and domains, quoted
 * local parts, dotless hosts (`ceo@localhost`), address literals, and the spelled-out forms
 * people use to dodge scrapers (`mary dot smith at gmail dot com`, `john [at] example [dot] com`).
 *
 * Each marker (`@`, `[at]`, ` at `, `arroba`…) is read outward: the local part backwards, the
 * domain forwards, with anchored patterns, so the cost is linear in the text.
 */
import type { PiiSpan } from './pii-span.ts';

const AT_WORDS = 'at|arroba|arobase|chiocciola|собака';
const DOT_WORDS = 'dot|punto|punkt|point|ponto|точка';
const OPEN = String.raw`[\[({<]`;
const CLOSE = String.raw`[\])}>]`;

// Group 1: a bracketed at; 2: a real @; 3: an at-word between spaces. Spaces around are added in code.
const MARKER = new RegExp(String.raw`(${OPEN}\s*(?:@|a|${AT_WORDS})\s*${CLOSE})|(@)|(?<=\s)(${AT_WORDS})(?=\s)`, 'giu');
const SPACE = /\s/;

const LOCAL = String.raw`\p{L}\p{M}\p{N}_%+~'\-`;
const LOCAL_START = String.raw`\p{L}\p{M}\p{N}_%+~\-`;
const TOKEN = String.raw`[${LOCAL_START}](?:[${LOCAL}]|\.(?=[${LOCAL}]))*`;
const SPELLED_DOT = String.raw`\s*${OPEN}\s*(?:\.|${DOT_WORDS})\s*${CLOSE}\s*|\s+(?:${DOT_WORDS})\s+`;
const NOT_AFTER_LOCAL = String.raw`(?<![${LOCAL}.])`;

// Anchored at the end of the text before the marker: the longest local part that ends there.
const LOCAL_BEFORE_AT = new RegExp(String.raw`(?:"[^"\r\n]{1,64}"|${NOT_AFTER_LOCAL}${TOKEN})$`, 'u');
const SPELLED_LOCAL_BEFORE = new RegExp(String.raw`${NOT_AFTER_LOCAL}${TOKEN}(?:(?:${SPELLED_DOT})${TOKEN})*$`, 'iu');
const LABEL = /[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]{0,61}[\p{L}\p{M}\p{N}])?/uy;
const REAL_DOT = /\.(?=[\p{L}\p{M}\p{N}])/uy;
const SPELLED_DOT_AT = new RegExp(SPELLED_DOT, 'iuy');
const ADDRESS_LITERAL = /\[(?:IPv6:)?[0-9A-Fa-f:.]{2,45}\]/y;
const TLD = /^(?:\p{L}[\p{L}\p{M}]{1,62}|xn--[a-z0-9-]{1,59})$/iu;
// After a spelled dot the last label must be a real top-level domain, not just any word.
const SPELLED_TLD = /^(?:[a-z]{2}|com|net|org|edu|gov|mil|int|info|biz|name|pro|mobi|app|dev|io|ai|shop|online|site|store|tech|xyz|email|рф)$/iu;
const HAS_LETTER = /\p{L}/u;
const HANDLE_LIKE = new RegExp(String.raw`[._+\-\d]|${SPELLED_DOT}`, 'iu');
// Not inside a placeholder: `[email]` must not vouch for its neighbour on a second pass.
const CUE = /(?<![\p{L}[])(?:e-?mail|mail|correo|courriel|contact|kontakt|contatto|write to|reach me|почта|メール|邮箱|이메일)[^\n]{0,40}$/iu;
const WEBMAIL = new Set([
  'gmail', 'googlemail', 'yahoo', 'ymail', 'hotmail', 'outlook', 'live', 'msn', 'icloud', 'me', 'mac', 'aol', 'protonmail', 'proton', 'pm',
  'gmx', 'web', 'mail', 'yandex', 'zoho', 'fastmail', 'tutanota', 'orange', 'free', 'laposte', 'wanadoo', 'sfr', 'libero', 'virgilio',
  't-online', 'qq', '163', '126', 'naver', 'daum', 'hanmail', 'rediffmail', 'btinternet', 'comcast', 'verizon', 'att', 'sbcglobal', 'seznam', 'wp', 'onet', 'mail.ru', 'bk', 'inbox', 'list', 'rambler', 'ukr',
]);
const LOOK_BACK = 200;

interface Domain {
  end: number;
  firstLabel: string;
}

/** The longest domain from `from`: labels joined by dots (real or spelled), ending on a top-level domain. */
function domainAfter(text: string, from: number, dotless: boolean): Domain | null {
  if (dotless) {
    ADDRESS_LITERAL.lastIndex = from;
    if (ADDRESS_LITERAL.test(text)) return { end: ADDRESS_LITERAL.lastIndex, firstLabel: '' };
  }
  const labels: Array<{ text: string; end: number; spelled: boolean }> = [];
  let pos = from;
  let spelled = false;
  for (;;) {
    LABEL.lastIndex = pos;
    const label = LABEL.exec(text);
    if (!label) break;
    labels.push({ text: label[0], end: LABEL.lastIndex, spelled });
    pos = LABEL.lastIndex;
    REAL_DOT.lastIndex = pos;
    SPELLED_DOT_AT.lastIndex = pos;
    if (REAL_DOT.test(text)) {
      pos = REAL_DOT.lastIndex;
      spelled = false;
    } else if (SPELLED_DOT_AT.test(text)) {
      pos = SPELLED_DOT_AT.lastIndex;
      spelled = true;
    } else break;
  }
  for (let k = labels.length; k >= 1; k--) {
    const last = labels[k - 1]!;
    if (k === 1 ? dotless && HAS_LETTER.test(last.text) : TLD.test(last.text) && (!last.spelled || SPELLED_TLD.test(last.text))) {
      return { end: last.end, firstLabel: labels[0]!.text.toLowerCase() };
    }
  }
  return null;
}

/** A plain " at " is a word far more often than an address: it needs a second sign. */
function corroborated(text: string, localStart: number, local: string, marker: string, domain: Domain): boolean {
  if (HANDLE_LIKE.test(local) || WEBMAIL.has(domain.firstLabel)) return true;
  const word = marker.trim();
  if (word === word.toUpperCase() && local !== local.toUpperCase()) return true;
  return CUE.test(text.slice(Math.max(0, localStart - 48), localStart));
}

export function emailSpans(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  MARKER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = MARKER.exec(text))) {
    let markerStart = m.index;
    let markerEnd = m.index + m[0].length;
    while (markerStart > 0 && SPACE.test(text.charAt(markerStart - 1))) markerStart--;
    while (SPACE.test(text.charAt(markerEnd))) markerEnd++;
    const tight = m[2] !== undefined && markerStart === m.index && markerEnd === m.index + 1;
    // The domain first: it is the cheaper test and rules out nearly every " at " of prose.
    const domain = domainAfter(text, markerEnd, tight);
    const before = domain ? text.slice(Math.max(0, markerStart - LOOK_BACK), markerStart) : '';
    const local = domain ? (tight ? LOCAL_BEFORE_AT : SPELLED_LOCAL_BEFORE).exec(before) : null;
    if (!domain || !local) continue;
    const localStart = markerStart - before.length + local.index;
    if (m[3] !== undefined && !corroborated(text, localStart, local[0], m[3], domain)) continue;
    spans.push({ start: localStart, end: domain.end, kind: 'email' });
    MARKER.lastIndex = Math.max(MARKER.lastIndex, domain.end);
  }
  return spans;
}
