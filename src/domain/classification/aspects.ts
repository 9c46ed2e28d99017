/**
 * Aspect tags (the 7 Ps of services marketing) from what the text names. An aspect is tagged only
 * where a cue of it occurs: words that name the aspect itself, not words every complaint uses
 * ("hours", "refund", "flight", "help"). Cues are matched on stems. Some words name an aspect only
 * in company: a bag is the product when it is lost or damaged, not when it is checked or paid for;
 * an app is the product when it crashes. Those are `CONTEXT_CUES`, counted only with a context word
 * within a few tokens. A cue inside a longer phrase of `not` ("cancel my card") is dropped.
 *
 * What each P covers (data/README.md has the labelling guide):
 * - product: the goods or the core service and their qualities (fit, fabric, food, wifi, a lost bag);
 * - price: what it costs, fees, charges, discounts, value for money;
 * - place: availability in time and space (delays, cancellations, delivery, stock, where it is sold);
 * - promotion: ads, offers, promo codes, newsletters, loyalty and status programmes;
 * - people: staff and customer service, including being kept on hold or not answered;
 * - process: procedures and systems the customer goes through (booking, website, check-in, queues,
 *   policies, returns);
 * - physical-environment: seats, cabins, stores, rooms, cleanliness, ambience.
 * Tuned on the training part of the airline tweets and the tune half of data/aspect-sentences.jsonl.
 */
import { ASPECTS, type Aspect } from './classification.types.ts';
import { PhraseMatcher, type PhraseHit } from './phrase-matcher.ts';
import { stem } from './tokenize.ts';

type CueGroup = Aspect | 'not';

export const ASPECT_CUES: Readonly<Record<CueGroup, readonly string[]>> = {
  product: [
    'product', 'products', 'quality', 'dress', 'this top', 'the top', 'top is', 'top was', 'fit', 'fits', 'dresses', 'shirt', 'tunic', 'jeans', 'pants',
    'trousers', 'skirt', 'sweater', 'cardigan', 'coat', 'jacket', 'blouse', 'jumpsuit', 'romper',
    'vest', 'swimsuit', 'bra', 'sizing', 'runs small', 'runs large', 'runs big', 'true to size',
    'size up', 'size down', 'sized up', 'sized down', 'fabric', 'material', 'stitching', 'seams',
    'seam', 'zipper', 'sleeves', 'waist', 'length', 'color', 'colour', 'design',
    'defective', 'faulty', 'battery', 'screen', 'laptop', 'device', 'feature', 'features', 'bug', 'bugs',
    'software', 'firmware', 'taste', 'tasty', 'tasted', 'delicious',
    'bland', 'flavor', 'flavour', 'meal', 'meals', 'food', 'dish', 'dishes', 'menu', 'portion', 'portions',
    'coffee', 'pizza', 'burger', 'sandwich', 'salad', 'dessert', 'suitcase',
    'wifi', 'wi fi', 'entertainment', 'movies', 'tv', 'snack', 'snacks', 'printer', 'camera',
    'shoes', 'stopped working', 'glitch', 'glitchy',
  ],
  price: [
    'price', 'prices', 'pricing', 'priced', 'price point', 'cost', 'costs', 'expensive', 'overpriced', 'fee', 'fees',
    'charged', 'charge me', 'overcharged', 'billing', 'discount', 'on sale', 'sale price', 'afford', 'affordable',
    'rip off', 'ripoff', 'fare', 'fares', 'budget', 'bargain', 'full price', 'pricey', 'value for money',
    'worth the money', 'money', 'paid', 'pay for', 'dollars', 'bucks',
  ],
  place: [
    'delay', 'delayed', 'delays', 'late flight', 'cancelled', 'canceled', 'cancellation', 'cancellations', 'on time',
    'schedule', 'scheduled', 'tarmac', 'delivery', 'delivered', 'shipping', 'shipped', 'never arrived', 'not arrived',
    'hasnt arrived', 'havent received', 'supposed to arrive', 'still hasnt come', 'parcel', 'out of stock',
    'back in stock', 'in stock', 'sold out', 'opening hours', 'courier', 'postage', 'dispatch', 'dispatched',
    'tracking', 'available in store', 'available online', 'online only', 'nearest', 'diverted',
  ],
  promotion: [
    'ad', 'ads', 'advert', 'adverts', 'advertising', 'advertisement', 'commercial', 'commercials', 'promo',
    'promotion', 'promotions', 'coupon', 'coupons', 'voucher code', 'promo code', 'discount code', 'campaign',
    'newsletter', 'loyalty', 'rewards', 'marketing', 'spam', 'sponsor', 'giveaway', 'competition', 'contest',
    'free shipping', 'advertised', 'advertise', 'status', 'frequent flyer', 'elite', 'reward points', 'silver status',
    'gold status',
  ],
  people: [
    'staff', 'employee', 'employees', 'agent', 'agents', 'rep', 'reps', 'representative', 'representatives',
    'attendant', 'attendants', 'flight attendant', 'crew member', 'crew members', 'cabin crew', 'cashier',
    'manager', 'supervisor', 'waiter', 'waitress', 'server', 'bartender', 'host', 'hostess', 'stylist', 'associate',
    'sales associate', 'technician', 'advisor', 'adviser', 'customer service', 'customer care', 'customer support',
    'rude', 'unhelpful', 'unprofessional', 'attitude', 'condescending', 'disrespectful', 'polite', 'courteous',
    'friendly', 'hung up', 'hang up', 'hangs up', 'on hold', 'call back', 'called back', 'on the phone',
    'phone call', 'phone line', 'phone lines', 'over the phone', 'answer the phone', 'answering the phone',
    'no one answers', 'nobody answers', 'no reply', 'no response', 'greeted', 'service was', 'service is',
    'the service', 'great service', 'good service', 'bad service', 'poor service', 'terrible service',
    'awful service', 'excellent service', 'slow service', 'friendly service', 'i called', 'ive called', 'called them',
    'call center', 'call centre',
  ],
  process: [
    'booking system', 'booking site', 'online booking', 'book online', 'check in', 'checkin', 'queue', 'queues',
    'long line', 'long lines', 'in line', 'the line', 'security line', 'website', 'site', 'login', 'log in',
    'password', 'form', 'policy', 'policies', 'procedure', 'return policy', 'exchange', 'checkout', 'paperwork',
    'verification', 'sign up', 'live chat', 'warranty', 'reservation system', 'kiosk', 'kiosks', 'wait for a table',
  ],
  'physical-environment': [
    'clean', 'dirty', 'filthy', 'seat', 'seats', 'legroom', 'leg room', 'cabin', 'toilet', 'toilets', 'bathroom',
    'restroom', 'lounge', 'layout', 'decor', 'atmosphere', 'music', 'noise', 'noisy', 'smell', 'smelly',
    'temperature', 'freezing', 'air conditioning', 'parking', 'lighting', 'crowded', 'cramped', 'spacious',
    'terminal', 'fitting room', 'fitting rooms', 'changing room', 'dressing room', 'shelves', 'aisle', 'aisles',
    'lobby', 'ambiance', 'ambience', 'furniture', 'beautiful setting', 'seating', 'patio', 'bar area', 'dining room', 'walls',
  ],
  not: [
    // A customer cancelling something is not a cancelled service ("cancel my card", "cancelled my order").
    'cancel my card', 'cancelled my card', 'cancel my account', 'cancel my subscription', 'cancel my order',
    'cancelled my order', 'cancel my membership',
    // Fit as a verb of the customer, and "fit" in other senses.
    'fit in', 'fits in', 'fit into', 'fit the bill', 'throw a fit',
    // "top" and "print" outside clothing.
    'on top', 'top of', 'top notch', 'at the top', 'top up', 'print out', 'boarding pass',
    // "site"/"line"/"seat" senses that are not a website, a queue or a seat.
    'on site', 'bottom line', 'on the line', 'online', 'line up', 'seat belt', 'customer service line',
    // Status of a flight or an order is not a loyalty status.
    'flight status', 'order status', 'status update',
    // "money back" is a refund, not the price.
    'money back', 'my money', 'your money', 'waste of money',
    // "in store for" is not a shop; dry cleaning is not cleanliness.
    'in store for', 'dry clean', 'dry cleaned', 'dry cleaning',
    // Vouchers and allowances for food are compensation, not the product.
    'food voucher', 'food vouchers', 'meal voucher', 'meal vouchers', 'vouchers for food', 'hotel and food',
    'food and hotel', 'food allowance', 'screen shot', 'screen shots', 'internet desk',
  ],
};

/**
 * Words that name an aspect only with a context word within `window` tokens (either side).
 */
const CONTEXT_CUES: readonly { aspect: Aspect; cues: readonly string[]; near: readonly string[]; window: number }[] = [
  {
    // A bag is the product when it is lost, late or damaged (a checked bag or its fee is not).
    aspect: 'product',
    cues: ['bag', 'bags', 'luggage', 'baggage'],
    near: [
      'lost', 'lose', 'losing', 'missing', 'damaged', 'damage', 'broken', 'broke', 'torn', 'ripped', 'destroyed',
      'delayed', 'locate', 'find', 'found', 'where', 'stolen', 'wet', 'report', 'arrived',
      'arrive', 'never', 'still', 'delivered', 'deliver', 'delivery', 'tracking', 'back',
    ],
    window: 4,
  },
  {
    // An app or a phone is the product when it fails.
    aspect: 'product',
    cues: ['app', 'phone', 'website', 'site', 'system'],
    near: ['crash', 'crashing', 'bug', 'buggy', 'freezes', 'frozen', 'glitch', 'update', 'version'],
    window: 4,
  },
  {
    // A sale, a deal or a discount said with money words is about the price.
    aspect: 'price',
    cues: ['sale', 'deal', 'worth'],
    near: ['price', 'paid', 'pay', 'money', 'dollars', 'cost', 'bought', 'buy', 'got', 'snagged', 'penny'],
    window: 4,
  },
];

/** Cues that do not count with a word of `unless` within `window` tokens (a delivered bag is luggage, not an order). */
const UNLESS_NEAR: readonly { cues: readonly string[]; unless: readonly string[]; window: number }[] = [
  { cues: ['delivery', 'delivered', 'tracking', 'shipping', 'shipped'], unless: ['bag', 'bags', 'luggage', 'baggage', 'suitcase'], window: 6 },
  // "No food for 5 hours", "bought my own meal": provision during a disruption, not the food itself.
  {
    cues: ['food', 'meal', 'meals', 'snack', 'snacks'],
    unless: ['no', 'without', 'voucher', 'vouchers', 'hotel', 'starving', 'hungry', 'buy', 'bought', 'provide', 'eat', 'any'],
    window: 3,
  },
];

/** Match groups: plain cues under their aspect, `not` phrases, context cues under `ctx<rule index>`. */
export type AspectMatchGroup = CueGroup | `ctx${number}`;
/** Every aspect phrase by match group; the feature step matches them in the same pass as its cues. */
export const ASPECT_PHRASES: Readonly<Record<AspectMatchGroup, readonly string[]>> = {
  ...ASPECT_CUES,
  ...Object.fromEntries(CONTEXT_CUES.map((c, i) => [`ctx${i}`, c.cues])),
} as Record<AspectMatchGroup, readonly string[]>;
const matcher = new PhraseMatcher<AspectMatchGroup>(ASPECT_PHRASES);
const contextNear: readonly ReadonlySet<string>[] = CONTEXT_CUES.map((c) => new Set(c.near.map(stem)));
const unlessOf = new Map<string, { unless: ReadonlySet<string>; window: number }>();
for (const rule of UNLESS_NEAR) {
  const unless = new Set(rule.unless.map(stem));
  for (const c of rule.cues) unlessOf.set(c, { unless, window: rule.window });
}

/** Whether a word of `words` is within `window` tokens of the match (outside it). */
function near(stems: readonly string[], start: number, length: number, window: number, words: ReadonlySet<string>): string | null {
  const from = Math.max(0, start - window);
  const to = Math.min(stems.length, start + length + window);
  for (let i = from; i < to; i++) if ((i < start || i >= start + length) && words.has(stems[i]!)) return stems[i]!;
  return null;
}

export interface AspectHit {
  aspect: Aspect;
  cue: string;
}

/**
 * Calls `found` for each cue that counts, in text order of the matcher: plain cues not inside a
 * `not` phrase nor vetoed by a word nearby, and context cues with their context word.
 */
function eachHit(stems: readonly string[], hits: readonly PhraseHit<AspectMatchGroup>[], found: (aspect: Aspect, cue: string) => void): void {
  if (hits.length === 0) return;
  let anyNot = false;
  for (const h of hits) if (h.group === 'not') anyNot = true;
  for (const h of hits) {
    const g = h.group;
    if (g === 'not') continue;
    if (g.startsWith('ctx')) {
      const k = Number(g.slice(3));
      const word = near(stems, h.start, h.length, CONTEXT_CUES[k]!.window, contextNear[k]!);
      if (word !== null) found(CONTEXT_CUES[k]!.aspect, `${h.phrase} (${word})`);
      continue;
    }
    if (anyNot && hits.some((b) => b.group === 'not' && b.start <= h.start && h.start + h.length <= b.start + b.length)) continue;
    const veto = unlessOf.get(h.phrase);
    if (veto && near(stems, h.start, h.length, veto.window, veto.unless) !== null) continue;
    found(g as Aspect, h.phrase);
  }
}

/** The matched cues of a text with their aspect (for explanation and tuning). */
export function aspectHits(stems: readonly string[]): AspectHit[] {
  const out: AspectHit[] = [];
  eachHit(stems, matcher.match(stems), (aspect, cue) => out.push({ aspect, cue }));
  return out;
}

/**
 * Ps whose cues are matched (aspectHits shows them) but not emitted: process cues ("website",
 * "check in", "queue", "policy") measured 0.29 precision on the airline training split, where such
 * problems are mostly coded as customer service, and 0.6 on our tune sentences; a tag right a third of
 * the time means nothing, so none is given until a better process detector exists.
 */
export const UNTAGGED_ASPECTS: ReadonlySet<Aspect> = new Set(['process']);

/**
 * The aspects a text speaks of, in ASPECTS order. `hits`: the text's matches of ASPECT_PHRASES when
 * already made (the feature step makes them with its cues); matched here otherwise.
 */
export function detectAspects(stems: readonly string[], hits: readonly PhraseHit<AspectMatchGroup>[] = matcher.match(stems)): Aspect[] {
  let mask = 0;
  eachHit(stems, hits, (aspect) => {
    if (!UNTAGGED_ASPECTS.has(aspect)) mask |= 1 << ASPECTS.indexOf(aspect);
  });
  if (mask === 0) return [];
  return ASPECTS.filter((_, i) => (mask & (1 << i)) !== 0);
}
