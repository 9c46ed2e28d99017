import { describe, expect, it } from 'vitest';
import { joinTitle } from '../../../src/domain/sources/connectors/connector-util.ts';
import { parseFeed } from '../../../src/domain/sources/connectors/rss.connector.ts';
import { htmlToText } from '../../../src/domain/sources/html-to-text.ts';

describe('htmlToText', () => {
  it('keeps the paragraphs of a Hacker News comment apart (bare <p>, never closed)', () => {
    expect(htmlToText('They shipped it without service.<p>Their store in Leeds did the same.')).toBe('They shipped it without service.\nTheir store in Leeds did the same.');
  });
  it('decodes every named entity, not a short list', () => {
    expect(htmlToText('Caf&eacute; cr&egrave;me &ndash; &euro;4 &frac12; price&nbsp;&amp; &#x27;fine&#39; &hellip;')).toBe("Café crème – €4 ½ price & 'fine' …");
    expect(htmlToText('AT&T &notanentity; &amp')).toBe('AT&T &notanentity; &amp');
  });
});

describe('joinTitle', () => {
  it('adds a full stop only when the title does not end a sentence', () => {
    expect(joinTitle('Does anyone know the number?', "I can't find it")).toBe("Does anyone know the number? I can't find it");
    expect(joinTitle('Never going back!', 'Cold coffee.')).toBe('Never going back! Cold coffee.');
    expect(joinTitle('Well…', 'it was fine')).toBe('Well… it was fine');
    expect(joinTitle('Two stars.', 'Slow')).toBe('Two stars. Slow');
    expect(joinTitle('Slow service', 'Forty minutes')).toBe('Slow service. Forty minutes');
  });
  it('joins RSS titles the same way', () => {
    const [item] = parseFeed('<rss><channel><item><guid>1</guid><title>Worth it?</title><description>&lt;p&gt;Yes&lt;/p&gt;</description></item></channel></rss>');
    expect(item!.text).toBe('Worth it? Yes');
  });
});
