/**
 * The business office's readers at /admin/readers (business and owner roles): the list with its
 * search, filters and keyset pages; a reader's page (subscriptions and where each stands, what
 * they may read now and why, the emails sent) with the actions on them; and the CSV exports of
 * readers and of their subscriptions, streamed. `createReaderOffice(deps)` takes narrow ports
 * onto accounts, subscriptions, entitlements and plans (wired in src/services.ts); every change
 * goes through the feature that owns it. `registerReaderOfficeRoutes` mounts the screens.
 */
export { decodeCursor, encodeCursor, parseShow, READER_SHOWS, type ReaderListQuery, type ReaderShow } from './reader-list.js';
export { readerListStatement } from './reader-office-repository.js';
export { type ReaderOfficeRouteDeps, registerReaderOfficeRoutes } from './reader-office-routes.js';
export {
  CSV_PAGE_SIZE,
  createReaderOffice,
  PAGE_SIZE,
  type ReaderOffice,
  type ReaderOfficeDeps,
} from './reader-office-service.js';
