/**
 * How a file's rows become items: the `--map` mapping from item fields to columns, and the pure
 * row → items step. A row may hold several free-text answers (a survey response with several open
 * questions): each becomes an item, linked by `meta.responseId`.
 */
import { createHash } from 'node:crypto';
import { joinTitle } from './connectors/connector-util.ts';
import { getPath } from './connectors/json.connector.ts';

export const IMPORT_TARGETS = ['text', 'id', 'nps', 'rating', 'date', 'author', 'url', 'reach', 'title'] as const;
export type ImportTarget = (typeof IMPORT_TARGETS)[number];

export type ImportMapping = Partial<Record<Exclude<ImportTarget, 'text'>, string>> & {
  /** The free-text columns (`text=Q2|Q5`): each non-empty answer becomes an item. */
  text: string[];
  /** The question each text column asks, kept on its items as `meta.question`. */
  questions?: Record<string, string>;
};

export class ImportError extends Error {
  override name = 'ImportError';
}

/** Parses `text=comment,nps=score,...` into a mapping from item field to column; `text` may name several columns with `|`. */
export function parseMapping(spec: string, options: { requireText?: boolean } = {}): ImportMapping {
  const out: Partial<Record<ImportTarget, string>> = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    const target = part.slice(0, eq).trim() as ImportTarget;
    const column = part.slice(eq + 1).trim();
    if (eq < 1 || !column) throw new ImportError(`--map: "${part}" is not <field>=<column>`);
    if (!IMPORT_TARGETS.includes(target)) throw new ImportError(`--map: unknown field "${target}" (one of ${IMPORT_TARGETS.join(', ')})`);
    out[target] = column;
  }
  const { text, ...rest } = out;
  if (!text && options.requireText !== false) throw new ImportError('--map: text=<column> is required');
  return { ...rest, text: text ? text.split('|').map((c) => c.trim()).filter(Boolean) : [] };
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?$/i;
const SPACED_ISO = /^(\d{4})[-/](\d{2})[-/](\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?(?:\s*(?:GMT|UTC)([+-]\d{1,2})(?::?(\d{2}))?)?$/i;

/**
 * Dates as exports write them: ISO 8601, "2026-11-24 10:12:41" (Qualtrics), "11/24/2026 10:12:41 AM"
 * (SurveyMonkey, Sheets in US locale), "2026/11/24 10:12:41 AM GMT+1" (Forms). Without an offset they are UTC.
 */
export function parseExportDate(value: string): Date | undefined {
  const s = value.trim();
  const us = US_DATE.exec(s);
  const spaced = us ? null : SPACED_ISO.exec(s);
  if (us || spaced) {
    const [y, mo, d] = us ? [us[3], us[1], us[2]] : [spaced![1], spaced![2], spaced![3]];
    const m = (us ?? spaced)!;
    let hour = Number(m[4]) % (m[7] ? 12 : 24);
    if (m[7]?.toUpperCase() === 'PM') hour += 12;
    const offsetMin = spaced?.[8] ? Number(spaced[8]) * 60 + Math.sign(Number(spaced[8]) || 1) * Number(spaced[9] ?? 0) : 0;
    const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), hour, Number(m[5]), Number(m[6] ?? 0)) - offsetMin * 60_000;
    return Number.isNaN(t) ? undefined : new Date(t);
  }
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** One row to its items, or the reason it cannot give any. Scores ride on the first answer only, so a response counts once. */
export function rowToItems(values: Record<string, unknown>, mapping: ImportMapping): { items: Array<Record<string, unknown>> } | { reason: string } {
  const get = (column: string | undefined) => (column === undefined ? undefined : column in values ? values[column] : getPath(values, column));
  const shared: Record<string, unknown> = {};
  for (const target of ['nps', 'rating', 'reach'] as const) {
    const v = get(mapping[target]);
    if (blank(v)) continue;
    const n = typeof v === 'number' ? v : Number(String(v).trim());
    if (!Number.isFinite(n)) return { reason: `${target}: "${String(v).slice(0, 40)}" is not a number` };
    shared[target] = n;
  }
  const date = get(mapping.date);
  if (!blank(date)) {
    const d = typeof date === 'number' ? new Date(date < 1e12 ? date * 1000 : date) : parseExportDate(String(date));
    if (!d) return { reason: `date: "${String(date).slice(0, 40)}" is not a date` };
    shared.publishedAt = d;
  }
  for (const target of ['author', 'url'] as const) {
    const v = get(mapping[target]);
    if (!blank(v)) shared[target] = String(v).trim();
  }
  const asText = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
  const title = mapping.title ? asText(get(mapping.title)) : '';
  const answers = mapping.text.map((column) => ({ column, text: joinTitle(title, asText(get(column))) }));

  let base: string;
  if (mapping.id) {
    const id = get(mapping.id);
    if (blank(id)) return { reason: 'id: empty' };
    base = `import-${String(id).trim()}`;
  } else {
    const key = [...answers.map((a) => a.text), shared.nps, shared.rating, shared.publishedAt instanceof Date ? shared.publishedAt.toISOString() : '', shared.author].join('\u0000');
    base = `import-h${createHash('sha1').update(key).digest('hex').slice(0, 24)}`;
  }
  // One text column: the row is the item (an empty text is rejected by validation, as before).
  if (answers.length === 1) return { items: [{ ...shared, text: answers[0]!.text, externalId: base }] };
  const given = answers.filter((a) => a.text.trim() !== '');
  if (given.length === 0) return { reason: `no answer in any free-text column (${mapping.text.join(', ').slice(0, 200)})` };
  const responseId = base.slice('import-'.length).slice(0, 200);
  return {
    items: given.map((a, i) => {
      const { nps, rating, ...rest } = shared;
      return {
        ...rest,
        ...(i === 0 ? { ...(nps !== undefined ? { nps } : {}), ...(rating !== undefined ? { rating } : {}) } : {}),
        text: a.text,
        externalId: `${base}:${createHash('sha1').update(a.column).digest('hex').slice(0, 10)}`,
        meta: { responseId, ...(mapping.questions?.[a.column] ? { question: mapping.questions[a.column]! } : {}) },
      };
    }),
  };
}
