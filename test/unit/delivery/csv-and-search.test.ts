import { describe, expect, it } from 'vitest';
import { searchTerms } from '../../../src/domain/feedback/item-search.ts';
import { csvLine, parseCsv } from '../../../src/infra/csv.ts';

describe('csvLine', () => {
  it('quotes what needs quoting and round-trips through the reader', () => {
    const values = ['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', '', 'ünïcödé 🎉'];
    const line = csvLine(values);
    expect(line).toBe('plain,"a,b","say ""hi""","two\nlines","cr\r\nlf",,ünïcödé 🎉\r\n');
    expect(parseCsv(line)[0]!.fields).toEqual(values);
  });

  it('neutralises text a spreadsheet would run as a formula, but not numbers', () => {
    expect(csvLine(['=1+1', '+33 6 12', '-2', '@SUM(A1)', '\tx', '\r=x', 'a=b'])).toBe("'=1+1,'+33 6 12,'-2,'@SUM(A1),'\tx,\"'\r=x\",a=b\r\n");
    expect(csvLine([-0.25, 3, Number.NaN, null, undefined, true, new Date(Date.UTC(2026, 0, 2))])).toBe('-0.25,3,,,,true,2026-01-02T00:00:00.000Z\r\n');
  });
});

describe('searchTerms', () => {
  it('splits words, keeps quoted phrases whole, lower-cases and drops repeats', () => {
    expect(searchTerms('Checkout  "card   CHARGED" checkout refund')).toEqual(['checkout', 'card charged', 'refund']);
    expect(searchTerms('   ')).toEqual([]);
    expect(searchTerms('"unclosed phrase')).toEqual(['"unclosed', 'phrase']);
  });
});
