/**
 * A small built-in language detector: writing system first, then frequent function words and
 * a few diacritics for Latin-script languages. It only has to answer "English or not, and if
 * not, which", and to stay on English when the evidence is thin (short replies, brand names).
 */

import { DETECTION_DIACRITICS, DETECTION_WORDS } from './languages/detection-words.ts';
import { remember, tokenize, WordFacts, type Tokens } from './tokenize.ts';

const STOPWORDS: Readonly<Record<string, readonly string[]>> = {
  en: [
    'the', 'and', 'is', 'are', 'was', 'were', 'you', 'your', 'my', 'i', 'it', 'this', 'that', 'with', 'for',
    'have', 'has', 'not', 'but', 'what', 'why', 'how', 'when', 'will', 'can', 'just', 'they', 'we', 'our',
    'to', 'of', 'be', 'been', 'at', 'from', 'get', 'got', 'im', 'dont', 'thanks', 'please', 'would', 'should',
    'there', 'their', 'about', 'me', 'so', 'if', 'all', 'an', 'do', 'did', 'on', 'in', 'or', 'no', 'up', 'out',
  ],
  es: [
    'el', 'la', 'los', 'las', 'que', 'y', 'es', 'por', 'para', 'con', 'una', 'un', 'pero', 'muy', 'mi', 'su',
    'del', 'al', 'lo', 'se', 'como', 'más', 'mas', 'está', 'esta', 'este', 'son', 'tiene', 'hay', 'yo', 'gracias',
    'hola', 'todo', 'nada', 'ya', 'cuando', 'porque', 'también', 'sin', 'fue', 'han', 'nos', 'les', 'pedido',
  ],
  fr: [
    'le', 'la', 'les', 'des', 'est', 'et', 'un', 'une', 'du', 'pour', 'pas', 'que', 'qui', 'dans', 'sur', 'avec',
    'je', 'vous', 'nous', 'il', 'elle', 'mais', 'très', 'tres', 'bien', 'mon', 'ma', 'mes', 'ce', 'cette',
    'merci', 'bonjour', 'ai', 'été', 'sont', 'au', 'aux', 'plus', 'rien', 'toujours', 'votre', 'jai', 'cest',
  ],
  de: [
    'der', 'die', 'das', 'und', 'ist', 'nicht', 'ich', 'sie', 'mit', 'ein', 'eine', 'den', 'dem', 'zu', 'von',
    'auf', 'für', 'fur', 'es', 'wir', 'ihr', 'aber', 'sehr', 'noch', 'schon', 'auch', 'wie', 'mein', 'meine',
    'danke', 'bitte', 'hallo', 'war', 'wurde', 'habe', 'haben', 'kein', 'keine', 'nur', 'bei', 'nach', 'gut',
  ],
  it: [
    'il', 'di', 'che', 'e', 'è', 'non', 'per', 'una', 'sono', 'mi', 'la', 'le', 'gli', 'del', 'della', 'con',
    'ma', 'molto', 'come', 'anche', 'questo', 'questa', 'ho', 'hanno', 'grazie', 'ciao', 'tutto', 'niente',
    'sempre', 'ancora', 'perché', 'perche', 'io', 'voi', 'noi', 'nel', 'alla', 'dei', 'più', 'piu',
  ],
  pt: [
    'o', 'os', 'as', 'que', 'e', 'é', 'não', 'nao', 'um', 'uma', 'para', 'com', 'por', 'mas', 'muito', 'meu',
    'minha', 'do', 'da', 'dos', 'das', 'no', 'na', 'em', 'eu', 'você', 'voce', 'obrigado', 'obrigada', 'olá',
    'ola', 'está', 'estou', 'foi', 'tem', 'isso', 'esse', 'essa', 'ainda', 'nada', 'sempre', 'mais',
  ],
  nl: [
    'de', 'het', 'een', 'en', 'is', 'niet', 'van', 'ik', 'je', 'jij', 'we', 'wij', 'zijn', 'met', 'voor', 'op',
    'dat', 'die', 'maar', 'heel', 'ook', 'nog', 'al', 'mijn', 'geen', 'wel', 'bedankt', 'dank', 'hoe', 'wat',
    'waarom', 'heb', 'hebben', 'was', 'naar', 'bij', 'er', 'dit', 'deze', 'kan', 'graag',
  ],
  id: [
    'yang', 'dan', 'di', 'ini', 'itu', 'tidak', 'saya', 'aku', 'kamu', 'ada', 'dengan', 'untuk', 'dari', 'ke',
    'sudah', 'belum', 'bisa', 'mau', 'apa', 'kenapa', 'terima', 'kasih', 'tolong', 'gak', 'nggak', 'juga',
  ],
  tr: [
    've', 'bir', 'bu', 'da', 'de', 'için', 'icin', 'ile', 'çok', 'cok', 'ne', 'ama', 'var', 'yok', 'ben', 'sen',
    'mi', 'mı', 'değil', 'degil', 'teşekkürler', 'tesekkurler', 'merhaba', 'neden', 'nasıl', 'hala', 'hâlâ',
  ],
};

/** Each word votes for every language listing it, weighted down when it is shared. */
const LANGS = Object.keys(STOPWORDS);
const EN = LANGS.indexOf('en');

/** Reused per call: detection is synchronous, and an allocation per text shows in the benchmark. */
const SCORES = new Float64Array(LANGS.length);

/** Per word, its vote for each language (LANGS order): one lookup and a fixed loop per word. */
const VOTES: ReadonlyMap<string, Float64Array> = (() => {
  const langsByWord = new Map<string, string[]>();
  // The scored languages' longer lists (languages/detection-words.ts) vote like these.
  for (const [lang, words] of [...Object.entries(STOPWORDS), ...Object.entries(DETECTION_WORDS)]) {
    for (const w of words) {
      const list = langsByWord.get(w) ?? [];
      if (!list.includes(lang)) list.push(lang);
      langsByWord.set(w, list);
    }
  }
  const votes = new Map<string, Float64Array>();
  for (const [w, langs] of langsByWord) {
    const v = new Float64Array(LANGS.length);
    for (const l of langs) v[LANGS.indexOf(l)] = 1 / langs.length;
    votes.set(w, v);
  }
  return votes;
})();

const NO_VOTES = new Float64Array(LANGS.length);
const votesByWord = new WordFacts<Float64Array>();

/** Diacritics that English text almost never has, with the languages they suggest. */
const DIACRITIC_HINTS: ReadonlyMap<number, readonly number[]> = new Map(
  ([
  [0xf1, ['es']], [0xbf, ['es']], [0xa1, ['es']], // ñ ¿ ¡
  [0xe7, ['fr', 'pt', 'tr']], [0xea, ['fr', 'pt']], [0xe8, ['fr', 'it']], [0xe0, ['fr', 'it', 'pt']], // ç ê è à
  [0xe3, ['pt']], [0xf5, ['pt']], // ã õ
  [0xe4, ['de']], [0xf6, ['de', 'tr']], [0xfc, ['de', 'tr']], [0xdf, ['de']], // ä ö ü ß
  [0x131, ['tr']], [0x15f, ['tr']], [0x11f, ['tr']], // ı ş ğ
  ...DETECTION_DIACRITICS,
  ] as const).map(([c, langs]) => [c, langs.map((l) => LANGS.indexOf(l))]),
);
const ES = LANGS.indexOf('es');
/** "¿" and "¡" open Spanish questions and exclamations; the word tokens never see them. */
const INVERTED_MARK = 0.75;

function scriptOf(c: number): string | null {
  if (c >= 0x400 && c <= 0x4ff) return 'ru';
  if (c >= 0x370 && c <= 0x3ff) return 'el';
  if (c >= 0x590 && c <= 0x5ff) return 'he';
  if (c >= 0x600 && c <= 0x6ff) return 'ar';
  if (c >= 0x900 && c <= 0x97f) return 'hi';
  if (c >= 0xe00 && c <= 0xe7f) return 'th';
  if (c >= 0x3040 && c <= 0x30ff) return 'ja';
  if (c >= 0xac00 && c <= 0xd7af) return 'ko';
  if (c >= 0x4e00 && c <= 0x9fff) return 'zh';
  return null;
}

function isLatinLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
}

export interface LanguageGuess {
  language: string;
  /** The words or script that decided, for cues. */
  evidence: string[];
}

/** A text written mostly in a non-Latin script: the most frequent script decides. */
function byScript(text: string): LanguageGuess {
  let kana = 0;
  const scripts = new Map<string, number>();
  for (let i = 0; i < text.length; i++) {
    const s = scriptOf(text.charCodeAt(i));
    if (!s) continue;
    if (s === 'ja') kana++;
    scripts.set(s, (scripts.get(s) ?? 0) + 1);
  }
  // Japanese mixes kana with Han characters.
  if (kana > 0) return { language: 'ja', evidence: ['script: kana'] };
  let best = 'und';
  let bestCount = 0;
  for (const [s, n] of scripts) if (n > bestCount) [best, bestCount] = [s, n];
  if (best === 'ru' && /[іїєґІЇЄҐ]/.test(text)) best = 'uk';
  return { language: best, evidence: [`script: ${best}`] };
}

/**
 * Detects the language of a short text. Returns 'en' when the text has too little signal
 * (emoji only, a few words), because English is our main language and a wrong "not English"
 * would silently drop feedback from analysis.
 */
export function detectLanguage(text: string, tokens?: Pick<Tokens, 'words' | 'hashtag' | 'letters' | 'ids' | 'epoch'>): LanguageGuess {
  const toks = tokens ?? tokenize(text);
  // Letters counted by the tokenizer, in words only: URLs and @handles are not language.
  const { latin, other, accented, inverted } = toks.letters;
  if (other > latin && other >= 2) return byScript(text);

  const scores = SCORES;
  scores.fill(0);
  let words = 0;
  const known = votesByWord.of(toks);
  // Words, without @mentions, #hashtags and URLs (brand names are not language).
  for (let t = 0; t < toks.words.length; t++) {
    const w = toks.words[t]!;
    if (toks.hashtag[t] || w.charCodeAt(0) === 60 /* <placeholder> */ || !isLatinLetter(w.charCodeAt(0))) continue;
    words++;
    const id = toks.ids[t]!;
    const votes = known?.[id] ?? remember(known, id, VOTES.get(w) ?? NO_VOTES);
    if (votes !== NO_VOTES) for (let l = 0; l < votes.length; l++) scores[l] = scores[l]! + votes[l]!;
    // Most texts are plain ASCII: no word can hold a diacritic then.
    if (!accented) continue;
    for (let i = 0; i < w.length; i++) {
      const c = w.charCodeAt(i);
      if (c < 0xa1) continue;
      const hint = DIACRITIC_HINTS.get(c);
      if (hint) for (const lang of hint) scores[lang] = scores[lang]! + 0.5 / hint.length;
    }
  }
  // Inverted marks back up Spanish words; on their own ("tumblr?¿?¿") they prove nothing.
  if (inverted > 0 && scores[ES]! > 0) scores[ES] = scores[ES]! + INVERTED_MARK * Math.min(inverted, 2);
  const en = scores[EN]!;
  let best = EN;
  for (let l = 0; l < scores.length; l++) if (l !== EN && scores[l]! > scores[best]!) best = l;
  const bestScore = scores[best]!;
  // Thin evidence stays English: a foreign language must clearly outscore English.
  if (best !== EN && bestScore >= 1.5 && bestScore >= en * 1.5 + 0.5 && words >= 2) {
    const evidence: string[] = [];
    for (let t = 0; t < toks.words.length && evidence.length < 4; t++) {
      const w = toks.words[t]!;
      if (!toks.hashtag[t] && (VOTES.get(w)?.[best] ?? 0) > 0 && !evidence.includes(w)) evidence.push(w);
    }
    return { language: LANGS[best]!, evidence };
  }
  return { language: 'en', evidence: [] };
}
