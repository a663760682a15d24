/**
 * Reader and staff accounts. `createAccountService` answers who is asking (`readerFromRequest`,
 * `staffFromRequest`, and the cheap `signedIn` for page variants), finds readers
 * (`findReaderById`, `findReaderByEmail`), runs the sign-up and sign-in flows, and holds the CSRF
 * helper every feature's forms use (`accounts.csrf`). `registerAccountRoutes(app, deps)` mounts the
 * pages with only what they use (`AccountRouteDeps`). `accountJobHandlers` are the feature's jobs
 * (the hourly clean-up, which `schedulePurgeExpired` starts, and the email-changed notice).
 *
 * Other features' share of an account is connected by the composition root, and only there:
 * `registerAccountPanel` adds a section to the account page, `registerDataExport` adds to the
 * data download, and `onAccountClose` learns of closures (a listener runs before anything is
 * erased and may refuse by throwing an AppError, or a `CloseRefusedError` naming where to deal
 * with it). Only the composition root calls these three, never a route module: a process that
 * mounted no routes would otherwise silently stop erasing or exporting a feature's data.
 */

export { formProblems, stringField } from './account-forms.js';
export { type AccountJobDeps, accountJobHandlers, PURGE_EXPIRED_JOB, schedulePurgeExpired } from './account-jobs.js';
export type { AccountRouteDeps } from './account-route-deps.js';
export {
  type AccountDataExport,
  type AccountPanel,
  type AccountService,
  type AccountServiceDeps,
  CloseRefusedError,
  createAccountService,
} from './account-service.js';
export { registerAccountRoutes } from './accounts-plugin.js';
export { RATE_LIMITS } from './auth-routes.js';
export { type MailOutcome, type SignInResult, TOKEN_TTL_MS } from './auth-service.js';
export { clientKey } from './client-key.js';
export { COUNTRY_CODES, COUNTRY_UNKNOWN, countryCode, countryCodeOf } from './country.js';
export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './credentials.js';
export { EMAIL_CHANGED_JOB, type EmailChangedNotice } from './email-changed-notice.js';
export { EMAIL_SEND_LIMIT, emailSendWindow, recipientHash } from './email-send-limit.js';
export {
  findOpenReadersByEmails,
  type ImportedReaderChanges,
  type ImportedReaderInput,
  insertImportedReader,
  updateImportedReader,
} from './imported-reader-repository.js';
export {
  DEFAULT_EMAIL_PREFERENCES,
  type EmailPreferences,
  hasPostalAddress,
  isEmail,
  normalizeEmail,
  type PostalAddress,
  type Principal,
  type Reader,
  safeReturnPath,
  withReturn,
} from './reader.js';
export { createReaderSearch, type ReaderListRow, type ReaderSearch, type ReaderSearchQuery } from './reader-search.js';
export { countReadersRegisteredByDay } from './reader-stats.js';
export { SESSION_COOKIE } from './session-service.js';
export { isStaffRole, STAFF_ROLES, type StaffMember, type StaffRole, staffActor, staffIdOfActor } from './staff.js';
export {
  createStaffManagement,
  refuseStaffChange,
  type StaffChange,
  type StaffKeyPort,
  type StaffManagement,
  type StaffManagementDeps,
} from './staff-management.js';
