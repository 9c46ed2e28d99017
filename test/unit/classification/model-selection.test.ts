import { describe, expect, it } from 'vitest';
import { loadClassifierModel, loadConfig } from '../../../config/load-config.ts';
import { loadClassifier, MODEL_PATHS } from '../../../src/domain/classification/index.ts';

describe('classifier model selection', () => {
  it('EARSHOT_CLASSIFIER_MODEL picks the default or the permissive model, and names itself when wrong', () => {
    expect(loadConfig({ EARSHOT_DEV_DEFAULTS: 'true' }).classifier.model).toBe('default');
    expect(loadConfig({ EARSHOT_DEV_DEFAULTS: 'true', EARSHOT_CLASSIFIER_MODEL: 'permissive' }).classifier.model).toBe('permissive');
    expect(() => loadConfig({ EARSHOT_DEV_DEFAULTS: 'true', EARSHOT_CLASSIFIER_MODEL: 'nc' })).toThrow(/EARSHOT_CLASSIFIER_MODEL/);
    // `earshot classify` reads the model choice alone: no secrets needed.
    expect(loadClassifierModel({ EARSHOT_CLASSIFIER_MODEL: 'permissive' })).toBe('permissive');
    expect(() => loadClassifierModel({ EARSHOT_CLASSIFIER_MODEL: 'nc' })).toThrow(/EARSHOT_CLASSIFIER_MODEL/);
  });

  it('both committed models load and classify', () => {
    for (const name of ['default', 'permissive'] as const) {
      const c = loadClassifier(MODEL_PATHS[name]);
      expect(c.modelVersion.includes('-permissive')).toBe(name === 'permissive');
      expect(c.classify({ text: '@shop my parcel never arrived, please refund me' }).category).toBe('complaint');
    }
  });
});
