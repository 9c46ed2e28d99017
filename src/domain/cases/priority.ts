/**
 * The triage priority score, explained field by field. Weights are chosen so the order reads:
 * instrumental before non-instrumental always (150 points outweigh every other factor together,
 * at most 115), then customer value and SLA pressure, then reach, anger and repetition.
 */
import type { SlaTier } from '../../../config/load-config.ts';
import type { CaseDoc } from './case.model.ts';

export const WEIGHTS = {
  instrumental: 150,
  tier: { mvc: 40, core: 20, unknown: 0 },
  atRisk: 15,
  /** Reached at 1.5× the SLA; a case at its SLA gets 20. */
  slaMax: 30,
  reachMax: 10,
  sentimentMax: 10,
  repeatPer: 5,
  repeatMax: 10,
} as const;

export interface PriorityReason {
  factor: 'intent' | 'tier' | 'at-risk' | 'sla' | 'reach' | 'sentiment' | 'repeat';
  value: string | number | boolean;
  points: number;
  why: string;
}

export interface SlaState {
  tier: SlaTier;
  hours: number;
  dueAt: Date;
  /** Hours from the complaint to the first response (acknowledge/resolve/dismiss), or to now while open. */
  ageHours: number;
  breached: boolean;
  /** Whether the clock has stopped (the case got a response). */
  responded: boolean;
}

export interface Priority {
  score: number;
  reasons: PriorityReason[];
  sla: SlaState;
}

export type PriorityInput = Pick<
  CaseDoc,
  'intent' | 'tier' | 'atRisk' | 'reach' | 'sentiment' | 'publishedAt' | 'acknowledgedAt' | 'resolvedAt' | 'dismissedAt'
>;

const r2 = (x: number) => Math.round(x * 100) / 100;
const HOUR = 3_600_000;

/** SLA of a case: its tier's hours, or the at-risk hours when shorter. The clock runs until the first response. */
export function slaFor(c: PriorityInput, slaHours: Record<SlaTier, number>, now: Date): SlaState {
  const tierHours = slaHours[c.tier];
  const atRiskShorter = c.atRisk && slaHours['at-risk'] < tierHours;
  const hours = atRiskShorter ? slaHours['at-risk'] : tierHours;
  const responseAt = [c.acknowledgedAt, c.resolvedAt, c.dismissedAt]
    .filter((d): d is Date => d instanceof Date)
    .sort((a, b) => a.getTime() - b.getTime())[0];
  const end = responseAt ?? now;
  const ageHours = Math.max(0, (end.getTime() - c.publishedAt.getTime()) / HOUR);
  return {
    tier: atRiskShorter ? 'at-risk' : c.tier,
    hours,
    dueAt: new Date(c.publishedAt.getTime() + hours * HOUR),
    ageHours: r2(ageHours),
    breached: ageHours > hours,
    responded: responseAt !== undefined,
  };
}

/** Scores one case at `now`; `earlierComplaints` is how many complaints the same author made before this one. */
export function computePriority(c: PriorityInput, slaHours: Record<SlaTier, number>, now: Date, earlierComplaints: number): Priority {
  const reasons: PriorityReason[] = [];
  const instrumental = c.intent === 'instrumental';
  reasons.push({
    factor: 'intent',
    value: c.intent,
    points: instrumental ? WEIGHTS.instrumental : 0,
    why: instrumental ? 'asks for a remedy: someone has to act' : 'venting: no action asked, can be acknowledged in bulk',
  });
  reasons.push({
    factor: 'tier',
    value: c.tier,
    points: WEIGHTS.tier[c.tier],
    why: c.tier === 'mvc' ? 'most valuable customers: top share of total LTV' : c.tier === 'core' ? 'known customer' : 'author not linked to a customer',
  });
  if (c.atRisk) reasons.push({ factor: 'at-risk', value: true, points: WEIGHTS.atRisk, why: 'customer used switching or cancelling language' });

  const sla = slaFor(c, slaHours, now);
  const ratio = sla.ageHours / sla.hours;
  reasons.push({
    factor: 'sla',
    value: r2(ratio),
    points: r2((WEIGHTS.slaMax * Math.min(ratio, 1.5)) / 1.5),
    why: `${sla.ageHours} h of a ${sla.hours} h ${sla.tier} SLA${sla.breached ? ' — breached' : ''}${sla.responded ? ' (responded)' : ''}`,
  });

  const reach = Math.max(0, c.reach ?? 0);
  reasons.push({
    factor: 'reach',
    value: reach,
    points: r2(Math.min(WEIGHTS.reachMax, 2.5 * Math.log10(1 + reach))),
    why: 'audience of the post (likes/favourites): 10 points at 10,000',
  });

  const negativity = Math.max(0, -(c.sentiment ?? 0));
  reasons.push({
    factor: 'sentiment',
    value: r2(c.sentiment ?? 0),
    points: r2(Math.min(WEIGHTS.sentimentMax, (WEIGHTS.sentimentMax * negativity) / 0.3)),
    why: 'strength of the negative sentiment: comparative score per word, 10 points at −0.3 or below',
  });

  const repeatPoints = Math.min(WEIGHTS.repeatMax, WEIGHTS.repeatPer * earlierComplaints);
  reasons.push({
    factor: 'repeat',
    value: earlierComplaints,
    points: repeatPoints,
    why: earlierComplaints > 0 ? `${earlierComplaints} earlier complaint(s) from the same author in 90 days` : 'first complaint from this author in 90 days',
  });

  const score = r2(reasons.reduce((s, r) => s + r.points, 0));
  return { score, reasons, sla };
}
