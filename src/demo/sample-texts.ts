/** Realistic sample feedback for the demo feeds: every complaint type, praise, advocacy, questions. */

export interface SampleReview {
  title: string;
  body: string;
  rating: number;
  author: string;
}

export interface SampleMention {
  text: string;
  author: string;
  likes: number;
}

export const SAMPLE_REVIEWS: SampleReview[] = [
  { title: 'Still waiting for my refund', body: 'I returned the grinder three weeks ago and I am still waiting for my refund. Please process it or tell me what is going on.', rating: 1, author: 'dana.k' },
  { title: 'Rude staff at the Main St store', body: 'The barista rolled her eyes when I asked for oat milk and then ignored me. Your staff need training on how to treat customers.', rating: 1, author: 'mike_t' },
  { title: 'My own mistake', body: 'I forgot to cancel the subscription before the renewal date, my fault entirely. Could you refund the last box anyway? I never opened it.', rating: 3, author: 'p.lindqvist' },
  { title: 'Blown away', body: 'The delivery came a day early and the beans were roasted two days before. Honestly exceeded every expectation I had. Best coffee I have had in years.', rating: 5, author: 'sam.r' },
  { title: 'Tell your friends', body: 'I recommend Acme to everyone at work. If you like a good espresso, go and try their Ethiopian blend, you will not regret it.', rating: 5, author: 'kofi' },
  { title: 'Decent', body: 'Good coffee, arrived on time, packaging was fine. Does what it says.', rating: 4, author: 'lena' },
  { title: 'Price went up again', body: 'Third price increase this year. The beans are nice but this is getting too expensive for what it is.', rating: 2, author: 'georgeb' },
  { title: 'Broken machine, no answer', body: 'My espresso machine stopped working after two weeks. I emailed support twice and nobody replied. I want a replacement or my money back.', rating: 1, author: 'ana.m' },
  { title: 'Lovely cafe', body: 'The new cafe on King Street is bright and clean, comfortable seats and quiet music. Staff were friendly and helpful.', rating: 5, author: 'jules' },
  { title: 'Never again', body: 'Cold coffee, dirty tables and a 20 minute wait. Never again. Switching to the place next door.', rating: 1, author: 'rk' },
  { title: 'Checkout is confusing', body: 'I ordered the wrong size because I did not read the product page properly, my bad. The checkout could make the sizes clearer though.', rating: 3, author: 'tomasz' },
  { title: 'Great loyalty scheme', body: 'The points add up quickly and the free drink on my birthday was a nice touch. Very satisfied.', rating: 4, author: 'mei' },
  { title: 'Where is my order?', body: 'Order placed 10 days ago, tracking has not updated since. Can someone tell me where my order is?', rating: 2, author: 'b.okafor' },
  { title: 'Question about decaf', body: 'Do you sell a decaf version of the house blend in whole beans?', rating: 3, author: 'hr' },
  { title: 'Above and beyond', body: 'The manager replaced my spilled drink for free and gave my kid a cookie. Staff went above and beyond. I have told all my friends about this place.', rating: 5, author: 'carla' },
  { title: 'Thanks for nothing', body: 'Great, another subscription box with the wrong beans. Thanks for nothing.', rating: 1, author: 'vk' },
  { title: 'Solid', body: 'Nice flavour, good value for the price. Will buy again.', rating: 4, author: 'olu' },
  { title: 'Opening hours', body: 'The store says it opens at 7 but it was closed at 7:20 again today. Please fix the opening hours on your website.', rating: 2, author: 'fin' },
];

export const SAMPLE_MENTIONS: SampleMention[] = [
  { text: '@AcmeCoffee my order #4411 arrived damaged, can you send a replacement please?', author: 'jess_codes', likes: 3 },
  { text: 'Honestly @AcmeCoffee is the best roaster around, everyone should try the Kenya AA ☕😍', author: 'coffee_nerd', likes: 42 },
  { text: 'Waited 45 minutes on hold with @AcmeCoffee support. Absolute joke.', author: 'grumpy_dev', likes: 17 },
  { text: 'I locked myself out of my @AcmeCoffee account because I forgot my password again, how do I reset it?', author: 'amelie', likes: 0 },
  { text: 'Does @AcmeCoffee ship to Canada?', author: 'northern_bean', likes: 1 },
  { text: 'People complaining about @AcmeCoffee prices have never tasted their single origins. Worth every cent, defending them on this one.', author: 'barista_bob', likes: 25 },
  { text: 'The new @AcmeCoffee app keeps logging me out. Fix it please, I cannot order.', author: 'tina', likes: 8 },
  { text: '@AcmeCoffee staff at the airport kiosk were so kind this morning, thank you!', author: 'travelsam', likes: 12 },
  { text: 'Cancelled my @AcmeCoffee subscription today, going back to @RivalRoast. The last three boxes were stale.', author: 'quietquit', likes: 6 },
  { text: 'My fault for ordering the dark roast when I hate bitter coffee lol, @AcmeCoffee still great', author: 'lol_mae', likes: 4 },
  { text: '@AcmeCoffee opening a store in Leeds next month, according to their newsletter', author: 'leeds_news', likes: 30 },
  { text: 'Referral code for @AcmeCoffee gives you 20% off your first bag, highly recommend', author: 'dealhunter', likes: 15 },
  { text: 'Not bad at all, the @AcmeCoffee cold brew. Pleasantly surprised.', author: 'kai', likes: 2 },
  { text: '@AcmeCoffee charged me twice for the same order, please refund the duplicate charge', author: 'pat_m', likes: 5 },
  { text: 'La cafetería de @AcmeCoffee en Madrid es preciosa, el café está buenísimo', author: 'lucia', likes: 9 },
  { text: '@RivalRoast beans were stale and the bag was half empty. Disappointed.', author: 'critic', likes: 7 },
  { text: 'Loving the @RivalRoast holiday blend, recommend it to anyone who likes spice', author: 'jo', likes: 11 },
];

/** Mastodon posts for the demo's hashtag timeline; the last two are cross-posts of JSON-feed mentions (buzz counts them once). */
export const SAMPLE_TOOTS: SampleMention[] = [
  { text: 'Tried the #AcmeCoffee oat flat white at the station kiosk. Smooth, not too sweet, will be back tomorrow.', author: 'ana@fosstodon.org', likes: 6 },
  { text: 'The #AcmeCoffee subscription page still has no way to pause deliveries. Why do I have to email support for that?', author: 'moritz@chaos.social', likes: 14 },
  { text: 'Ordered a grinder from #AcmeCoffee a week ago and it still says "processing". Anyone else seeing this?', author: 'kit@mastodon.social', likes: 9 },
  { text: 'If you are in Bristol, the #AcmeCoffee roastery tour is genuinely great. Go, and bring friends.', author: 'bea@toot.community', likes: 21 },
  { text: 'Is the #AcmeCoffee decaf Swiss-water processed? Could not find it on the bag.', author: 'q@hachyderm.io', likes: 1 },
  { text: 'I spilled my own #AcmeCoffee all over my keyboard this morning. Entirely my fault, still a great brew.', author: 'dev@infosec.exchange', likes: 3 },
  SAMPLE_MENTIONS[2]!,
  SAMPLE_MENTIONS[1]!,
];

/** Hacker News comments for the demo's Algolia-shaped search endpoint. */
export const SAMPLE_HN_COMMENTS: SampleMention[] = [
  { text: 'Acme Coffee moved their ordering to a new app and it logs me out every other day. Feels like nobody tested it on older phones.', author: 'throwaway_42', likes: 12 },
  { text: 'Used Acme Coffee for our office for two years. Reliable deliveries and the support team actually answers email. Recommended.', author: 'pgm', likes: 33 },
  { text: 'The Acme Coffee price increase is annoying but the beans are still better than anything at the supermarket.', author: 'nkr', likes: 8 },
  { text: 'Does anyone know whether Acme Coffee roasts in-house or white-labels from a bigger roaster?', author: 'curious_cat', likes: 4 },
  { text: 'Acme Coffee charged my card twice for one order and the refund took three weeks. Not ordering again.', author: 'mjd', likes: 19 },
  { text: 'Acme Coffee is hiring backend engineers in Leeds, remote friendly.', author: 'acme_jobs', likes: 2 },
];
