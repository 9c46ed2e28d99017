/** The stored weekly digest: everything the renderers need, so a stored digest renders the same forever. */

export interface Figure {
  value: number | null;
  previous: number | null;
  change: number | null;
  changePercent: number | null;
}

export interface DigestQuote {
  category: 'complaint' | 'advocacy' | 'experience';
  text: string;
  label: string;
  publishedAt: string;
  url: string | null;
}

export interface DigestDoc {
  /** ISO week, e.g. 2026-W47; also the document id. */
  _id: string;
  week: string;
  from: string;
  to: string;
  generatedAt: string;
  headline: {
    volume: Figure;
    netSentiment: Figure;
    nps: Figure & { answers: number };
    csat: Figure & { ratings: number };
    complaints: Figure & { byType: { instrumental: number; nonInstrumental: number; ostensive: number; reflexive: number } };
    /** Complaints, percent of scored items. */
    complaintRate: Figure;
    advocacy: Figure;
    /** Advocates, percent of scored items. */
    advocacyRate: Figure;
    /** Σ (1 + reach). */
    reachWeightedVolume: Figure;
    /** Items the classifier did not score (languages it does not model), per language. */
    notScored: { count: number; byLanguage: Record<string, number> };
  };
  daily: Array<{ day: string; volume: number; complaints: number; advocacy: number; netSentiment: number | null }>;
  movers: {
    aspects: Array<{ aspect: string; items: number; previous: number; change: number; netSentiment: number | null; netSentimentChange: number | null; impact: number | null }>;
    terms: Array<{ term: string; direction: 'rising' | 'falling'; current: number; previous: number; lift: number }>;
  };
  spikes: Array<{ id: string; hour: string; label: string | null; series: string; severity: string; value: number; median: number; topTerms: string[] }>;
  shareOfVoice: Array<{ label: string; volume: number; share: number | null; previousShare: number | null; netSentiment: number | null; /** This brand's percent of all brands' advocates. */ advocacyShare: number | null }>;
  recovery:
    | { available: true; resolvedCases: number; recoveryRate: number | null; recovered: number; notRecovered: number; silent: number; medianHoursToResolution: number | null }
    | { available: false; reason: string };
  quotes: DigestQuote[];
  executive: { fiveNumbers: Array<{ name: string; value: number | null; unit: string; change: number | null }>; whatChanged: string[] };
}
