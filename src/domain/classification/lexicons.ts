/**
 * Hand-written cue lexicons. They feed the trained models as features and explain decisions
 * as `cues`. Phrases are matched on Porter stems, so one inflection covers the others;
 * write multi-word phrases with spaces ("must have", not "must-have").
 */

export const CUE_GROUPS = [
  'request',
  'ask',
  'rhetorical',
  'question',
  'vent',
  'problem',
  'reflexive',
  'advocacy',
  'delight',
  'praise',
  'sarcasm',
  'gratitude',
] as const;
export type CueGroup = (typeof CUE_GROUPS)[number];

export const CUE_LEXICON: Readonly<Record<CueGroup, readonly string[]>> = {
  // The author asks for an action, answer or remedy: instrumental complaints.
  request: [
    'please', 'pls', 'plz', 'can you', 'could you', 'would you', 'will you', 'can someone', 'can anyone',
    'how do i', 'how can i', 'how to', 'how long', 'how much longer', 'when will', 'when is', 'when can',
    'where is', 'wheres', 'where are', 'any update', 'any news', 'any idea',
    'let me know', 'help me', 'need help', 'need your help', 'i need', 'we need', 'dm me', 'dm', 'direct message',
    'contact me', 'call me', 'get back to me', 'respond', 'reply', 'refund', 'replace', 'replacement', 'fix',
    'sort this', 'sort it', 'sort out', 'resolve', 'assist', 'assistance', 'is there a way', 'is there any',
    'do you', 'are you going', 'are you able', 'why is', 'why does', 'why cant', 'why isnt', 'what happened',
    'status', 'asap', 'urgent', 'anyone know', 'who do i', 'who can', 'i want my', 'i would like', 'id like',
    'i expect', 'look into', 'waiting for a response', 'waiting for a reply', 'still waiting for', 'send me',
    'give me', 'want a refund', 'my money back', 'compensation', 'escalate', 'follow up', 'help',
  ],
  // Explicit asks for a remedy or an answer: these make a complaint instrumental on their own.
  ask: [
    'please', 'pls', 'plz', 'i want a refund', 'i want my', 'i need my', 'i need a', 'i need you to', 'need you to',
    'what shall i do', 'what should i do', 'what do i do', 'what can i do', 'what can you do', 'any advice',
    'advice please', 'need advice', 'your advice', 'please advise',
    'any way to', 'is there a way', 'is there any way', 'who do i', 'who should i', 'how do i', 'how can i',
    'can you', 'could you', 'can someone', 'can anyone', 'can i get', 'can i have', 'do something', 'fix this',
    'fix it', 'sort it out', 'sort this out', 'look into', 'get back to me', 'call me', 'contact me', 'dm me',
    'email me', 'send me', 'let me know', 'bring back', 'bringing back', 'restock', 'replace it', 'replace my',
    'refund me',
    'when will', 'when can i', 'when are you', 'how long will', 'how long until', 'where is my', 'wheres my',
    'any update', 'any news', 'any idea', 'should i', 'help me', 'help please', 'need help', 'whats happening',
    'what is happening', 'what happened to my', 'is it possible', 'i would like', 'id like', 'please advise',
    'i want an apology', 'i want an explanation', 'i want to speak', 'i want to talk', 'i demand', 'i expect a',
    'i expect an', 'owe me', 'reimburse', 'compensate me',
  ],
  // Questions that expect no answer: venting, so non-instrumental.
  rhetorical: [
    'are you kidding', 'you kidding me', 'are you serious', 'seriously', 'really', 'what the', 'wtf', 'whats the point',
    'what is the point', 'how hard is it', 'how difficult is it', 'how is this', 'why do i', 'why would anyone',
    'who does that', 'is this a joke', 'what a joke', 'come on', 'cmon', 'how dare', 'why bother', 'thanks for nothing',
    'never again', 'just saying', 'shame on you', 'so long', 'goodbye', 'bye', 'well done', 'great job', 'good job',
    'nice one', 'way to go', 'love how', 'love when', 'love it when', 'lol', 'smh', 'ugh', 'sarcasm', 'as usual',
    'typical', 'again', 'once again', 'yet again', 'every time', 'everytime', 'always',
  ],
  question: ['?'],
  // The author vents without asking for anything: non-instrumental complaints.
  vent: [
    'thanks for nothing', 'never again', 'never buying', 'never flying', 'never shopping', 'never using', 'avoid',
    'fail', 'epic fail', 'shame on', 'disgrace', 'disgraceful', 'joke', 'what a joke', 'smh', 'ugh', 'seriously',
    'unbelievable', 'typical', 'as usual', 'yet again', 'once again', 'not impressed', 'so disappointed',
    'done with', 'hate', 'i hate', 'sick of', 'fed up', 'tired of', 'worst', 'pathetic', 'embarrassing',
    'lol', 'wtf', 'ffs', 'of course', 'rip off', 'scam', 'boycott', 'beware', 'dont buy', 'do not buy',
    'goodbye', 'bye', 'switching to', 'lost a customer', 'congrats', 'well done', 'nice job', 'great job',
  ],
  // Something went wrong: the core of any complaint.
  problem: [
    'still', 'again', 'never', 'waiting', 'wait', 'delay', 'delayed', 'cancelled', 'canceled', 'broken', 'broke',
    'doesnt work', 'does not work', 'not working', 'stopped working', 'wont', 'cant', 'cannot', 'couldnt',
    'no one', 'nobody', 'on hold', 'charged', 'overcharged', 'double charged', 'rude', 'terrible', 'awful',
    'horrible', 'disappointed', 'disappointing', 'issue', 'issues', 'problem', 'problems', 'error', 'fault',
    'faulty', 'damaged', 'missing', 'lost', 'late', 'wrong', 'yet to', 'havent received', 'not received',
    'never received', 'never arrived', 'still not', 'no response', 'no reply', 'ridiculous', 'unacceptable',
    'poor', 'useless', 'crash', 'crashes', 'crashing', 'glitch', 'bug', 'down', 'outage', 'stuck', 'failed',
    'keeps', 'keep getting', 'hours', 'days', 'weeks', 'why', 'complaint', 'complain', 'not happy', 'unhappy',
    'annoyed', 'annoying', 'frustrated', 'frustrating', 'angry', 'furious', 'mess', 'nightmare', 'sucks',
    'incorrect', 'defective', 'leak', 'leaking', 'dirty', 'cold', 'slow', 'expensive', 'overpriced', 'refused',
    'denied', 'declined', 'ignored', 'ignoring', 'not good enough', 'not acceptable', 'been trying',
  ],
  // The author blames themself, at least in part.
  reflexive: [
    'my fault', 'my bad', 'my mistake', 'my own fault', 'my error', 'my own stupidity', 'my stupidity', 'fault is mine',
    'i forgot', 'forgot my', 'forgot to', 'i totally forgot', 'i accidentally', 'accidentally', 'accidently',
    'accidentaly', 'by accident', 'on accident', 'inadvertently', 'unintentionally',
    'i lost my', 'lost my', 'my lost', 'i misplaced', 'misplaced my', 'i left my', 'left my', 'i deleted',
    'i dropped', 'dropped my', 'i broke', 'i cracked', 'i spilled', 'i spilt', 'i sat on', 'i stepped on',
    'i threw away', 'i wrongly', 'i misread', 'i mistyped', 'i typed', 'i entered the wrong',
    'i booked the wrong', 'i ordered the wrong', 'i bought the wrong', 'i picked the wrong', 'i selected the wrong',
    'i chose the wrong', 'i put the wrong', 'instead of buying', 'instead of ordering', 'i only wanted',
    'i should have', 'i shouldve', 'should have read', 'shouldve read', 'wish i had', 'wish id', 'i messed up',
    'i screwed up', 'i overslept', 'silly me', 'stupid me', 'to myself', 'blame myself', 'i blame myself',
    'i locked myself', 'locked myself out', 'user error', 'i overlooked', 'i didnt read', 'i wasnt paying attention',
    'i was stupid', 'i was an idiot', 'im an idiot', 'i am an idiot', 'i overclocked', 'i take responsibility',
    'i lost a', 'i lost an', 'i entered my', 'on the wrong', 'wish i would have', 'i wish id',
    'should have ordered', 'should have sized', 'should have gotten', 'should have gone', 'should have bought',
    'should have paid', 'should have looked', 'should have listened', 'should have believed', 'should have checked',
    'shouldve ordered', 'shouldve sized', 'shouldve gotten', 'shouldve gone', 'shouldve listened',
    'i ignored', 'ignored the reviews', 'ignored the other reviews', 'made the mistake', 'big mistake', 'huge mistake',
    'i didnt look', 'failed to notice', 'failed to see',
    'i took a risk', 'against my better judgment', 'against my better judgement', 'bought it anyway',
    'ordered it anyway', 'see for myself', 'find out for myself', 'my own choice',
  ],
  // The author promotes the brand to others.
  advocacy: [
    'recommend', 'highly recommend', 'would recommend', 'definitely recommend', 'totally recommend',
    'tell your friends', 'tell everyone', 'told my friends', 'told all my friends', 'check out', 'check them out',
    'check it out', 'you should try', 'you have to try', 'you need to try', 'you must try', 'go get', 'go buy',
    'must have', 'cant go wrong', 'go to', 'worth every penny', 'worth it', 'get one', 'get yourself',
    'dont hesitate', 'do yourself a favor', 'do yourself a favour', 'spread the word', 'shout out', 'shoutout',
    'best in the business', 'hands down the best', 'in defense of', 'in defence of', 'stop hating',
    'buy this', 'buy it', 'order this', 'grab one', 'fan for life', 'customer for life', 'loyal customer',
  ],
  // Performance beyond expectation.
  delight: [
    'exceeded', 'exceeded my expectations', 'exceeds', 'above and beyond', 'blown away', 'beyond expectations',
    'went the extra mile', 'extra mile', 'outstanding', 'exceptional', 'phenomenal', 'over the moon',
    'couldnt be happier', 'could not be happier', 'better than expected', 'pleasantly surprised', 'surpassed',
    'best ever', 'best i have ever', 'best ive ever', 'obsessed', 'love love', 'absolutely love', 'in love',
    'amazing', 'incredible', 'fantastic', 'perfect', 'perfection', 'stunning', 'gorgeous', 'wow', 'blew me away',
    'beyond', 'beautiful', 'superb', 'brilliant', 'awesome', 'love it', 'love this', 'so happy',
  ],
  praise: [
    'love', 'great', 'good', 'nice', 'thank you', 'thanks', 'happy', 'pleased', 'glad', 'excellent',
    'friendly', 'smooth', 'easy', 'fast', 'quick', 'comfortable', 'fit', 'fits', 'flattering', 'soft', 'cute',
    'on time', 'well done', 'kudos', 'best', 'enjoy', 'enjoyed', 'satisfied', 'works great', 'works well',
  ],
  // Positive words in a clearly negative frame ("great, another 3 hour delay").
  sarcasm: [
    'thanks for nothing', 'cheers for nothing', 'thanks a lot', 'thanks for ruining', 'thanks for making',
    'great job', 'nice job', 'good job', 'well done', 'way to go', 'love how', 'love it when', 'love that you',
    'love when', 'just what i needed', 'so much for', 'yeah right', 'oh great', 'oh good', 'oh joy', 'sarcasm',
    'great another', 'great yet', 'great now', 'what a surprise', 'color me surprised', 'shocker',
  ],
  gratitude: ['thank you', 'thanks', 'thx', 'ty', 'cheers', 'appreciate', 'appreciated', 'grateful', 'kudos'],
};

/** Words that flip the polarity of the next few sentiment words. */
export const NEGATORS: ReadonlySet<string> = new Set([
  'not', 'no', 'never', 'dont', 'doesnt', 'didnt', 'isnt', 'wasnt', 'arent', 'werent', 'cant', 'cannot',
  'couldnt', 'wont', 'wouldnt', 'shouldnt', 'hasnt', 'havent', 'hadnt', 'aint', 'nothing', 'nobody', 'none',
  'neither', 'nor', 'without', 'hardly', 'barely', 'nt', 'non', 'lack', 'lacks', 'lacking',
]);

/** Words that strengthen the next sentiment word. */
export const INTENSIFIERS: ReadonlyMap<string, number> = new Map([
  ['very', 1.4], ['really', 1.3], ['so', 1.3], ['extremely', 1.6], ['super', 1.4], ['totally', 1.4],
  ['absolutely', 1.5], ['incredibly', 1.6], ['completely', 1.4], ['utterly', 1.6], ['truly', 1.3],
  ['most', 1.3], ['such', 1.2], ['too', 1.2], ['quite', 1.1], ['beyond', 1.4], ['highly', 1.4],
]);

/**
 * Domain terms AFINN lacks or scores for general text: service failures are negative in
 * feedback even when the word is neutral in a dictionary. Keys are surface forms without apostrophes.
 */
export const DOMAIN_SENTIMENT: Readonly<Record<string, number>> = {
  delay: -2, delayed: -2, delays: -2, cancelled: -2, canceled: -2, cancellation: -1, stuck: -2, overbooked: -2,
  rebooked: -1, waiting: -1, waited: -1, hold: -1, late: -1, lost: -2, missing: -2, broken: -2, faulty: -2,
  defective: -2, damaged: -2, overcharged: -3, overpriced: -2, rude: -3, unhelpful: -2, useless: -2,
  unacceptable: -3, ridiculous: -3, worst: -3, fail: -2, fails: -2, failed: -2, crash: -2, crashes: -2,
  crashed: -2, glitch: -2, glitchy: -2, buggy: -2, outage: -2, refund: -1, smh: -2, ugh: -2, wtf: -3,
  ffs: -3, meh: -1, disappointing: -2, disappointed: -2, cramped: -2, dirty: -2, smelly: -2, itchy: -2,
  scratchy: -2, unflattering: -2, boxy: -1, sheer: -1, tight: -1, baggy: -1, cheaply: -2, flimsy: -2,
  helpful: 2, friendly: 2, smooth: 2, seamless: 2, flawless: 3, comfy: 2, comfortable: 2, flattering: 2,
  gorgeous: 3, stunning: 3, cute: 2, soft: 1, exceeded: 3, exceeds: 3, outstanding: 3, exceptional: 3,
  phenomenal: 3, obsessed: 2, kudos: 3, thx: 2, ty: 2, appreciated: 2, professional: 2, courteous: 2,
  polite: 2, quick: 1, fast: 1, ontime: 2, recommend: 2, recommended: 2, refunded: 1, resolved: 2,
  sorted: 1, fixed: 1, awesome: 4, ':)': 2, ':d': 3, ';)': 1, ':(': -2, ':/': -1, '<3': 3, '</3': -3,
  ':p': 1, '-_-': -1, ':o': -1,
};
