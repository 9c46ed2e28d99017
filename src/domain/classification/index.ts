/** Public surface of the classifier. Everything else in this folder is an implementation detail. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createClassifier, type ClassifierOptions } from './classifier.ts';
import type { Classifier, ClassifierModelName } from './classification.types.ts';
import type { ClassifierModel } from './model.types.ts';

export * from './classification.types.ts';
export type { ClassifierModel } from './model.types.ts';
export { createClassifier, type ClassifierOptions } from './classifier.ts';
export { detectLanguage } from './language.ts';
export { defaultScoredLanguages, isScorableLanguage, MEASUREMENTS, SCORABLE_LANGUAGES, type LanguageCode } from './languages/index.ts';

/** The committed model files under models/ at the repository root, by name. */
export const MODEL_PATHS: Readonly<Record<ClassifierModelName, string>> = {
  default: fileURLToPath(new URL('../../../models/classifier.json', import.meta.url)),
  permissive: fileURLToPath(new URL('../../../models/classifier-permissive.json', import.meta.url)),
};
export const DEFAULT_MODEL_PATH = MODEL_PATHS.default;

/**
 * Reads the committed model file once and returns a ready classifier. Synchronous so entry
 * points can build it during start-up; the only I/O in this module.
 */
export function loadClassifier(modelPath: string = DEFAULT_MODEL_PATH, options: ClassifierOptions = {}): Classifier {
  let model: ClassifierModel;
  try {
    model = JSON.parse(readFileSync(modelPath, 'utf8')) as ClassifierModel;
  } catch (err) {
    throw new Error(`cannot load classifier model from ${modelPath}: ${(err as Error).message}`);
  }
  return createClassifier(model, options);
}
