import { describe, expect, it } from 'vitest';
import type { Classification } from '../../../src/domain/classification/classification.types.ts';
import { labels } from '../../support/classification.ts';
import { isSatisfied, recoveryOutcome } from '../../../src/domain/recovery/recovery-outcome.ts';


// "The latte was lukewarm and bland this time": a satisfaction-category item at the dissatisfied level.
const lukewarm = labels({ category: 'satisfaction', satisfaction: 'dissatisfied', sentiment: { score: -2, comparative: -0.2, label: 'negative' } });
const happy = labels({ category: 'satisfaction', satisfaction: 'satisfied', sentiment: { score: 3, comparative: 0.3, label: 'positive' } });
const at = (h: number) => new Date(Date.UTC(2026, 10, 20, h));

describe('recovery outcome', () => {
  it('a later dissatisfied experience (rating 2) is not recovered', () => {
    expect(isSatisfied(lukewarm, 2)).toBe(false);
    expect(recoveryOutcome([{ publishedAt: at(10), classification: lukewarm, rating: 2 }]).outcome).toBe('not-recovered');
  });

  it('a rating of 2 or less is never satisfied, whatever the level', () => {
    expect(isSatisfied(happy, 2)).toBe(false);
    expect(isSatisfied(happy, 1)).toBe(false);
    expect(isSatisfied(happy, 3)).toBe(true);
    expect(isSatisfied(labels({}), 4)).toBe(true);
    expect(isSatisfied(labels({ category: 'satisfaction', satisfaction: 'dissatisfied' }))).toBe(false);
  });

  it('the latest item that says something decides', () => {
    const later = [
      { publishedAt: at(9), classification: happy },
      { publishedAt: at(11), classification: lukewarm, rating: 2 },
      { publishedAt: at(12), classification: labels({}) },
    ];
    expect(recoveryOutcome(later)).toMatchObject({ outcome: 'not-recovered', decidedBy: { publishedAt: at(11) } });
    expect(recoveryOutcome([{ publishedAt: at(9), classification: labels({}) }]).outcome).toBe('silent');
  });
});
