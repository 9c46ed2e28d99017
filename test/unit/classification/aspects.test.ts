import { describe, expect, it } from 'vitest';
import { aspectHits, detectAspects } from '../../../src/domain/classification/aspects.ts';
import { tokenize } from '../../../src/domain/classification/tokenize.ts';

const aspects = (text: string) => detectAspects(tokenize(text).stems);

describe('aspect cues', () => {
  it('tags what the text names, in ASPECTS order', () => {
    expect(aspects('Lovely staff and a clean room, but far too expensive')).toEqual(['price', 'people', 'physical-environment']);
    expect(aspects('love the fabric, but it runs small')).toEqual(['product']);
    expect(aspects('What time do you open on Sunday?')).toEqual([]);
  });

  it('counts a bag as the product only when it is lost, late or damaged', () => {
    expect(aspects('@airline you lost my bag and nobody knows where it is')).toContain('product');
    expect(aspects('@airline why do I have to check a bag at the gate')).not.toContain('product');
  });

  it('an app is the product when it crashes, not when it is only named', () => {
    expect(aspects('the app keeps crashing since the update')).toContain('product');
    expect(aspects('I booked through the app')).not.toContain('product');
  });

  it('drops cues inside phrases that mean something else', () => {
    expect(aspects('I want to cancel my card')).not.toContain('place');
    expect(aspects('they gave us a food voucher after 6 hours')).not.toContain('product');
    expect(aspects('my bag was finally delivered to the hotel')).not.toContain('place');
  });

  it('explains each tag with its cue', () => {
    expect(aspectHits(tokenize('they lost my luggage').stems)).toEqual([{ aspect: 'product', cue: 'luggage (lost)' }]);
  });
});
