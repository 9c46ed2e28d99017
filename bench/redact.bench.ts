/**
 * Redaction throughput on the privacy corpora (planted PII + ordinary reviews), one core:
 * every item at ingest goes through redactPii, so this bounds what the pipeline can take.
 * `BENCH_SECONDS` (default 3) per shape.
 */
import { readFileSync } from 'node:fs';
import { redactPii } from '../src/domain/privacy/redact-pii.ts';

const fixture = (name: string) => readFileSync(new URL(`../test/fixtures/privacy/${name}`, import.meta.url), 'utf8');
const planted = JSON.parse(fixture('pii-planted.json')) as { templates: string[]; values: Array<{ value: string }> };
const ordinary = fixture('ordinary-reviews.txt').split('\n').filter(Boolean);
const sentences = [...planted.values.map(({ value }, i) => planted.templates[i % planted.templates.length]!.replace('{v}', value)), ...ordinary];
// A review is usually a few sentences: five of them joined is closer to what ingest sees.
const fiveOf = (pool: string[]) => Array.from({ length: pool.length }, (_, i) => Array.from({ length: 5 }, (_, k) => pool[(i * 7 + k * 131) % pool.length]).join(' '));
const seconds = Number(process.env.BENCH_SECONDS ?? 3);

function measure(name: string, texts: string[]): void {
  let done = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(seconds * 1e9);
  while (process.hrtime.bigint() < deadline) {
    for (const t of texts) {
      redactPii(t);
      done++;
    }
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const avg = Math.round(texts.reduce((s, t) => s + t.length, 0) / texts.length);
  console.log(`${name}: ${Math.round(done / elapsed).toLocaleString('en')} items/s (${texts.length} items of ${avg} chars on average)`);
}

measure('sentences (planted + ordinary)', sentences);
measure('reviews of 5 sentences (planted + ordinary)', fiveOf(sentences));
measure('reviews of 5 ordinary sentences', fiveOf(ordinary));
