/**
 * Who may open which admin page: each route under /admin declares `config.adminRoles`, the
 * staff roles it is open to (the guard in admin-guard.ts checks it on every request). The role
 * lists most pages use are named here, so a page's rule reads as a word.
 */
import type { StaffRole } from '../accounts/index.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The staff roles a route under /admin is open to (src/admin). Required on every /admin route. */
    adminRoles?: readonly StaffRole[];
  }
}

export const ALL_STAFF: readonly StaffRole[] = ['owner', 'editor', 'writer', 'business'];
/** The newsroom: who writes and edits stories. */
export const NEWSROOM: readonly StaffRole[] = ['owner', 'editor', 'writer'];
export const EDITORS: readonly StaffRole[] = ['owner', 'editor'];
export const OWNER: readonly StaffRole[] = ['owner'];
/** The business office: readers, money, group licences. */
export const BUSINESS: readonly StaffRole[] = ['owner', 'business'];

/** Route config for an admin route open to these roles. */
export function adminRoute(roles: readonly StaffRole[]): { adminRoles: readonly StaffRole[] } {
  return { adminRoles: roles };
}

/** Paths under /admin open without a staff session: signing in and out, and the static assets. */
export function isPublicAdminPath(url: string): boolean {
  return url === '/admin/sign-in' || url.startsWith('/admin/sign-in/') || url === '/admin/sign-out' || url.startsWith('/admin/assets/');
}

/** Whether a path is the admin's: `/admin` and everything under it (not `/administration`). */
export function isAdminPath(url: string): boolean {
  return url === '/admin' || url.startsWith('/admin/') || url.startsWith('/admin?');
}

/** "owner", "owner or editor", "owner, editor or writer". */
export function rolesInWords(roles: readonly StaffRole[]): string {
  if (roles.length <= 1) return roles[0] ?? 'nobody';
  return `${roles.slice(0, -1).join(', ')} or ${roles[roles.length - 1]}`;
}
