import { describe, expect, it } from 'vitest';
import { canTransition } from '../../../src/domain/cases/case-workflow.ts';
import { computePriority, slaFor, type PriorityInput } from '../../../src/domain/cases/priority.ts';

const SLA = { mvc: 4, core: 24, unknown: 72, 'at-risk': 8 };
const now = new Date('2026-03-01T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const base: PriorityInput = {
  intent: 'instrumental',
  tier: 'core',
  atRisk: false,
  reach: 0,
  sentiment: 0,
  publishedAt: hoursAgo(1),
  acknowledgedAt: null,
  resolvedAt: null,
  dismissedAt: null,
};

describe('computePriority', () => {
  it('explains every point of the score', () => {
    const p = computePriority({ ...base, tier: 'mvc', reach: 99, sentiment: -0.15, publishedAt: hoursAgo(2) }, SLA, now, 1);
    const points = Object.fromEntries(p.reasons.map((r) => [r.factor, r.points]));
    expect(points).toEqual({ intent: 150, tier: 40, sla: 10, reach: 5, sentiment: 5, repeat: 5 });
    expect(p.score).toBe(215);
  });

  it('ranks any instrumental complaint above any venting', () => {
    const weakest = computePriority({ ...base, tier: 'unknown', publishedAt: now }, SLA, now, 0);
    const strongest = computePriority(
      { ...base, intent: 'non-instrumental', tier: 'mvc', atRisk: true, reach: 1e6, sentiment: -2, publishedAt: hoursAgo(1000) },
      SLA,
      now,
      10,
    );
    expect(weakest.score).toBeGreaterThan(strongest.score);
  });

  it('breaches the SLA of the tier, and the shorter at-risk SLA', () => {
    expect(slaFor({ ...base, tier: 'mvc', publishedAt: hoursAgo(5) }, SLA, now).breached).toBe(true);
    expect(slaFor({ ...base, tier: 'core', publishedAt: hoursAgo(5) }, SLA, now).breached).toBe(false);
    const atRisk = slaFor({ ...base, tier: 'core', atRisk: true, publishedAt: hoursAgo(9) }, SLA, now);
    expect(atRisk).toMatchObject({ tier: 'at-risk', hours: 8, breached: true });
  });

  it('stops the SLA clock at the first response', () => {
    const s = slaFor({ ...base, tier: 'mvc', publishedAt: hoursAgo(10), acknowledgedAt: hoursAgo(7) }, SLA, now);
    expect(s).toMatchObject({ ageHours: 3, breached: false, responded: true });
  });
});

describe('case workflow', () => {
  it('allows open → acknowledged → resolved | dismissed and open → dismissed only', () => {
    expect(canTransition('open', 'acknowledged')).toBe(true);
    expect(canTransition('acknowledged', 'resolved')).toBe(true);
    expect(canTransition('acknowledged', 'dismissed')).toBe(true);
    expect(canTransition('open', 'dismissed')).toBe(true);
    expect(canTransition('open', 'resolved')).toBe(false);
    expect(canTransition('resolved', 'open')).toBe(false);
    expect(canTransition('dismissed', 'acknowledged')).toBe(false);
    expect(canTransition('acknowledged', 'open')).toBe(false);
  });
});
