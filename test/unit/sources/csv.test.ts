import { describe, expect, it } from 'vitest';
import { csvRecords, type CsvRecord } from '../../../src/infra/csv.ts';
import { parseMapping, rowToItems } from '../../../src/domain/sources/import-mapping.ts';

async function* chunks(s: string, size: number) {
  for (let i = 0; i < s.length; i += size) yield s.slice(i, i + size);
}
async function read(s: string, size: number): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of csvRecords(chunks(s, size))) out.push(r);
  return out;
}

describe('csvRecords', () => {
  const input = '\ufeffid,comment,score\r\n1,"Hello, ""world""\nsecond line",9\r\n2,plain,\r\n\r\n3,"",10\n4,trailing';
  it.each([1, 2, 3, 7, 1000])('reads quotes, doubled quotes, newlines in quotes, CRLF and a BOM in chunks of %i', async (size) => {
    expect(await read(input, size)).toEqual([
      { line: 1, fields: ['id', 'comment', 'score'] },
      { line: 2, fields: ['1', 'Hello, "world"\nsecond line', '9'] },
      { line: 4, fields: ['2', 'plain', ''] },
      { line: 6, fields: ['3', '', '10'] },
      { line: 7, fields: ['4', 'trailing'] },
    ]);
  });
  it('reports an unterminated quote', async () => {
    expect(await read('a,b\n1,"never closed\n', 4)).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'never closed\n'], error: 'unterminated quoted field' },
    ]);
  });
});

describe('import mapping', () => {
  it('parses --map and refuses unknown fields or a missing text', () => {
    expect(parseMapping('text=comment, nps=score,id=response_id')).toEqual({ text: ['comment'], nps: 'score', id: 'response_id' });
    expect(() => parseMapping('nps=score')).toThrow(/text=<column> is required/);
    expect(() => parseMapping('text=a,colour=b')).toThrow(/unknown field "colour"/);
  });
  it('turns rows into items with stable ids, or says why not', () => {
    const m = parseMapping('text=comment,nps=score,date=at');
    const a = rowToItems({ comment: 'Great', score: '9', at: '2026-11-01' }, m);
    const b = rowToItems({ comment: 'Great', score: '9', at: '2026-11-01' }, m);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ items: [{ text: 'Great', nps: 9 }] });
    expect(rowToItems({ comment: 'x', score: 'nine', at: '' }, m)).toEqual({ reason: 'nps: "nine" is not a number' });
    expect(rowToItems({ comment: 'x', score: '', at: 'someday' }, m)).toEqual({ reason: 'date: "someday" is not a date' });
  });
});
