/**
 * The weekly magazine: a numbered print edition of the week's best stories. `createMagazineService`
 * (on Services as `magazine`) proposes a week's edition from the funnel's reads and the home
 * front, lets editors choose and order its stories, cover and note (the Admin API's
 * `magazineAdminRoutes`), and freezes it for the printer with a snapshot of everything it prints.
 * `createPrintCodeService` (on Services as `printCodes`) signs the QR codes each edition prints,
 * answers their scans (`registerPrintCodeRoutes`: GET /p/:token) and checks the `?print=` read
 * token the article page passes to the meter. The print-ready PDF (src/magazine/pdf) and the
 * `masthead magazine` command are loaded only by the command that uses them. `createMailingListService`
 * (on Services as `mailingList`) makes an edition's mailing list for the mail house (and the list
 * of readers whose postal address will not do, each asked once by email to complete it);
 * `registerMailingListRoutes` lets staff download both for a frozen edition.
 *
 * `masthead magazine` command are loaded only by the command (or the job) that uses them.
 *
 * The newsroom's screens (`registerMagazineAdminPages`: /admin/magazine, an edition's page, its
 * freeze confirmation, the archive of printed editions and their PDFs) and the reader pages
 * (`registerMagazineRoutes` over `createMagazinePages`: /magazine and /magazine/:number, through
 * the page cache). `createMagazinePdfService` makes a frozen edition's PDF on the job runner once
 * per trim and keeps it in storage (`EDITION_PDF_JOB`, its handler in `jobHandlers()`); a worker's
 * recurring sweep (`schedulePdfSweep`, `PDF_SWEEP_JOB`) asks again by itself for a stalled one.
 */
export {
  type EditionContent,
  editionLabel,
  type MagazineEdition,
  type MagazineStatus,
  magazineName,
  type PrintImage,
  type PrintStory,
} from './magazine.js';
export {
  editionTargetName,
  MAGAZINE_ARCHIVE_ROLES,
  type MagazineAdminPageDeps,
  registerMagazineAdminPages,
} from './magazine-admin-pages.js';
export { type MagazineAdminRouteDeps, magazineAdminRoutes } from './magazine-admin-routes.js';
export { createMagazinePages, type MagazinePages, type MagazinePagesDeps } from './magazine-page-service.js';
export {
  type AutomaticPdfAction,
  createMagazinePdfService,
  EDITION_PDF_JOB,
  type MagazinePdfDeps,
  type MagazinePdfService,
  PDF_SWEEP_JOB,
  schedulePdfSweep,
} from './magazine-pdf-service.js';
export { type MagazineRouteDeps, registerMagazineRoutes } from './magazine-routes.js';
export { createMagazineService, type MagazineService, type MagazineServiceDeps, type ProposedEdition } from './magazine-service.js';
export { addressGaps, type CopyDecision, decideCopy, decideMailing, type MailingReader } from './mailing-list.js';
export { type MailingListRouteDeps, registerMailingListRoutes } from './mailing-list-routes.js';
export { createMailingListService, type MailingListDeps, type MailingListRun, type MailingListService } from './mailing-list-service.js';
export { checkPrintRead, PRINT_CODE_DAYS, PRINT_READ_HOURS, readPrintCode, signPrintCode, signPrintRead } from './print-code.js';
export { type PrintCodeRouteDeps, registerPrintCodeRoutes } from './print-code-routes.js';
export { createPrintCodeService, type PrintCodeService, type PrintCodeServiceDeps } from './print-code-service.js';
