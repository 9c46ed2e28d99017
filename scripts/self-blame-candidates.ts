/**
 * `tsx scripts/self-blame-candidates.ts <tune|test> <search|strong|random> [count] [seed]`: texts to read and
 * label for data/self-blame.jsonl (see data/README.md), as JSONL on stdout.
 *
 * - `search`: airline tweets and 1–4 star clothing reviews matching one broad search for owning a
 *   mistake (SEARCH below, fixed before any labelling of this round).
 * - `strong` (tune pool only): a narrower search (STRONG) that finds mostly self-blame, to collect
 *   reflexive rows for training.
 * - `random`: negative airline tweets with a coded reason and 1–2 star reviews, sampled at random:
 *   complaints as they come, mostly ostensive.
 * Only texts of the requested pool (`selfBlamePool`), never rows already labelled, and never the
 * tweets of complaints-dev.jsonl (its held-out companies must stay unread).
 */
import { loadAirline, loadReviews, loadSelfBlame } from './lib/datasets.ts';
import { mulberry32 } from '../src/domain/classification/linear-model.ts';
import { selfBlamePool } from './lib/splits.ts';

const SEARCH =
  /\b(my (own )?(fault|mistake|bad|error)|i should(n'?t|nt)?( have|'ve)|should(?:'ve| have) (ordered|sized|gone|read|known|bought|listened|checked|looked)|i wish i|wish i had|i (accidentally|forgot|forget|misread|overlooked|ignored|assumed|didn'?t (read|realize|realise|notice|check|look|think|pay|measure|try))|by mistake|lesson learned|i took a chance|i (lost|left|dropped|broke|missed|misplaced|deleted|booked|ordered|bought) (my|the wrong|a wrong|it)|(ordered|bought|got) (my|the) (usual|normal|regular) size|silly me|stupid me|user error|blame myself|my own stupidity|i'?m an idiot)\b/i;

const STRONG =
  /\b(my (own )?(fault|bad|mistake)|i forgot|forgot (to|my)|accidental+y|by mistake|should(?:'ve| have) (ordered|sized|gone|read|known|bought|listened|checked|looked|tried)|shouldve|wish i (had|would have|hadn'?t)|i missed my (flight|connection)|i left my|i didn'?t (read|realize|realise|notice|check|pay attention)|i overlooked|silly me|lesson learned|i misread|i (ordered|bought|booked) the wrong|i should (know|have known) better|i ignored|despite (the|other|multiple|all the) reviews|against my better judg|i took a (chance|risk|gamble))/i;

function main(): void {
  const [pool, mode, countArg, seedArg] = process.argv.slice(2);
  if ((pool !== 'tune' && pool !== 'test') || (mode !== 'search' && mode !== 'random' && mode !== 'strong') || (mode === 'strong' && pool !== 'tune')) {
    throw new Error('usage: self-blame-candidates <tune|test> <search|random> [count] [seed], or tune strong');
  }
  const search = mode === 'strong' ? STRONG : SEARCH;
  const count = Number(countArg ?? 50);
  const rand = mulberry32(Number(seedArg ?? 1));
  const labelled = new Set(loadSelfBlame().map((r) => r.id));
  const rows: { id: string; source: string; text: string; hint: string }[] = [];
  for (const r of loadAirline()) {
    const id = `air-${r.id}`;
    if (labelled.has(id) || selfBlamePool(id) !== pool) continue;
    const pick = mode !== 'random' ? search.test(r.text) : r.sentiment === 'negative' && r.reason !== '' && r.reason !== "Can't Tell";
    if (pick) rows.push({ id, source: 'airline', text: r.text, hint: r.reason });
  }
  loadReviews().forEach((r, i) => {
    const id = `rev-${i}`;
    if (labelled.has(id) || selfBlamePool(id) !== pool) return;
    const pick = mode !== 'random' ? r.rating <= 4 && search.test(r.text) : r.rating <= 2;
    if (pick) rows.push({ id, source: 'reviews', text: r.text, hint: `${r.rating} stars` });
  });
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  process.stderr.write(`${rows.length} candidates in the ${pool} pool (${mode}); printing ${Math.min(count, rows.length)}\n`);
  for (const r of rows.slice(0, count)) process.stdout.write(`${JSON.stringify(r)}\n`);
}

main();
