/** CSV for `earshot import-customers`: RFC 4180 quoting, a header row naming the columns. */

/** Splits CSV text into rows of fields; quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f.trim() !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  row.push(field);
  if (row.some((f) => f.trim() !== '')) rows.push(row);
  return rows;
}

/**
 * Turns CSV rows into customer records for the upsert schema. Columns (header names, any order):
 * externalId, identities (separated by `;` or `|`), price, cost, purchasesPerYear, years (optional),
 * acquisitionCost (optional). Numbers stay strings here; the upsert schema validates them.
 */
export function csvToCustomerRecords(text: string): Array<{ line: number; record: Record<string, unknown> }> {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!header) return [];
  const names = header.map((h) => h.trim());
  return rows.map((cells, index) => {
    const record: Record<string, unknown> = {};
    names.forEach((name, i) => {
      const value = (cells[i] ?? '').trim();
      if (value === '') return;
      if (name === 'identities') record.identities = value.split(/[;|]/).map((s) => s.trim()).filter(Boolean);
      else if (['price', 'cost', 'purchasesPerYear', 'years', 'acquisitionCost'].includes(name)) record[name] = Number(value);
      else record[name] = value;
    });
    return { line: index + 2, record };
  });
}
