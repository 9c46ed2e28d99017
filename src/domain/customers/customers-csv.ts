/** CSV for `earshot import-customers`: RFC 4180 quoting, a header row naming the columns. */
import { parseCsv } from '../../infra/csv.ts';

/**
 * Turns CSV rows into customer records for the upsert schema. Columns (header names, any order):
 * externalId, identities (separated by `;` or `|`), price, cost, purchasesPerYear, years (optional),
 * acquisitionCost (optional). Numbers stay strings here; the upsert schema validates them.
 */
export function csvToCustomerRecords(text: string): Array<{ line: number; record: Record<string, unknown> }> {
  const [header, ...rows] = parseCsv(text).filter((r) => r.fields.some((f) => f.trim() !== ''));
  if (!header) return [];
  const names = header.fields.map((h) => h.trim());
  return rows.map(({ line, fields: cells }) => {
    const record: Record<string, unknown> = {};
    names.forEach((name, i) => {
      const value = (cells[i] ?? '').trim();
      if (value === '') return;
      if (name === 'identities') record.identities = value.split(/[;|]/).map((s) => s.trim()).filter(Boolean);
      else if (['price', 'cost', 'purchasesPerYear', 'years', 'acquisitionCost'].includes(name)) record[name] = Number(value);
      else record[name] = value;
    });
    return { line, record };
  });
}
