/**
 * `earshot classify`: JSONL in on stdin, one JSONL result per input line out on stdout, in order.
 * Needs no services. A bad line yields {"id", "error"} on that line and the run goes on; only
 * a usage error gives a non-zero exit code. Streams with backpressure, so input size is unbounded.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { z } from 'zod';
import { loadClassifierModel, loadScoredLanguages } from '../../config/load-config.ts';
import { FEEDBACK_KINDS, loadClassifier, MODEL_PATHS, type Classifier } from '../domain/classification/index.ts';
import type { CliCommand } from './cli-command.ts';

const USAGE = `usage: earshot classify [--model <path>]

Reads JSONL from stdin, one {"id", "text", "rating"?, "nps"?, "kind"?} per line, and writes one
JSONL result per line to stdout: {"id", "category", "sentiment", "satisfaction", "complaint",
"advocacy", "aspects", "language", "scored", "confidence", "cues"}, or {"id", "error"} for a bad
line. "scored": false means the language is not scored (the labels are placeholders).

options:
  --model <path>   model file (default: the model EARSHOT_CLASSIFIER_MODEL names, default or
                   permissive: models/classifier.json or models/classifier-permissive.json)
  -h, --help       show this help
`;

const lineSchema = z.object({
  id: z.union([z.string().min(1), z.number()]),
  text: z.string(),
  rating: z.number().min(1).max(5).optional(),
  nps: z.number().int().min(0).max(10).optional(),
  kind: z.enum(FEEDBACK_KINDS).optional(),
});

/** Flushes output in chunks: one write per line is the slowest part of a 100k-line run. */
const CHUNK_BYTES = 64 * 1024;

function idOf(value: unknown): string | number | null {
  if (value && typeof value === 'object' && 'id' in value) {
    const id = (value as { id: unknown }).id;
    if ((typeof id === 'string' && id.length > 0) || typeof id === 'number') return id;
  }
  return null;
}

type Line = z.infer<typeof lineSchema>;
const KINDS: ReadonlySet<unknown> = new Set(FEEDBACK_KINDS);

/**
 * The schema's rules for a well-formed line, checked by hand: zod builds an issue object for the
 * union branch it rejects, and that was a tenth of a 200k-line run. Anything this rejects goes
 * through the schema, which words the error.
 */
function wellFormed(v: unknown): Line | null {
  if (typeof v !== 'object' || v === null) return null;
  const { id, text, rating, nps, kind } = v as Record<string, unknown>;
  if (!((typeof id === 'string' && id.length > 0) || (typeof id === 'number' && Number.isFinite(id)))) return null;
  if (typeof text !== 'string') return null;
  if (rating !== undefined && !(typeof rating === 'number' && rating >= 1 && rating <= 5)) return null;
  if (nps !== undefined && !(typeof nps === 'number' && Number.isInteger(nps) && nps >= 0 && nps <= 10)) return null;
  if (kind !== undefined && !KINDS.has(kind)) return null;
  const line: Line = { id, text };
  if (rating !== undefined) line.rating = rating;
  if (nps !== undefined) line.nps = nps;
  if (kind !== undefined) line.kind = kind as Line['kind'];
  return line;
}

/** Classifies one input line into one output line (without the newline). Never throws. */
export function classifyLine(classifier: Classifier, line: string): string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return JSON.stringify({ id: null, error: line.trim() === '' ? 'empty line' : 'line is not valid JSON' });
  }
  let valid = wellFormed(value);
  if (!valid) {
    const parsed = lineSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'line';
      return JSON.stringify({ id: idOf(value), error: `${field}: ${issue?.message ?? 'invalid'}` });
    }
    valid = parsed.data;
  }
  const { id, ...input } = valid;
  try {
    // The id spliced in front of the result's own JSON: no copy of the result object per line.
    return `{"id":${JSON.stringify(id)},${JSON.stringify(classifier.classify(input)).slice(1)}`;
  } catch (err) {
    return JSON.stringify({ id, error: `classification failed: ${(err as Error).message}` });
  }
}

/** Testable core: streams `input` to `output`; resolves when the input ends or the output closes. */
export async function runClassify(classifier: Classifier, input: Readable, output: Writable): Promise<void> {
  let closed = false;
  output.on('error', () => {
    closed = true; // e.g. EPIPE when piped into `head`: stop quietly
  });
  const rl = createInterface({ input, crlfDelay: Infinity });
  let buffer = '';
  const flush = async (): Promise<void> => {
    if (buffer.length === 0 || closed) return;
    const ok = output.write(buffer);
    buffer = '';
    if (!ok) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          output.off('drain', done);
          output.off('close', done);
          output.off('error', done);
          resolve();
        };
        output.once('drain', done);
        output.once('close', done);
        output.once('error', done);
      });
    }
  };
  for await (const line of rl) {
    if (closed) break;
    buffer += classifyLine(classifier, line) + '\n';
    if (buffer.length >= CHUNK_BYTES) await flush();
  }
  await flush();
  rl.close();
}

export const command: CliCommand = {
  usage: USAGE,
  options: { model: { type: 'string' } },
  async run({ values }) {
    let classifier: Classifier;
    try {
      classifier = loadClassifier((values.model as string | undefined) ?? MODEL_PATHS[loadClassifierModel()], { scoredLanguages: loadScoredLanguages() });
    } catch (err) {
      process.stderr.write(`earshot classify: ${(err as Error).message}\n`);
      return 2;
    }
    await runClassify(classifier, process.stdin, process.stdout);
    return 0;
  },
};
