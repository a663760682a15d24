/**
 * The newsroom's shell at /admin: the layout every staff page shares (`AdminLayout`, its
 * navigation keys), the role guard (every /admin route declares `config.adminRoles`; `staffOf`
 * gives a guarded route its staff member), staff sign-in and sign-out, and the admin's assets
 * (islands bundled by esbuild, htmx, the stylesheet: `adminIslandUrl`, `ADMIN_ISLANDS`).
 *
 * `registerAdminShell(app, deps)` installs the guard, the start-up check and the audit trail's
 * hook, and must run before any /admin route is added; `registerAdminRoutes(app, deps)` mounts
 * the shell's own pages (sign-in, staff, own API keys, audit trail). Record who saved something as
 * `adminSavedByOf(request)` (`staff:<id>`), as the Admin API does for a staff member's own key.
 */

export { Checkbox, ErrorSummary, Field, PostForm, problemFor, SelectField, Submit } from '../views/form-parts.js';
export { adminIslandUrl } from './admin-assets.js';
export { type AdminGuardDeps, adminSavedByOf, decideAdminAccess, staffOf } from './admin-guard.js';
export { ADMIN_ISLANDS } from './admin-islands.js';
export { ADMIN_NAV, AdminLayout, type AdminLayoutProps, type AdminNavKey, roleName } from './admin-layout.js';
export { seeOther, sendAdminPage } from './admin-page.js';
export { type AdminRouteDeps, type AdminShellDeps, registerAdminRoutes, registerAdminShell } from './admin-plugin.js';
export { ALL_STAFF, adminRoute, BUSINESS, EDITORS, NEWSROOM, OWNER } from './admin-roles.js';
export { type AuditActor, type AuditEvent, type AuditTarget, type AuditTargetKind, JOB_RUNNER_ACTOR } from './audit.js';
export { type AuditInTransaction, type AuditRecorder, setAuditTarget, setNotAChange } from './audit-hook.js';
export { type AuditService, createAuditService } from './audit-service.js';
export { StoryOrderButtons } from './views/story-order-buttons.js';
