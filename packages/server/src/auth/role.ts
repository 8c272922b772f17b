import { z } from 'zod';

/** What a person may do: watch (viewer), also start sessions and decide approvals (approver), also run the queues (admin). */
export const Role = z.enum(['viewer', 'approver', 'admin']);
export type Role = z.infer<typeof Role>;

const RANK: Record<Role, number> = { viewer: 0, approver: 1, admin: 2 };

/** True when `role` may do what `needed` may. */
export function hasRole(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}
