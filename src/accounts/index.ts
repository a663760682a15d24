/**
 * Reader and staff accounts. `createAccountService` (on Services as `accounts`) answers who is
 * asking (`readerFromRequest`, `staffFromRequest`, and the cheap `signedIn` for page variants),
 * finds readers (`findReaderById`, `findReaderByEmail`), runs the sign-up and sign-in flows, and
 * holds the CSRF helper every feature's forms use (`accounts.csrf`). Other features add to the
 * account page with `registerAccountPanel`, to the data download with `registerDataExport`, and
 * learn of closures with `onAccountClose` (a listener runs before anything is erased and may
 * refuse by throwing an AppError, or a `CloseRefusedError` naming where to deal with it). `registerAccountRoutes` mounts the pages.
 */
export {
  type AccountDataExport,
  type AccountPanel,
  type AccountService,
  CloseRefusedError,
  createAccountService,
} from './account-service.js';
export { registerAccountRoutes } from './accounts-plugin.js';
export type { SignInResult } from './auth-service.js';
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
export { isStaffRole, STAFF_ROLES, type StaffMember, type StaffRole } from './staff.js';
