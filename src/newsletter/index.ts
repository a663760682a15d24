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
 *
 * Sending (`createNewsletterSending`): the audience (entitled to `daily_email` or opted in;
 * confirmed, open, deliverable, not unsubscribed) is written to a per-recipient ledger
 * (delivery.ts: claimed → sent → accepted / failed, a stable Message-ID per edition and reader,
 * leases so a crashed sender's recipients come back) and sent through a pooled SMTP relay with
 * `List-Unsubscribe` one-click headers; `masthead newsletter send` and the job runner's
 * `newsletter.send-editions` round both use it. `registerNewsletterRoutes` also serves the
 * unsubscribe link (GET a page with a button; POST, RFC 8058 one-click).
 *
 * After sending: with `MASTHEAD_BOUNCE_ADDRESS` each message's envelope sender is a signed VERP
 * address (bounce-token.ts); `createBounceIntake` reads what comes back (DSN, ARF, plain-text
 * bounces: bounce-parser.ts, bounce.ts) from the webhook (`registerBounceRoutes`), the command
 * or `masthead newsletter bounces`, and marks hard-bounced and
 * complaining addresses undeliverable; the per-edition report counts what happened. With
 * `MASTHEAD_NEWSLETTER_CLICKS=on`, `createClickTracking` turns each recipient's links into signed
 * first-party click links (`registerClickRoutes`: /newsletter/c/<token>, a 302 to the edition's
 * stored link, counted unless a preview) and the report shows clicks per link.
 */
export { type BounceIntake, type BounceIntakeDeps, createBounceIntake, type IntakeOutcome } from './bounce-intake.js';
export { type BounceRouteDeps, registerBounceRoutes } from './bounce-routes.js';
export { type ClickRouteDeps, registerClickRoutes } from './click-routes.js';
export { type ClickTracking, type ClickTrackingDeps, createClickTracking } from './click-tracking.js';
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
export { createEditionReports, type EditionClicks, type EditionReport, type EditionReports } from './edition-report.js';
export type { SendProgress } from './edition-sender.js';
export {
  type NewsletterAccountDeps,
  type NewsletterAccountRouteDeps,
  newsletterAccountPanel,
  registerNewsletterAccountRoutes,
} from './newsletter-account-routes.js';
export { type NewsletterAdminPageDeps, registerNewsletterAdminPages } from './newsletter-admin-pages.js';
export { type NewsletterAdminRouteDeps, newsletterAdminRoutes } from './newsletter-admin-routes.js';
export {
  ASSEMBLE_EDITION_JOB,
  type NewsletterJobDeps,
  newsletterJobHandlers,
  SEND_EDITIONS_JOB,
  scheduleEditionAssembly,
  scheduleEditionSending,
} from './newsletter-jobs.js';
export { createNewsletterPages, type NewsletterPageDeps, type NewsletterPages } from './newsletter-page-service.js';
export { type NewsletterRouteDeps, registerNewsletterRoutes } from './newsletter-routes.js';
export { createNewsletterSending, type NewsletterSending, type NewsletterSendingDeps, type SendOptions } from './newsletter-sending.js';
export {
  accountLinks,
  createNewsletterService,
  type EditionView,
  type NewsletterService,
  type NewsletterServiceDeps,
  TEST_SEND_LIMIT,
} from './newsletter-service.js';
export { registerUnsubscribeRoutes, type UnsubscribeRouteDeps } from './unsubscribe-routes.js';
