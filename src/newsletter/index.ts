/**
 * The daily email's editions (issue 15). `edition.ts` holds the decisions (assembly from the home
 * front in front order, filling to the minimum; what may change, scheduling, when the public page
 * shows); `createNewsletterService` assembles (once per date), edits, schedules, holds, previews
 * and test-sends editions, and hands the sender due editions and their rendered email
 * (`render` → `forRecipient(links)`); `renderEdition` makes the email (table-layout JSX, CSS
 * inlined by juice, a plain-text part). `newsletterAdminRoutes` is the Admin API under
 * /api/v1/admin/editions (mounted by src/api); `registerNewsletterAdminPages` the /admin/newsletter
 * screens; `registerNewsletterRoutes` serves "view in
 * browser" at /newsletter/YYYY-MM-DD; `newsletterJobHandlers` and `scheduleEditionAssembly`
 * assemble each morning's edition on the job runner.
 */
export {
  DEFAULT_NEWSLETTER_SETTINGS,
  EDITION_STATUSES,
  type Edition,
  type EditionStatus,
  formatLocalTime,
  type LocalTime,
  type NewsletterSettings,
  parseLocalTime,
} from './edition.js';
export {
  type EditionEmailContent,
  type EmailStory,
  type RecipientLinks,
  type RenderedEdition,
  renderEdition,
} from './edition-email-content.js';
export { type NewsletterAdminPageDeps, registerNewsletterAdminPages } from './newsletter-admin-pages.js';
export { type NewsletterAdminRouteDeps, newsletterAdminRoutes } from './newsletter-admin-routes.js';
export { ASSEMBLE_EDITION_JOB, type NewsletterJobDeps, newsletterJobHandlers, scheduleEditionAssembly } from './newsletter-jobs.js';
export { createNewsletterPages, type NewsletterPageDeps, type NewsletterPages } from './newsletter-page-service.js';
export { type NewsletterRouteDeps, registerNewsletterRoutes } from './newsletter-routes.js';
export {
  accountLinks,
  createNewsletterService,
  type EditionView,
  type NewsletterService,
  type NewsletterServiceDeps,
  TEST_SEND_LIMIT,
} from './newsletter-service.js';
