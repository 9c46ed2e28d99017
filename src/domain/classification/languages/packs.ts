/**
 * The compiled language packs, built on first use (the `natural` vocabularies are read then, so
 * an English-only deployment never pays for them).
 */
import { GERMAN } from './de.ts';
import { SPANISH } from './es.ts';
import { FRENCH } from './fr.ts';
import type { LanguageCode, LanguagePack } from './language-pack.types.ts';
import { buildLookup } from './lexicon.ts';
import { compilePack, type CompiledPack } from './scorer.ts';
import { naturalVocabulary } from './vocabularies.ts';

export const PACKS: Readonly<Record<LanguageCode, LanguagePack>> = { es: SPANISH, fr: FRENCH, de: GERMAN };

/**
 * Which `natural` vocabulary each language adds to our own lexicon, and at what weight (chosen
 * on the development rows: Spanish did better without ML-SentiCon, French a little better with
 * Pattern). German's (SentiWS) is CC BY-NC-SA upstream and is not used.
 */
export const VOCABULARY_WEIGHT: Readonly<Record<LanguageCode, number>> = { es: 0, fr: 0.5, de: 0 };

const compiled = new Map<string, CompiledPack>();

/** The compiled pack of a language; `vocabularyWeight` overrides the shipped weight (evaluation only). */
export function compiledPack(lang: LanguageCode, vocabularyWeight = VOCABULARY_WEIGHT[lang]): CompiledPack {
  const key = `${lang}:${vocabularyWeight}`;
  let c = compiled.get(key);
  if (!c) {
    const pack = PACKS[lang];
    const vocabulary = vocabularyWeight > 0 ? naturalVocabulary(lang) : null;
    c = compilePack(pack, buildLookup(pack, vocabulary, vocabularyWeight));
    compiled.set(key, c);
  }
  return c;
}
