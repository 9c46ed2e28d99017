/**
 * The one RFC 4180 CSV reader (item imports, customer files, training data): quoted fields with
 * doubled quotes, delimiters and newlines inside quotes, CRLF or LF, a UTF-8 BOM. The delimiter is
 * a comma unless given (`;` from European spreadsheet exports, a tab). Streaming holds one
 * record at a time, whatever the file size.
 */

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
  /** Set when the record cannot be read as CSV (an unterminated quote at the end of the file). */
  error?: string;
}

/**
 * The parser's state between chunks: feed it text in pieces of any size (a record may span
 * chunks), then `end()` for the last record.
 */
export class CsvParser {
  private record: string[] = [];
  private field = '';
  private quoted = false; // the current field began with a quote
  private inQuotes = false;
  private quotePending = false; // saw a quote inside quotes: either an escaped quote or the closing one
  private line = 1;
  private recordLine = 1;
  private first = true;
  private readonly delimiter: number;

  constructor(delimiter = ',') {
    this.delimiter = delimiter.charCodeAt(0);
  }

  feed(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      this.first = false;
    }
    let start = 0; // start of the pending plain segment of `field` within this chunk
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk.charCodeAt(i);
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (ch === 34 /* " */) {
            this.field += '"';
            start = i + 1;
            continue;
          }
          this.inQuotes = false;
          start = i;
          // fall through: this character ends or continues the field outside quotes
        } else {
          if (ch === 34) {
            this.field += chunk.slice(start, i);
            this.quotePending = true;
            start = i + 1;
          } else if (ch === 10) this.line++;
          continue;
        }
      }
      if (ch === 34 && !this.quoted && this.field === '' && start === i) {
        this.quoted = true;
        this.inQuotes = true;
        start = i + 1;
      } else if (ch === this.delimiter) {
        this.record.push(this.field + chunk.slice(start, i));
        this.field = '';
        this.quoted = false;
        start = i + 1;
      } else if (ch === 10 /* \n */) {
        let end = i;
        if (end > start && chunk.charCodeAt(end - 1) === 13) end--;
        else if (end === start && this.field.endsWith('\r')) this.field = this.field.slice(0, -1);
        this.record.push(this.field + chunk.slice(start, end));
        if (!(this.record.length === 1 && this.record[0] === '')) out.push({ line: this.recordLine, fields: this.record });
        this.record = [];
        this.field = '';
        this.quoted = false;
        start = i + 1;
        this.line++;
        this.recordLine = this.line;
      }
    }
    this.field += chunk.slice(start);
    return out;
  }

  end(): CsvRecord[] {
    if (this.inQuotes && !this.quotePending) return [{ line: this.recordLine, fields: [...this.record, this.field], error: 'unterminated quoted field' }];
    const field = this.field.endsWith('\r') ? this.field.slice(0, -1) : this.field;
    if (field !== '' || this.record.length > 0 || this.quoted) return [{ line: this.recordLine, fields: [...this.record, field] }];
    return [];
  }
}

/** Records of a stream of text chunks, one at a time (imports of any size). */
export async function* csvRecords(chunks: AsyncIterable<string>, delimiter = ','): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser(delimiter);
  for await (const chunk of chunks) yield* parser.feed(chunk);
  yield* parser.end();
}

/** Records of a whole text (small files). */
export function parseCsv(text: string): CsvRecord[] {
  const parser = new CsvParser();
  return [...parser.feed(text), ...parser.end()];
}

/** A value of a CSV cell as written: text, a number, a flag, a time, or nothing. */
export type CsvValue = string | number | boolean | Date | null | undefined;

/** Cells a spreadsheet would run as a formula (=, +, -, @, and tab or CR that some strip first). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 record (CRLF-terminated): fields with a comma, quote or line break are quoted with
 * quotes doubled. Text that a spreadsheet would read as a formula gets a leading `'` (OWASP's CSV
 * injection advice), so an exported customer post cannot run in the analyst's Excel; numbers are
 * written as numbers, so a negative score stays a number.
 */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  let s = v instanceof Date ? v.toISOString() : v;
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
