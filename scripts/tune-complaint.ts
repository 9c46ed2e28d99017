/**
 * `tsx scripts/tune-complaint.ts`: company-grouped cross-validation of complaint detection over the
 * development companies only (the held-out companies are never loaded into a fold), for choosing
 * parameters. Same folds as `npm run eval`.
 *
 * Env: TUNE = JSON array of variants `{ "name", "mapping": {…}, "params": {…} }` (partial overrides
 * of DEFAULT_MAPPING / DEFAULT_TRAINING_PARAMS; default: one variant, the defaults), ERRORS=1 prints
 * the misclassified development tweets of the first variant (ERRORS=blame: the self-blame rows).
 * Also reports reflexive blame over the tune part of data/self-blame.jsonl, in folds (the test part
 * is never loaded).
 */
import { createClassifierInternals } from '../src/domain/classification/classifier.ts';
import { DEFAULT_TRAINING_PARAMS, trainModel, type TrainCache, type TrainingParams } from '../src/domain/classification/training.ts';
import { DEFAULT_MAPPING, loadSources, toTrainingData, type MappingOptions } from './lib/datasets.ts';
import { SPLIT_SEED, splitSources } from './lib/eval-split.ts';
import { evaluate, f3 } from './lib/metrics.ts';
import { groupedFolds } from './lib/splits.ts';

interface Variant {
  name?: string;
  mapping?: Partial<MappingOptions>;
  params?: Partial<TrainingParams>;
}

const FOLDS = 5;
const COMPLAINT = ['complaint', 'not complaint'];

function main(): void {

  const variants = JSON.parse(process.env.TUNE ?? '[{}]') as Variant[];
  const s = splitSources(loadSources());
  const directedIdx = s.devCompany.map((c, i) => (c === null ? -1 : i)).filter((i) => i >= 0);
  const folds = groupedFolds(directedIdx.map((i) => s.devCompany[i]!), FOLDS, SPLIT_SEED);
  const foldOfId = new Map(directedIdx.map((i, k) => [s.dev.complaints[i]!.id, folds[k]!]));
  const caches = new Map<string, TrainCache>();

  for (const [vi, v] of variants.entries()) {
    const t0 = Date.now();
    const mapping: MappingOptions = { ...DEFAULT_MAPPING, ...v.mapping };
    const params: TrainingParams = { ...DEFAULT_TRAINING_PARAMS, ...v.params };
    // Sentiment and satisfaction depend only on these: share them between variants that agree.
    const key = JSON.stringify([params.features, params.sentiment, params.satisfaction, mapping.airline, mapping.reviewSentimentWeight, mapping.maxReviews, mapping.threeStarWeight]);
    if (!caches.has(key)) caches.set(key, {});
    const gold: string[] = [];
    const pred: string[] = [];
    const raw: string[] = [];
    const errors: string[] = [];
    const blameGold: string[] = [];
    const blamePred: string[] = [];
    for (let f = 0; f < FOLDS; f++) {
      const inFold = (id: string): boolean => foldOfId.get(id) === f;
      const train = {
        ...s.dev,
        complaints: s.dev.complaints.filter((r) => !inFold(r.id)),
        complaintTypes: s.dev.complaintTypes.filter((r) => !inFold(r.id)),
        selfBlame: s.dev.selfBlame.filter((_, i) => i % FOLDS !== f),
      };
      const { model } = trainModel(toTrainingData(train, mapping), params, `tune-${f}`, caches.get(key));
      const clf = createClassifierInternals(model);
      for (const r of s.dev.complaints.filter((x) => inFold(x.id))) {
        const c = clf.classify({ text: r.text });
        const g = r.complaint === 1 ? 'complaint' : 'not complaint';
        const p = c.category === 'complaint' ? 'complaint' : 'not complaint';
        gold.push(g);
        pred.push(p);
        raw.push(clf.scores(r.text).complaint >= model.thresholds.complaint ? 'complaint' : 'not complaint');
        if (vi === 0 && process.env.ERRORS === '1' && g !== p) errors.push(`${g === 'complaint' ? 'FN' : 'FP'} ${c.confidence.toFixed(2)} ${r.text.replace(/\s+/g, ' ')}`);
      }
      s.dev.selfBlame.forEach((r, i) => {
        if (i % FOLDS !== f) return;
        const sc = clf.scores(r.text);
        const p = sc.reflexive ? 'reflexive' : 'ostensive';
        blameGold.push(r.blame);
        blamePred.push(p);
        if (vi === 0 && process.env.ERRORS === 'blame' && p !== r.blame) errors.push(`${r.blame === 'reflexive' ? 'FN' : 'FP'} [${sc.reflexiveCues.join('; ')}] ${r.text.replace(/\s+/g, ' ').slice(0, 300)}`);
      });
    }
    const blame = evaluate(['ostensive', 'reflexive'], blameGold, blamePred).perClass[1]!;
    const rep = evaluate(COMPLAINT, gold, pred);
    const rawRep = evaluate(COMPLAINT, gold, raw);
    const pc = rep.perClass;
    process.stdout.write(
      `${(v.name ?? JSON.stringify(v)).padEnd(40)} CV macro-F1 ${f3(rep.macroF1)} (head alone ${f3(rawRep.macroF1)}) ` +
        `complaint P/R ${f3(pc[0]!.precision)}/${f3(pc[0]!.recall)} not P/R ${f3(pc[1]!.precision)}/${f3(pc[1]!.recall)} ` +
        `reflexive P/R/F1 ${f3(blame.precision)}/${f3(blame.recall)}/${f3(blame.f1)} [${((Date.now() - t0) / 1000).toFixed(0)} s]\n`,
    );
    if (errors.length > 0) process.stdout.write(`${errors.sort().join('\n')}\n`);
  }
}

main();
