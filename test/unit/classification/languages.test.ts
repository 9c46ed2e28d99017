/**
 * Spanish, French and German scoring: tokens, cues, negation, the classification a scored item
 * gets, which languages are scored (EARSHOT_SCORED_LANGUAGES, measured.json), and detection of
 * short texts. The example texts are written for these tests, not taken from data/languages.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadScoredLanguages } from '../../../config/load-config.ts';
import { detectLanguage } from '../../../src/domain/classification/language.ts';
import {
  classifyInLanguage,
  createLanguageScorer,
  defaultScoredLanguages,
  MEASUREMENTS,
  SCORABLE_LANGUAGES,
  SCORING_THRESHOLD,
  type LanguageCode,
} from '../../../src/domain/classification/languages/index.ts';
import { CueMatcher } from '../../../src/domain/classification/languages/cue-matcher.ts';
import { CUE_GROUPS, type LanguageCueGroup } from '../../../src/domain/classification/languages/language-pack.types.ts';
import { compiledPack } from '../../../src/domain/classification/languages/packs.ts';
import { gatherEvidence } from '../../../src/domain/classification/languages/scorer.ts';
import { foldWord, tokenizeFor } from '../../../src/domain/classification/languages/text.ts';
import { loadClassifier } from '../../../src/domain/classification/index.ts';

const classifyAs = (lang: LanguageCode, text: string, extra: { rating?: number; nps?: number } = {}) => classifyInLanguage({ text, ...extra }, text, lang);

describe('tokens', () => {
  it('splits at apostrophes, folds accents away and spells out umlauts', () => {
    expect(tokenizeFor("C'est génial, j'adore !", 'fr').words).toEqual(['c', 'est', 'genial', '.', 'j', 'adore', '!']);
    expect(tokenizeFor('¿Dónde está mi pedido?', 'es').words).toEqual(['donde', 'esta', 'mi', 'pedido', '?']);
    expect(foldWord('Schön', 'de')).toBe('schoen');
    expect(foldWord('schon', 'de')).toBe('schon');
    expect(foldWord('Größe', 'de')).toBe('groesse');
  });

  it('leaves out @mentions, URLs and numbers, keeps emoticons and emoji as :) and :(', () => {
    const t = tokenizeFor('@Marca 3 días sin respuesta https://x.example/a 😡 :(', 'es');
    expect(t.words).toEqual(['dias', 'sin', 'respuesta', ':(', ':(']);
    expect(t.startsWithMention).toBe(true);
    expect(t.mentions).toBe(1);
  });
});

describe('cue matcher', () => {
  const cues = (over: Partial<Record<LanguageCueGroup, string[]>>) =>
    Object.fromEntries(CUE_GROUPS.map((g) => [g, over[g] ?? []])) as unknown as Record<LanguageCueGroup, string[]>;

  it('matches prefixes ("devolv*") and gaps ("wollte ~ lieben") within a clause', () => {
    const es = new CueMatcher(cues({ return: ['devolv*'] }), 'es');
    expect(es.match(['tuve', 'que', 'devolverlo'])).toEqual([{ group: 'return', start: 2, length: 1 }]);
    const de = new CueMatcher(cues({ problem: ['wollte ~ lieben'] }), 'de');
    expect(de.match(['ich', 'wollte', 'das', 'kleid', 'lieben'])).toEqual([{ group: 'problem', start: 1, length: 4 }]);
    expect(de.match(['ich', 'wollte', '.', 'lieben'])).toEqual([]);
    expect(de.match(['wollte', 'a', 'b', 'c', 'd', 'lieben'])).toEqual([]);
  });

  it('refuses a leading prefix too short to index', () => {
    expect(() => new CueMatcher(cues({ problem: ['de*'] }), 'es')).toThrow(/leading prefix/);
  });
});

describe('evidence', () => {
  const polarity = (lang: LanguageCode, text: string) => {
    const e = gatherEvidence(compiledPack(lang), text);
    return e.positive + e.negative;
  };

  it('negates what follows a negator, and what a trailing "pas" / "nicht" ends', () => {
    expect(polarity('es', 'La sopa es buena')).toBeGreaterThan(0);
    expect(polarity('es', 'La sopa no es buena')).toBeLessThan(0);
    expect(polarity('fr', "J'aime pas ce manteau")).toBeLessThan(0);
    expect(polarity('de', 'Der Mantel gefällt mir nicht')).toBeLessThan(0);
    expect(polarity('de', 'Der Mantel ist nicht schlecht')).toBeGreaterThan(0);
  });

  it('weighs the clause after a contrast more', () => {
    expect(polarity('fr', 'Le tissu est joli mais la coupe est horrible')).toBeLessThan(0);
    expect(polarity('de', 'Der Stoff ist schlecht, aber der Schnitt ist wunderschön')).toBeGreaterThan(0);
  });

  it('reads "too" before a plain word as a problem, and German "zu" only before a size or price word', () => {
    expect(polarity('es', 'La falda es demasiado corta')).toBeLessThan(0);
    expect(polarity('de', 'Der Koffer ist zu schwer')).toBeLessThan(0);
    expect(polarity('de', 'Ich habe vergessen, den Gutschein zu nutzen')).toBe(0);
  });

  it('does not read words inside a set phrase or a problem cue as sentiment ("bon marché", "quería que me encantara")', () => {
    expect(gatherEvidence(compiledPack('fr'), 'Un manteau bon marché').words).toEqual([]);
    const e = gatherEvidence(compiledPack('es'), 'Quería que me encantara este abrigo');
    expect(e.words).toEqual([]);
    expect(e.cueCounts.problem).toBe(1);
  });
});

describe('classifyInLanguage', () => {
  it.each([
    ['es', '@TiendaX llevo dos semanas esperando el pedido y nadie contesta. ¿Me devolvéis el dinero?'],
    ['fr', "@BoutiqueX toujours pas reçu ma commande, aucune réponse du service client. Remboursez-moi svp"],
    ['de', '@ShopX Paket immer noch nicht angekommen und keine Antwort vom Kundenservice. Ich will mein Geld zurück!'],
  ] as const)('%s: a late order with an ask is a negative, instrumental complaint', (lang, text) => {
    const c = classifyAs(lang, text);
    expect(c.category).toBe('complaint');
    expect(c.sentiment.label).toBe('negative');
    expect(c.complaint).toEqual({ intent: 'instrumental', blame: 'ostensive' });
    expect(c.satisfaction).toBe('dissatisfied');
    expect(c.language).toBe(lang);
    expect(c.scored).toBe(true);
    expect(c.cues.length).toBeGreaterThan(0);
  });

  it.each([
    ['es', 'Me encanta este abrigo, es precioso y muy cómodo.'],
    ['fr', "J'adore ce manteau, il est magnifique et très confortable."],
    ['de', 'Ich liebe diesen Mantel, er ist wunderschön und sehr bequem.'],
  ] as const)('%s: praise is a positive experience', (lang, text) => {
    const c = classifyAs(lang, text);
    expect(c.sentiment.label).toBe('positive');
    expect(c.category).toBe('satisfaction');
    expect(c.satisfaction).toBe('delighted');
    expect(c.complaint).toBeNull();
  });

  it('a recommendation in a positive text is advocacy', () => {
    const c = classifyAs('es', 'Tienda genial, os la recomiendo totalmente.');
    expect(c.category).toBe('advocacy');
    expect(c.advocacy).toBe(true);
  });

  it('a returned item with a self-blame cue is a reflexive complaint', () => {
    const c = classifyAs('de', 'Ich habe aus Versehen die falsche Größe bestellt, viel zu klein. Geht zurück.');
    expect(c.category).toBe('complaint');
    expect(c.complaint?.blame).toBe('reflexive');
  });

  it('a neutral question is neutral, and a rating decides its satisfaction', () => {
    const text = '@TiendaX ¿abrís el domingo?';
    expect(classifyAs('es', text).category).toBe('neutral');
    expect(classifyAs('es', text).complaint).toBeNull();
    expect(classifyAs('es', text, { rating: 4 }).satisfaction).toBe('satisfied');
  });

  it('has the shape and ranges of an English classification, and is deterministic', () => {
    const c = classifyAs('fr', 'Service lent et serveur désagréable.');
    expect(Object.keys(c).sort()).toEqual(['advocacy', 'aspects', 'category', 'complaint', 'confidence', 'cues', 'language', 'satisfaction', 'scored', 'sentiment'].sort());
    expect(c.confidence).toBeGreaterThanOrEqual(0);
    expect(c.confidence).toBeLessThanOrEqual(1);
    expect(c.aspects).toEqual([]);
    expect(classifyAs('fr', 'Service lent et serveur désagréable.')).toEqual(c);
  });
});

describe('which languages are scored', () => {
  it('by default, exactly those measured at or above the threshold on both figures', () => {
    const measured = SCORABLE_LANGUAGES.filter((l) => {
      const m = MEASUREMENTS.languages[l];
      return m.sentimentMacroF1 >= SCORING_THRESHOLD && m.complaintMacroF1 >= SCORING_THRESHOLD;
    });
    expect(defaultScoredLanguages()).toEqual(measured);
    for (const l of SCORABLE_LANGUAGES) expect(MEASUREMENTS.languages[l].scored).toBe(measured.includes(l));
  });

  it('EARSHOT_SCORED_LANGUAGES overrides, is validated, and names itself when wrong', () => {
    const base = { EARSHOT_DEV_DEFAULTS: 'true' };
    expect(loadConfig(base).classifier.scoredLanguages).toEqual(defaultScoredLanguages());
    expect(loadConfig({ ...base, EARSHOT_SCORED_LANGUAGES: 'es, FR,es' }).classifier.scoredLanguages).toEqual(['es', 'fr']);
    expect(loadConfig({ ...base, EARSHOT_SCORED_LANGUAGES: 'none' }).classifier.scoredLanguages).toEqual([]);
    expect(loadConfig({ ...base, EARSHOT_SCORED_LANGUAGES: '' }).classifier.scoredLanguages).toEqual([]);
    expect(() => loadConfig({ ...base, EARSHOT_SCORED_LANGUAGES: 'es,it' })).toThrow(/EARSHOT_SCORED_LANGUAGES.*"it"/s);
    expect(loadScoredLanguages({ EARSHOT_SCORED_LANGUAGES: 'de' })).toEqual(['de']);
    expect(() => loadScoredLanguages({ EARSHOT_SCORED_LANGUAGES: 'klingon' })).toThrow(ConfigError);
  });

  it('the scorer answers only for its languages and refuses unknown ones', () => {
    const scorer = createLanguageScorer(['es']);
    expect(scorer.classify({ text: 'x' }, 'Muy mal servicio', 'es')?.scored).toBe(true);
    expect(scorer.classify({ text: 'x' }, 'Service nul', 'fr')).toBeNull();
    expect(() => createLanguageScorer(['it'])).toThrow(/cannot score language "it"/);
  });

  it('the classifier scores a configured language and leaves the others unscored; English is unchanged', () => {
    const es = loadClassifier(undefined, { scoredLanguages: ['es'] });
    const none = loadClassifier(undefined, { scoredLanguages: [] });
    const spanish = es.classify({ text: 'El servicio fue muy malo y nadie me ayudó con el pedido' });
    expect(spanish).toMatchObject({ language: 'es', scored: true, category: 'complaint' });
    const french = es.classify({ text: 'Je suis très déçu, le colis n’est jamais arrivé' });
    expect(french).toMatchObject({ language: 'fr', scored: false, category: 'neutral', confidence: 0, complaint: null });
    expect(none.classify({ text: 'Der Kundendienst ist nicht gut und ich warte schon eine Woche' })).toMatchObject({ language: 'de', scored: false });
    const english = '@shop my parcel never arrived, please refund me';
    expect(es.classify({ text: english })).toEqual(none.classify({ text: english }));
  });
});

describe('detecting short texts', () => {
  it.each([
    ['¡Qué rico todo, gracias!', 'es'],
    ['No volvemos más.', 'es'],
    ['Tout était parfait, merci !', 'fr'],
    ["C'était nul.", 'fr'],
    ['Wir kommen bestimmt wieder.', 'de'],
    ['Echt schade, leider kaputt.', 'de'],
  ])('%s → %s', (text, lang) => {
    expect(detectLanguage(text).language).toBe(lang);
  });

  it('keeps English with Spanish loanwords and stray marks English', () => {
    for (const text of ['No bueno, still nada from support', 'who even uses tumblr?¿?¿', 'Merci @AirFrance for the upgrade, loved it', 'Gracias amigo, see you at the gym']) {
      expect(detectLanguage(text).language, text).toBe('en');
    }
  });
});
