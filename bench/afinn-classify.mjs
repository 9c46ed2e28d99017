#!/usr/bin/env node
// The peer for `bench:classify-cli`: AFINN (the `sentiment` package) behind the same JSONL
// contract as `earshot classify` (one result or {"id", "error"} per input line, in order).
import { createInterface } from 'node:readline';
import Sentiment from 'sentiment';

const afinn = new Sentiment();
const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
let buffer = '';
for await (const line of rl) {
  let out;
  try {
    const v = JSON.parse(line);
    if (typeof v?.text !== 'string') out = { id: v?.id ?? null, error: 'text: required' };
    else {
      const r = afinn.analyze(v.text);
      out = { id: v.id, sentiment: { score: r.score, comparative: r.comparative, label: r.score > 0 ? 'positive' : r.score < 0 ? 'negative' : 'neutral' } };
    }
  } catch {
    out = { id: null, error: 'line is not valid JSON' };
  }
  buffer += JSON.stringify(out) + '\n';
  if (buffer.length < 65536) continue;
  const ok = process.stdout.write(buffer);
  buffer = '';
  if (!ok) await new Promise((resolve) => process.stdout.once('drain', resolve));
}
process.stdout.write(buffer);
