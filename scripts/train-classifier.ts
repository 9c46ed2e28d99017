/**
 * `npm run train`: trains the classifier on ../shared/datasets (or $EARSHOT_DATASETS) and
 * writes the versioned model to models/classifier.json. Deterministic for a given seed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_MODEL_PATH } from '../src/domain/classification/index.ts';
import { DEFAULT_TRAINING_PARAMS, trainModel } from '../src/domain/classification/training.ts';
import { datasetsDir, DEFAULT_MAPPING, loadSources, toTrainingData } from './lib/datasets.ts';

/** Bump when features, heads or data mapping change; the date tells retrains apart. */
const MODEL_MAJOR = '1.0';

function main(): void {
  const dir = datasetsDir();
  const started = Date.now();
  const sources = loadSources(dir);
  const data = toTrainingData(sources, DEFAULT_MAPPING);
  const { model } = trainModel(data, DEFAULT_TRAINING_PARAMS, 'pending');
  // Version = major.minor.date + a hash of the weights, so two retrains never share a version.
  const digest = createHash('sha256').update(JSON.stringify(model.heads)).digest('hex').slice(0, 8);
  const version = `${MODEL_MAJOR}.${new Date().toISOString().slice(0, 10).replace(/-/g, '')}+${digest}`;
  model.version = version;
  model.training = {
    ...model.training,
    datasets: {
      'complaints-dev.jsonl': sources.complaints.length,
      'complaint-types-dev.jsonl': sources.complaintTypes.length,
      'airline-tweets.csv': sources.airline.length,
      'womens-clothing-reviews.csv': sources.reviews.length,
      'yelp-sentences-labelled.txt': sources.yelp.length,
    },
    mapping: DEFAULT_MAPPING,
    evaluation: 'docs/accuracy.md (npm run eval)',
  };
  const out = process.argv[2] ?? DEFAULT_MODEL_PATH;
  mkdirSync(dirname(out), { recursive: true });
  const json = JSON.stringify(model);
  writeFileSync(out, json);
  process.stdout.write(
    `model ${version} written to ${out} (${(json.length / 1e6).toFixed(2)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

main();
