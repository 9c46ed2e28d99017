/** The case status workflow: open → acknowledged → resolved | dismissed (and open → dismissed for noise). */
import type { CaseDoc, CaseEvent, CaseNote, CaseStatus } from './case.model.ts';

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

export interface CasePatch {
  status?: CaseStatus;
  assignee?: string | null;
  note?: string;
}

export interface CaseChanges {
  set: Partial<CaseDoc>;
  events: CaseEvent[];
  notes: CaseNote[];
}

/**
 * What `patch` changes on `current`, by `by` at `now`: the fields to set and the audit-trail
 * events and notes to append. A move the workflow does not allow comes back as `refused`. Pure.
 */
export function patchChanges(current: Pick<CaseDoc, 'status' | 'assignee'>, patch: CasePatch, by: string, now: Date): CaseChanges | { refused: string } {
  const set: Partial<CaseDoc> = { updatedAt: now };
  const events: CaseEvent[] = [];
  const notes: CaseNote[] = [];
  if (patch.status !== undefined && patch.status !== current.status) {
    if (!canTransition(current.status, patch.status)) {
      const allowed = TRANSITIONS[current.status];
      return { refused: `cannot move a case from ${current.status} to ${patch.status}; allowed from ${current.status}: ${allowed.length ? allowed.join(', ') : 'none (final)'}` };
    }
    set.status = patch.status;
    if (patch.status !== 'open') set[STATUS_TIMESTAMP[patch.status]] = now;
    events.push({ at: now, by, action: 'status', from: current.status, to: patch.status });
  }
  if (patch.assignee !== undefined && patch.assignee !== current.assignee) {
    set.assignee = patch.assignee;
    events.push({ at: now, by, action: 'assign', from: current.assignee, to: patch.assignee });
  }
  if (patch.note) {
    notes.push({ at: now, by, text: patch.note });
    events.push({ at: now, by, action: 'note', text: patch.note });
  }
  return { set, events, notes };
}
