/** What the scorer needs to know about one language: its words, cues and stemmer. */

/** The languages Earshot can score besides English. Which of them are scored is configuration. */
export const SCORABLE_LANGUAGES = ['es', 'fr', 'de'] as const;
export type LanguageCode = (typeof SCORABLE_LANGUAGES)[number];

export const CUE_GROUPS = [
  /** Something went wrong: "sigue sin funcionar", "toujours pas", "immer noch nicht". */
  'problem',
  /** The author is sending it back: "lo devuelvo", "je le renvoie", "geht zurück". */
  'return',
  /** An ask for action or an answer: "por favor", "pouvez-vous", "bitte". */
  'ask',
  /** A rhetorical or indignant question: "¿por qué?", "c'est quoi ça", "was soll das". */
  'rhetorical',
  /** Praise of the experience: "me encanta", "je recommande", "sehr zufrieden". */
  'praise',
  /** Stronger than praise: "increíble", "parfait", "traumhaft". */
  'delight',
  /** Explicit promotion of the brand: "lo recomiendo", "je recommande", "empfehlenswert". */
  'advocacy',
  /** Thanks: "gracias", "merci", "danke". */
  'gratitude',
  /** The author blames themself: "sin querer", "par erreur", "aus Versehen". */
  'reflexive',
  /** Set phrases whose words carry no sentiment: "buenos días", "bon marché", "guten Tag". */
  'neutral',
] as const;
export type LanguageCueGroup = (typeof CUE_GROUPS)[number];

export interface LanguagePack {
  code: LanguageCode;
  /** Stems a folded word (see text.ts). */
  stem(folded: string): string;
  /**
   * Our own polarity lexicon, −3…3, written for Earshot. Keys are words as people write them
   * (they are folded and stemmed when the pack is loaded); a key ending in "*" matches any
   * folded word it starts.
   */
  lexicon: Readonly<Record<string, number>>;
  /** Words that negate what follows ("no", "pas", "nicht"); folded. */
  negators: readonly string[];
  /** Words that negate only when they end a clause ("pas", "nicht" after the verb). */
  trailingNegators: readonly string[];
  /** Words that strengthen the next sentiment word ("muy", "très", "sehr"). */
  intensifiers: readonly string[];
  /** "Too" ("demasiado", "trop", "zu"): strengthens a sentiment word, and makes a plain one a problem. */
  excess: readonly string[];
  /**
   * When set, "too" makes a problem only of words starting with one of these ("zu groß", but
   * not the infinitive "zu tun").
   */
  excessTargets?: readonly string[];
  /** Words whose clause, once they appear, outweighs what came before ("pero", "mais", "aber"). */
  contrast: readonly string[];
  /** Phrase cues; "*" at the end of a word matches any word it starts, "~" skips up to three words. */
  cues: Readonly<Record<LanguageCueGroup, readonly string[]>>;
}
