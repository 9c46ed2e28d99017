/**
 * A streaming RFC 4180 CSV reader: quoted fields with doubled quotes, commas and newlines inside
 * quotes, CRLF or LF, a UTF-8 BOM. Memory holds one record at a time, whatever the file size.
 */

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
  /** Set when the record cannot be read as CSV (an unterminated quote at the end of the file). */
  error?: string;
}

export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  let record: string[] = [];
  let field = '';
  let quoted = false; // the current field began with a quote
  let inQuotes = false;
  let quotePending = false; // saw a quote inside quotes: either an escaped quote or the closing one
  let line = 1;
  let recordLine = 1;
  let first = true;

  for await (let chunk of chunks) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    let start = 0; // start of the pending plain segment of `field` within this chunk
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk.charCodeAt(i);
      if (inQuotes) {
        if (quotePending) {
          quotePending = false;
          if (ch === 34 /* " */) {
            field += '"';
            start = i + 1;
            continue;
          }
          inQuotes = false;
          start = i;
          // fall through: this character ends or continues the field outside quotes
        } else {
          if (ch === 34) {
            field += chunk.slice(start, i);
            quotePending = true;
            start = i + 1;
          } else if (ch === 10) line++;
          continue;
        }
      }
      if (ch === 34 && !quoted && field === '' && start === i) {
        quoted = true;
        inQuotes = true;
        start = i + 1;
      } else if (ch === 44 /* , */) {
        record.push(field + chunk.slice(start, i));
        field = '';
        quoted = false;
        start = i + 1;
      } else if (ch === 10 /* \n */) {
        let end = i;
        if (end > start && chunk.charCodeAt(end - 1) === 13) end--;
        else if (end === start && field.endsWith('\r')) field = field.slice(0, -1);
        record.push(field + chunk.slice(start, end));
        if (!(record.length === 1 && record[0] === '')) yield { line: recordLine, fields: record };
        record = [];
        field = '';
        quoted = false;
        start = i + 1;
        line++;
        recordLine = line;
      }
    }
    field += chunk.slice(start);
  }
  if (inQuotes && !quotePending) {
    yield { line: recordLine, fields: [...record, field], error: 'unterminated quoted field' };
    return;
  }
  if (field.endsWith('\r')) field = field.slice(0, -1);
  if (field !== '' || record.length > 0 || quoted) yield { line: recordLine, fields: [...record, field] };
}
