// `natural`'s index loads dotenv and database clients, so we import single submodules; they ship no types.
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}
