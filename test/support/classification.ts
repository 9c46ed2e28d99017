/** Hand-set classifier labels for tests: a neutral English item, with what a test cares about on top. */
import type { Classification } from '../../src/domain/classification/classification.types.ts';

export function labels(partial: Partial<Classification> = {}): Classification {
  return {
    category: 'neutral',
    sentiment: { score: 0, comparative: 0, label: 'neutral' },
    satisfaction: null,
    complaint: null,
    advocacy: false,
    aspects: [],
    language: 'en',
    confidence: 0.9,
    cues: [],
    ...partial,
  };
}
