// The three roles, ordered: each can do everything the one before it can.
import type { Role } from '../db/schema.js';

export type { Role };
export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

export const roleRank = (role: Role): number => ROLES.indexOf(role);
export const atLeast = (role: Role, needed: Role): boolean => roleRank(role) >= roleRank(needed);
export const lowerRole = (a: Role, b: Role): Role => (roleRank(a) <= roleRank(b) ? a : b);
/** Roles not above `role`: what a token of an owner with `role` may carry. */
export const rolesUpTo = (role: Role): Role[] => ROLES.filter((r) => atLeast(role, r));
