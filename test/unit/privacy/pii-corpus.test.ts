/**
 * The corpora behind the README's privacy promise: planted contact details must all be replaced,
 * exactly, and ordinary review text (dates, prices, order and version numbers…) left untouched.
 * Both shares are printed so a regression shows as a number, not only as a red test.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { redactPii } from '../../../src/domain/privacy/redact-pii.ts';

interface Planted {
  templates: string[];
  values: Array<{ kind: 'email' | 'phone' | 'card' | 'iban'; value: string }>;
}

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/privacy/${name}`, import.meta.url), 'utf8');
const planted = JSON.parse(fixture('pii-planted.json')) as Planted;
const ordinary = fixture('ordinary-reviews.txt').split('\n').filter((line) => line.trim());

const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)} %`;

describe('PII corpus', () => {
  it('holds at least 200 planted values and 300 ordinary sentences', () => {
    expect(planted.values.length).toBeGreaterThanOrEqual(200);
    expect(ordinary.length).toBeGreaterThanOrEqual(300);
  });

  it('replaces every planted value exactly, keeping the text around it', () => {
    const missed: string[] = [];
    const byKind = new Map<string, { caught: number; total: number }>();
    planted.values.forEach(({ kind, value }, i) => {
      const template = planted.templates[i % planted.templates.length]!;
      const [before, after] = template.split('{v}') as [string, string];
      const caught = redactPii(before + value + after) === `${before}[${kind}]${after}`;
      const tally = byKind.get(kind) ?? { caught: 0, total: 0 };
      tally.total++;
      if (caught) tally.caught++;
      else missed.push(`${kind}: ${JSON.stringify(before + value + after)} → ${JSON.stringify(redactPii(before + value + after))}`);
      byKind.set(kind, tally);
    });
    const caught = planted.values.length - missed.length;
    const kinds = [...byKind].map(([kind, t]) => `${kind} ${t.caught}/${t.total}`).join(', ');
    console.log(`planted PII caught: ${caught}/${planted.values.length} (${pct(caught, planted.values.length)}; ${kinds})`);
    expect(missed).toEqual([]);
  });

  it('leaves ordinary review text untouched', () => {
    const changed = ordinary.filter((line) => redactPii(line) !== line).map((line) => `${line} → ${redactPii(line)}`);
    console.log(`false redactions: ${changed.length}/${ordinary.length} ordinary sentences (${pct(changed.length, ordinary.length)})`);
    expect(changed).toEqual([]);
  });
});
