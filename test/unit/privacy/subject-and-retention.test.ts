import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../config/load-config.ts';
import { hashAuthor } from '../../../src/domain/privacy/author-hash.ts';
import { EmptySubjectError, subjectOf } from '../../../src/domain/data-rights/subject.ts';

describe('EARSHOT_RETENTION_DAYS', () => {
  const load = (spec?: string) => loadConfig({ EARSHOT_DEV_DEFAULTS: 'true', ...(spec === undefined ? {} : { EARSHOT_RETENTION_DAYS: spec }) });

  it('gives days per kind; kinds left out (or no variable) are kept for ever', () => {
    expect(load().privacy.retentionDays).toEqual({});
    expect(load('mentions:365, reviews:730').privacy.retentionDays).toEqual({ mention: 365, review: 730 });
    expect(load('survey:90').privacy.retentionDays).toEqual({ survey: 90 });
  });

  it('names the variable and the bad part', () => {
    for (const bad of ['tweets:30', 'mentions:0', 'mentions:1.5', 'mentions']) {
      expect(() => load(bad)).toThrow(ConfigError);
      expect(() => load(bad)).toThrow(/EARSHOT_RETENTION_DAYS/);
    }
  });
});

describe('subjectOf', () => {
  it('hashes identifiers exactly as ingest hashes authors, never keeping them', () => {
    const s = subjectOf(['Jane@Example.com', '@jane', 'jane@example.com'], 'salt-0123456789abcdef', 'src-1');
    expect(s).toEqual({ hashes: [hashAuthor('jane@example.com', 'salt-0123456789abcdef'), hashAuthor('jane', 'salt-0123456789abcdef')], identifiers: 3, sourceId: 'src-1' });
    expect(JSON.stringify(s)).not.toMatch(/jane/i);
  });

  it('refuses identifiers that normalise to nothing', () => {
    expect(() => subjectOf(['@', '  '], 'salt-0123456789abcdef')).toThrow(EmptySubjectError);
  });
});
