import { describe, expect, it } from 'vitest';
import type { Classification } from '../../../src/domain/classification/classification.types.ts';
import { applyCorrection, InvalidCorrectionError } from '../../../src/domain/corrections/apply-correction.ts';
import { csvToCustomerRecords } from '../../../src/domain/customers/customers-csv.ts';
import { parseCsv } from '../../../src/infra/csv.ts';
import { detectDefection } from '../../../src/domain/customers/defection.ts';
import { recoveryOutcome } from '../../../src/domain/recovery/recovery-outcome.ts';

describe('detectDefection', () => {
  it.each([
    ['Cancelled my @AcmeCoffee subscription today, going back to @RivalRoast.', ['going-back', 'cancelled']],
    ['Never again. Switching to the place next door.', ['switching', 'never-again']],
    ['I have moved over to BeanCo for good', ['switching']],
    ['I unsubscribed this morning', ['cancelled']],
  ])('%s', (text, reasons) => {
    expect(detectDefection(text).map((m) => m.reason).sort()).toEqual([...reasons].sort());
  });

  it('does not fire on ordinary complaints or questions', () => {
    expect(detectDefection('Can I cancel an order before it ships?')).toEqual([]);
    expect(detectDefection('My order never arrived, where is it?')).toEqual([]);
    expect(detectDefection('We are moving to Leeds, can you change the delivery address?')).toEqual([]);
    // Self-blame about a renewal is not a decision to leave.
    expect(detectDefection('I forgot to cancel the subscription before the renewal date, my fault entirely.')).toEqual([]);
    expect(detectDefection("I'm going to cancel my subscription if this happens again")[0]?.reason).toBe('cancelled');
  });

  it('keeps the phrase, to the end of the clause, as the reason text', () => {
    expect(detectDefection('going back to @RivalRoast. The last boxes were stale')[0]!.phrase).toBe('going back to @rivalroast');
    expect(detectDefection('Never again. Switching to the place next door.').map((m) => m.phrase)).toContain('switching to the place next door');
  });
});

describe('customer CSV', () => {
  it('parses quoted fields, several identities and numbers', () => {
    const csv = 'externalId,identities,price,cost,purchasesPerYear,years,acquisitionCost\r\n"C-1","dana@example.com; @dana.k",50,20,12,,400\n\nC-2,x|y,"1,5",1,1,2,0\n';
    expect(parseCsv(csv)).toHaveLength(3);
    const rows = csvToCustomerRecords(csv);
    expect(rows[0]).toEqual({
      line: 2,
      record: { externalId: 'C-1', identities: ['dana@example.com', '@dana.k'], price: 50, cost: 20, purchasesPerYear: 12, acquisitionCost: 400 },
    });
    expect(rows[1]!.record.identities).toEqual(['x', 'y']);
    expect(Number.isNaN(rows[1]!.record.price)).toBe(true);
  });
});

const model: Classification = {
  category: 'satisfaction',
  sentiment: { score: 2, comparative: 0.2, label: 'positive' },
  satisfaction: 'satisfied',
  complaint: null,
  advocacy: false,
  aspects: ['product'],
  language: 'en',
  confidence: 0.7,
  cues: [],
};

describe('applyCorrection', () => {
  it('a complaint type implies the complaint category; other labels stay', () => {
    const { after, changed } = applyCorrection(model, { complaint: { intent: 'instrumental', blame: 'ostensive' } });
    expect(after.category).toBe('complaint');
    expect(after.satisfaction).toBe('satisfied');
    expect(changed).toEqual(['category', 'complaint']);
  });

  it('leaving the complaint category drops the complaint type', () => {
    const complaint = { ...model, category: 'complaint' as const, complaint: { intent: 'instrumental' as const, blame: 'reflexive' as const } };
    expect(applyCorrection(complaint, { category: 'neutral' }).after.complaint).toBeNull();
  });

  it('rejects inconsistent labels', () => {
    expect(() => applyCorrection(model, { category: 'complaint' })).toThrow(InvalidCorrectionError);
    expect(() => applyCorrection(model, { category: 'neutral', complaint: { intent: 'instrumental', blame: 'ostensive' } })).toThrow(InvalidCorrectionError);
  });
});

describe('recoveryOutcome', () => {
  const at = (h: number) => new Date(Date.UTC(2026, 0, 1, h));
  const item = (h: number, c: Partial<Classification>) => ({ publishedAt: at(h), classification: { ...model, ...c } });
  it('the latest item that says something decides', () => {
    expect(recoveryOutcome([]).outcome).toBe('silent');
    expect(recoveryOutcome([item(1, { category: 'neutral', satisfaction: null, sentiment: { score: 0, comparative: 0, label: 'neutral' } })]).outcome).toBe('silent');
    expect(recoveryOutcome([item(1, { category: 'complaint', satisfaction: 'dissatisfied' }), item(2, {})]).outcome).toBe('recovered');
    expect(recoveryOutcome([item(2, { category: 'complaint', satisfaction: 'dissatisfied', sentiment: { score: -2, comparative: -0.3, label: 'negative' } }), item(1, {})]).outcome).toBe('not-recovered');
  });
});
