/** The case status workflow: open → acknowledged → resolved | dismissed (and open → dismissed for noise). */
import type { CaseStatus } from './case.model.ts';

export const TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  open: ['acknowledged', 'dismissed'],
  acknowledged: ['resolved', 'dismissed'],
  resolved: [],
  dismissed: [],
};

export const ACTIVE_STATUSES: readonly CaseStatus[] = ['open', 'acknowledged'];

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The timestamp field a status sets when a case enters it. */
export const STATUS_TIMESTAMP: Record<Exclude<CaseStatus, 'open'>, 'acknowledgedAt' | 'resolvedAt' | 'dismissedAt'> = {
  acknowledged: 'acknowledgedAt',
  resolved: 'resolvedAt',
  dismissed: 'dismissedAt',
};
