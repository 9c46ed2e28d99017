/**
 * The sentiment vocabularies that `natural` ships for our languages, read once per language on
 * first use and folded like our text. Values are scaled to our −3…3 lexicon range.
 *
 * Provenance (natural is MIT; the word lists come from elsewhere):
 * - es: ML-SentiCon (Cruz et al., 2014, Universidad de Sevilla), lemma level.
 * - fr: the French lexicon of Pattern (CLiPS, University of Antwerp), BSD licence.
 * - de: SentiWS (Remus, Quasthoff & Heyer, 2010, Universität Leipzig), whose upstream licence is
 *   CC BY-NC-SA 3.0: it is not loaded unless a pack asks for it (see VOCABULARY_SOURCES).
 */
import { createRequire } from 'node:module';
import type { LanguageCode } from './language-pack.types.ts';
import { foldWord } from './text.ts';

const require = createRequire(import.meta.url);
const BASE = 'natural/lib/natural/sentiment';

export interface VocabularySource {
  file: string;
  /** Where the polarity is in an entry: a field name, or the entry itself (a number). */
  field: 'pol' | 'polarity' | null;
  /** Multiplier to our −3…3 range. */
  scale: number;
  /** German entries list their inflections, comma-separated, in `sense`. */
  inflections?: boolean;
  credit: string;
  licence: string;
}

export const VOCABULARY_SOURCES: Readonly<Record<LanguageCode, VocabularySource>> = {
  es: { file: 'Spanish/senticon_es.json', field: 'pol', scale: 3, credit: 'ML-SentiCon (Cruz, Troyano, Pontes & Ortega, 2014)', licence: 'not stated by natural' },
  fr: { file: 'French/pattern-sentiment-fr.json', field: 'polarity', scale: 3, credit: 'Pattern, French sentiment lexicon (CLiPS, De Smedt)', licence: 'BSD' },
  de: { file: 'German/pattern-sentiment-de.json', field: 'polarity', scale: 3, inflections: true, credit: 'SentiWS v1.8 (Remus, Quasthoff & Heyer, 2010)', licence: 'CC BY-NC-SA 3.0 upstream' },
};

/** Entries weaker than this (on their own −1…1 scale) are left out. */
const MIN_POLARITY = 0.3;

const loaded = new Map<LanguageCode, ReadonlyMap<string, number>>();

/** The folded word → polarity map of a language's `natural` vocabulary (read on first call). */
export function naturalVocabulary(lang: LanguageCode): ReadonlyMap<string, number> {
  const hit = loaded.get(lang);
  if (hit) return hit;
  const src = VOCABULARY_SOURCES[lang];
  const raw = require(`${BASE}/${src.file}`) as Record<string, unknown>;
  const out = new Map<string, number>();
  const add = (word: string, v: number): void => {
    // Near-zero entries (many function words in Pattern) add noise, not evidence.
    if (word.includes(' ') || word.includes('_') || !Number.isFinite(v) || Math.abs(v) < MIN_POLARITY) return;
    const w = foldWord(word, lang);
    if (!out.has(w)) out.set(w, Math.max(-3, Math.min(3, v * src.scale)));
  };
  for (const [word, entry] of Object.entries(raw)) {
    const e = entry as Record<string, string> | number;
    const v = Number(src.field === null ? e : (e as Record<string, string>)[src.field]);
    add(word, v);
    if (src.inflections && typeof e === 'object' && e.sense) for (const f of e.sense.split(',')) add(f.trim(), v);
  }
  loaded.set(lang, out);
  return out;
}
