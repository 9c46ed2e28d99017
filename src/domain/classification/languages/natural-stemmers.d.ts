// `natural` ships no types for single submodules (see ../natural-submodules.d.ts for why we import them one by one).
declare module 'natural/lib/natural/stemmers/porter_stemmer_es.js' {
  const PorterStemmerEs: { stem(token: string): string };
  export default PorterStemmerEs;
}
declare module 'natural/lib/natural/stemmers/porter_stemmer_fr.js' {
  const PorterStemmerFr: { stem(token: string): string };
  export default PorterStemmerFr;
}
declare module 'natural/lib/natural/stemmers/porter_stemmer_de.js' {
  const PorterStemmerDe: { stem(token: string): string };
  export default PorterStemmerDe;
}
