/** Short feedback texts from templates with varying words and numbers, shared by the classify benches. */

const TEMPLATES = [
  '@airline flight {n} delayed again, {w} hours on the tarmac. thanks for nothing',
  'Great, another {n} hour delay. Love it {e}',
  'Not bad at all, the {w} was lovely and the staff went above and beyond',
  '@shop where is my order #{n}? I was told {w} days and still nothing. Please refund me',
  'I forgot my password and locked myself out of my account, can you help?',
  'Highly recommend the {w}, tell your friends! {e}',
  'What time does the {w} store open on Sunday?',
  'The {w} fits perfectly, soft fabric and great price',
  'Worst customer service ever, nobody answers the phone after {n} calls',
  'El servicio fue muy malo y nadie me ayudó con el pedido',
  '@support app keeps crashing when I open {w}, version {n}',
  'thank you so much for the quick reply, all sorted now {e}',
  'my {w} arrived broken and the box was soaked',
  'Is the {w} available in size {n}?',
  'Meh. It is ok I guess, nothing special about the {w}',
  'Absolutely love this {w}!!! exceeded my expectations',
];
const WORDS = ['dress', 'coffee', 'seat', 'battery', 'crew', 'pilot', 'parcel', 'jacket', 'lounge', 'update', 'menu', 'driver'];
const EMOJI = ['😡', '😍', '👍', '🙄', '😭', ':)', ':(', ''];

export function makeTexts(count: number): string[] {
  const out: string[] = [];
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    // The high bits: this generator's low bits repeat with a short period (low 4 bits: every 16
    // calls), which, 4 calls per text, used to pick only 4 of the 16 templates and 3 of the 12 words.
    return (seed >>> 16) % n;
  };
  for (let i = 0; i < count; i++) {
    const t = TEMPLATES[rand(TEMPLATES.length)]!;
    out.push(
      t
        .replace('{n}', String(rand(500)))
        .replace('{w}', WORDS[rand(WORDS.length)]!)
        .replace('{e}', EMOJI[rand(EMOJI.length)]!),
    );
  }
  return out;
}
