import { beforeAll, describe, expect, it } from 'vitest';
import { loadClassifier, type Classifier } from '../../../src/domain/classification/index.ts';

let classifier: Classifier;

beforeAll(() => {
  classifier = loadClassifier();
});

const classify = (text: string, extra: { rating?: number; nps?: number } = {}) => classifier.classify({ text, ...extra });

describe('loadClassifier', () => {
  it('loads the committed model and reports its version', () => {
    expect(classifier.modelVersion).toMatch(/^\d+\.\d+\./);
  });

  it('returns exactly the documented shape', () => {
    const c = classify('@shop my parcel never arrived, please refund me');
    expect(Object.keys(c).sort()).toEqual(
      ['advocacy', 'aspects', 'category', 'complaint', 'confidence', 'cues', 'language', 'satisfaction', 'scored', 'sentiment'].sort(),
    );
    expect(Object.keys(c.sentiment).sort()).toEqual(['comparative', 'label', 'score']);
    expect(c.confidence).toBeGreaterThanOrEqual(0);
    expect(c.confidence).toBeLessThanOrEqual(1);
  });

  it('is deterministic', () => {
    const text = 'The crew were friendly but the seat was broken';
    expect(classify(text)).toEqual(classify(text));
  });
});

describe('categories', () => {
  it('labels a clear complaint, with both axes set', () => {
    const c = classify('@VirginAmerica where is my refund? I have been waiting 3 weeks and your staff are useless');
    expect(c.category).toBe('complaint');
    expect(c.complaint).not.toBeNull();
    expect(c.complaint?.intent).toBe('instrumental');
    expect(c.complaint?.blame).toBe('ostensive');
    expect(c.satisfaction).toBe('dissatisfied');
    expect(c.sentiment.label).toBe('negative');
    expect(c.cues.length).toBeGreaterThan(0);
  });

  it('labels advocacy when the author promotes the brand', () => {
    const c = classify('Highly recommend this place, tell your friends!');
    expect(c.category).toBe('advocacy');
    expect(c.advocacy).toBe(true);
    expect(c.complaint).toBeNull();
    expect(c.cues).toContain('highly recommend');
  });

  it('labels praise as satisfaction, and beyond-expectation praise as delighted', () => {
    const ok = classify('The dress fits well and the fabric is nice, happy with it');
    expect(ok.category).toBe('satisfaction');
    expect(['satisfied', 'delighted']).toContain(ok.satisfaction);
    const wow = classify('The staff went above and beyond, I was blown away');
    expect(wow.category).toBe('satisfaction');
    expect(wow.satisfaction).toBe('delighted');
  });

  it('labels a plain question or announcement as neutral with no satisfaction', () => {
    for (const text of ['What time does the store open on Sunday?', 'Our new store opens on Main Street next week']) {
      const c = classify(text);
      expect(c.category).toBe('neutral');
      expect(c.satisfaction).toBeNull();
      expect(c.complaint).toBeNull();
    }
  });

  it('keeps complaint above praise: an instrumental complaint inside praise goes to triage', () => {
    const c = classify('I love your shop and the staff are lovely, but my order is 2 weeks late. Can you please tell me where it is?');
    expect(c.category).toBe('complaint');
    expect(c.complaint?.intent).toBe('instrumental');
  });

  it('reports advocacy whatever the category', () => {
    const c = classify('I always recommend you to friends, but my last order never arrived and nobody replies. Please fix this');
    expect(c.category).toBe('complaint');
  });
});

describe('negation and sarcasm', () => {
  it('reads "not bad at all" as positive', () => {
    const c = classify('Not bad at all');
    expect(c.sentiment.score).toBeGreaterThan(0);
    expect(c.sentiment.label).not.toBe('negative');
    expect(c.category).not.toBe('complaint');
  });

  it('flips praise words under negation', () => {
    const c = classify('The service was not good and the food was not great');
    expect(c.sentiment.score).toBeLessThan(0);
    expect(c.sentiment.label).toBe('negative');
  });

  it('treats "great, another 3 hour delay" as a sarcastic complaint', () => {
    const c = classify('@united great, another 3 hour delay');
    expect(c.category).toBe('complaint');
    expect(c.sentiment.label).toBe('negative');
    expect(c.sentiment.score).toBeLessThan(0);
    expect(c.cues).toContain('sarcasm');
    expect(c.aspects).toContain('place');
  });

  it('treats "thanks for nothing" as a non-instrumental complaint', () => {
    const c = classify('@BT_UK three engineers booked, none turned up. Thanks for nothing');
    expect(c.category).toBe('complaint');
    expect(c.complaint?.intent).toBe('non-instrumental');
  });
});

describe('complaint axes', () => {
  it('instrumental: asks for a remedy', () => {
    expect(classify('@Argos my order is missing an item, please send the rest or refund me').complaint?.intent).toBe('instrumental');
  });

  it('non-instrumental: vents without asking', () => {
    expect(classify('Worst airline ever. Never flying with @SpiritAirlines again, what a joke').complaint?.intent).toBe(
      'non-instrumental',
    );
  });

  it('reflexive: the author blames themself', () => {
    const c = classify('@AirAsiaSupport I accidentally booked the wrong date, my mistake. How can I change it?');
    expect(c.category).toBe('complaint');
    expect(c.complaint?.blame).toBe('reflexive');
    expect(c.complaint?.intent).toBe('instrumental');
  });

  it('ostensive when someone else lost it', () => {
    const c = classify('@AmericanAir you lost my bag again and nobody at the desk can tell me where it is');
    expect(c.category).toBe('complaint');
    expect(c.complaint?.blame).toBe('ostensive');
  });

  it('ostensive when the author only suffers the loss or regrets choosing the company', () => {
    for (const text of [
      '@united 4 hours late and I lost my connection, thanks a lot',
      '@AmericanAir 8 of 10 flights delayed. I should have flown Delta',
      'Washed it per the label and it shrank two sizes, so disappointed',
    ]) {
      expect(classify(text).complaint?.blame, text).toBe('ostensive');
    }
  });

  it('reflexive when the author owns the choice', () => {
    for (const text of [
      'Way too big, I should have ordered a size smaller. Going back.',
      'I ignored the reviews that said it runs large and sadly it does. Returning it.',
    ]) {
      expect(classify(text).complaint?.blame, text).toBe('reflexive');
    }
  });
});

describe('mixed texts', () => {
  it('a gripe inside clear praise that asks for nothing is a satisfied, mixed item', () => {
    const c = classify('Love this dress, the colour is gorgeous, but it runs a bit small');
    expect(c.category).toBe('satisfaction');
    expect(c.complaint).toBeNull();
    expect(c.aspects).toEqual(['product']);
    expect(c.satisfaction).not.toBeNull();
  });

  it('a mixed review keeps its overall level and the aspect it complains of', () => {
    const c = classify('love the fabric, but it runs small');
    expect(c.aspects).toEqual(['product']);
    expect(['satisfied', 'delighted']).toContain(c.satisfaction);
  });

  it('a negated recommendation is not advocacy', () => {
    const c = classify('I would not recommend this place to anyone');
    expect(c.advocacy).toBe(false);
    expect(c.category).not.toBe('advocacy');
  });

  it('labels mixed reviews by their weight and tags several aspects', () => {
    const c = classify('Lovely staff and a clean room, but the price was far too expensive for what you get');
    expect(c.aspects).toEqual(expect.arrayContaining(['people', 'price']));
  });
});

describe('aspects (7 Ps)', () => {
  it.each([
    ['The fabric quality is poor and the zip broke', 'product'],
    ['Way too expensive for what you get, I was overcharged', 'price'],
    ['My parcel is three days late and still not delivered', 'place'],
    ['Your promo code from the newsletter does not work', 'promotion'],
    ['The cashier was rude and the manager ignored us', 'people'],
    ['I was on hold for an hour and nobody answers the phone', 'people'],
    ['The toilets were dirty and the seats were cramped', 'physical-environment'],
  ] as const)('%s → %s', (text, aspect) => {
    expect(classify(text).aspects).toContain(aspect);
  });

  it('does not tag process: its cues were right a third of the time', () => {
    expect(classify('The booking website keeps logging me out and the queue at check in was endless').aspects).not.toContain('process');
  });
});

describe('rating and NPS', () => {
  it('a rating informs satisfaction when the text is not clear', () => {
    expect(classify('It arrived on Tuesday.', { rating: 5 }).satisfaction).toBe('delighted');
    expect(classify('It arrived on Tuesday.', { rating: 1 }).satisfaction).toBe('dissatisfied');
  });

  it('a rating never overrides clear text', () => {
    const c = classify('Terrible, broke after one day and support ignored me. Awful.', { rating: 5 });
    expect(c.satisfaction).toBe('dissatisfied');
    const d = classify('Absolutely love it, fantastic quality and perfect fit!', { rating: 1 });
    expect(d.satisfaction).not.toBe('dissatisfied');
  });

  it('an NPS promoter score with non-negative text counts as advocacy', () => {
    expect(classify('Good service overall', { nps: 10 }).advocacy).toBe(true);
    expect(classify('Good service overall', { nps: 3 }).advocacy).toBe(false);
  });
});

describe('language', () => {
  it('marks text in a language it does not score as not scored, with the language', () => {
    // Spanish, French and German are scored when configured: languages.test.ts.
    for (const [text, lang] of [
      ['Очень плохое обслуживание, заказ так и не пришёл', 'ru'],
      ['配送が遅すぎます。まだ届いていません', 'ja'],
    ] as const) {
      const c = classify(text);
      expect(c.language, text).toBe(lang);
      expect(c.scored, text).toBe(false);
      expect(c.category).toBe('neutral');
      expect(c.confidence).toBe(0);
      expect(c.complaint).toBeNull();
    }
  });

  it('keeps short or brand-heavy English as English', () => {
    for (const text of ['ok thanks', '@Zara_Care la la land dress?', 'Merci @AirFrance for the upgrade, loved it', '👍👍']) {
      expect(classify(text).language, text).toBe('en');
      expect(classify(text).scored, text).toBe(true);
    }
  });
});

describe('self-blame and aspects', () => {
  it('a self-blaming vent with no ask is a non-instrumental, reflexive complaint, not satisfaction', () => {
    const c = classify("Totally my fault for not reading the description, it's see-through and going back. Annoyed with myself.");
    expect(c.category).toBe('complaint');
    expect(c.complaint).toEqual({ intent: 'non-instrumental', blame: 'reflexive' });
  });

  it('a self-blamed mishap with an ask is instrumental and reflexive', () => {
    const c = classify('@airline I left my laptop on the plane, can you help me get it back?');
    expect(c.category).toBe('complaint');
    expect(c.complaint).toEqual({ intent: 'instrumental', blame: 'reflexive' });
  });

  it('tags only the aspects the text speaks of: a late parcel and a refund is place, not five Ps', () => {
    const c = classify("@shop my parcel was supposed to arrive on Monday and it still hasn't come. I want a refund please");
    expect(c.aspects).toEqual(['place']);
  });
});
