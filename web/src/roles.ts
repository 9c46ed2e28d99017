import type { Role } from './api.ts';

const RANK: Record<Role, number> = { viewer: 0, agent: 1, admin: 2 };

/** What a role may do; the server enforces the same rules, the app only hides what would be refused. */
export const can = {
  workCases: (r: Role) => RANK[r] >= RANK.agent,
  correctLabels: (r: Role) => RANK[r] >= RANK.agent,
  acknowledgeAlerts: (r: Role) => RANK[r] >= RANK.agent,
  buildDigests: (r: Role) => RANK[r] >= RANK.agent,
  manageSources: (r: Role) => r === 'admin',
};
