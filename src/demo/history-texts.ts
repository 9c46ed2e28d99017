/**
 * Text templates for the demo's eight weeks of history. `{drink}`, `{product}`, `{store}` and
 * `{n}` are filled per item so that no two items read the same: the same words twice would be
 * stored as a cross-post duplicate and not counted.
 */

/** What a template is meant to say; the classifier decides what it is. */
export type Tone = 'fix-it' | 'venting' | 'own-fault' | 'lukewarm' | 'praise' | 'delight' | 'advocacy' | 'question';

export const FILLS = {
  drink: ['flat white', 'oat latte', 'cortado', 'cold brew', 'cappuccino', 'mocha', 'americano', 'chai latte', 'espresso', 'iced latte'],
  product: ['Ethiopian blend', 'house blend', 'Kenya AA', 'decaf', 'Colombia single origin', 'espresso roast', 'holiday blend', 'Brazil Santos'],
  store: ['King Street', 'Main St', 'station kiosk', 'airport', 'Leeds', 'Bristol roastery', 'Camden', 'high street'],
} as const;

export const TEMPLATES: Record<Tone, string[]> = {
  'fix-it': [
    'My order #{n} of {product} arrived damaged, please send a replacement.',
    'Charged twice for order #{n}, can you refund the duplicate charge please?',
    'Order #{n} placed a week ago and tracking has not moved. Where is my {product}?',
    'The {product} in box #{n} was stale. I want a refund or a fresh bag.',
    'The app lost my loyalty points after order #{n}. Please restore them.',
    'Waited 25 minutes for a {drink} at {store} and it was wrong (ticket {n}). Please fix how orders are called out.',
  ],
  venting: [
    'Cold {drink} and dirty tables at {store} again today. Ticket {n}. Absolute joke.',
    'Staff at {store} ignored me for ten minutes then got my {drink} wrong. Receipt {n}. Terrible service.',
    'Forty minutes on hold with support about order #{n}. Ridiculous.',
    'Price of the {product} went up again, {n} pence more than last month. Getting too expensive.',
    'The {store} shop was closed at opening time again, third time this month ({n} minutes waiting). So annoying.',
  ],
  'own-fault': [
    'My fault, I ordered the {product} in the wrong grind (order #{n}). Could the product page make grinds clearer?',
    'I forgot to pause my subscription before box #{n} shipped. Entirely my mistake, can I send it back?',
    'Locked myself out of my account again, forgot my password after order #{n}. How do I reset it?',
  ],
  lukewarm: [
    'The {drink} at {store} was lukewarm and bland this time. Visit {n}.',
    'The {product} tasted flat in bag #{n}, not as good as it used to be.',
    'Disappointing {drink} at {store} today, watery and weak (receipt {n}).',
  ],
  praise: [
    'Good {drink} at {store}, quick and friendly. Visit {n}.',
    'The {product} from order #{n} arrived on time, nicely roasted. Happy with it.',
    'Nice {drink}, good value, clean shop at {store}. Receipt {n}.',
    'Solid {product}, bag #{n} was fresh and smelled great. Will buy again.',
    'Staff at {store} were kind and helpful this morning, lovely {drink} (ticket {n}).',
  ],
  delight: [
    'Blown away by the {product} in box #{n}. Best coffee I have had in years!',
    'The barista at {store} remembered my {drink} and my name. Exceeded every expectation (visit {n}).',
    'Delivery #{n} came a day early and the {product} was roasted two days before. Superb!',
  ],
  advocacy: [
    'Everyone should try the {product} from Acme, I recommend it to all my friends. Order #{n} was perfect.',
    'Tell your friends: the {drink} at {store} is the best in town. My {n}th visit and still recommending it.',
    'Highly recommend the Acme subscription, box #{n} with the {product} was wonderful. Go and try it.',
  ],
  question: [
    'Do you sell the {product} as whole beans in 1kg bags? Asking for order #{n}.',
    'What time does the {store} shop open on Sundays? Planning visit {n}.',
    'Is the {product} Swiss-water processed? Could not see it on bag #{n}.',
  ],
};

/** Rival Roast: fewer posts, a steadier mix. */
export const RIVAL_TEMPLATES: Partial<Record<Tone, string[]>> = {
  'fix-it': ['@RivalRoast my bag #{n} of beans was half empty, please send the rest.', '@RivalRoast order #{n} never arrived, refund please.'],
  venting: ['@RivalRoast beans were stale again (bag #{n}). Disappointed.', 'Queue at @RivalRoast took forever today, ticket {n}. Annoying.'],
  praise: ['Loving the @RivalRoast {product}, bag #{n} was spot on.', 'Nice {drink} at @RivalRoast this morning, receipt {n}.'],
  advocacy: ['Recommend @RivalRoast to anyone who likes spice, their holiday blend (order #{n}) is great.'],
  question: ['Does @RivalRoast deliver on Saturdays? Thinking of order #{n}.'],
};

/** The planted spike: the Acme app update 4.2 breaks checkout and charges cards twice. */
export const SPIKE_TEMPLATES: string[] = [
  'The new Acme app update 4.2 broke checkout, payment failed and my card was charged twice (order #{n}).',
  'Acme app 4.2: checkout crashes at payment and I got charged twice. Refund please, order #{n}.',
  'Since the app update checkout is broken, card charged twice for order #{n}. Fix it!',
  'Acme checkout broken after the 4.2 update, double charge on my card (#{n}). Not happy.',
];

/** Survey comments (NPS surveys): short, by score band. */
export const SURVEY_TEMPLATES: Record<'detractor' | 'passive' | 'promoter', string[]> = {
  detractor: [
    'Deliveries keep arriving late, box #{n} was four days behind.',
    'Too expensive for what you get, the {product} was stale (response {n}).',
    'Support never answered my emails about order #{n}.',
  ],
  passive: ['Coffee is fine, the {product} is ok. Nothing special (response {n}).', 'Decent {drink}, a bit pricey. Response {n}.'],
  promoter: [
    'Love the {product}, fresh every time (response {n}).',
    'Great coffee and friendly people at {store}. Response {n}.',
    'Best subscription I have, the {product} is excellent (response {n}).',
  ],
};

/** A customer who left, or says they will (defection cues). */
export const DEFECTION_TEMPLATES: string[] = [
  'Cancelled my Acme subscription today, going back to @RivalRoast. The last boxes were stale (#{n}).',
  'Never ordering from Acme again after order #{n}. Done with them.',
  'Switching to RivalRoast after the double charge on order #{n}.',
];

/** Follow-ups after a resolved case. */
export const FOLLOW_UP_TEMPLATES: Record<'recovered' | 'not-recovered', string[]> = {
  recovered: [
    'Thanks Acme, the refund for order #{n} came through and the new {product} is lovely. Really happy now.',
    'Support sorted my order #{n} quickly and kindly. Great {drink} today at {store} too, thank you!',
    'Replacement for #{n} arrived, the {product} is excellent. Impressed with how you handled it.',
  ],
  'not-recovered': [
    'Still no refund for order #{n} despite the promise. Fed up with Acme.',
    'The replacement for #{n} was stale too. Disappointed again.',
  ],
};
