/**
 * The print edition's mailing list: every reader entitled to `weekly_print` when the edition
 * went to the printer (its cut-off), one copy each, sorted for the mail house by country and
 * postcode; and beside it the entitled readers whose postal address will not do, each emailed
 * once per edition to complete it. The audience is walked a page at a time (the entitlement
 * service's keyset pages) and sorted by the database, so no list is held in memory whole.
 */
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/database.js';
import { AppError } from '../http/app-error.js';
import type { MailTransport } from '../mail/index.js';
import type { Clock } from '../platform.js';
import type { EntitlementTerm } from '../subscriptions/index.js';
import { addressRequestEmail } from './address-request-email.js';
import { editionLabel, type MagazineEdition } from './magazine.js';
import type { MagazineService } from './magazine-service.js';
import {
  decideCopy,
  INCOMPLETE_HEADER,
  incompleteCells,
  MAILING_HEADER,
  type MailingReader,
  mailingCells,
  postcodeKey,
  quotedCsvLine,
} from './mailing-list.js';
import {
  claimAddressRequest,
  deleteMailingRows,
  insertMailingRows,
  listMailingRows,
  type MailingListKind,
  type MailingRowInput,
  type MailingRowKey,
  markAddressRequestSent,
  releaseAddressRequest,
} from './mailing-list-repository.js';

export interface MailingListDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  publicUrl: string;
  magazine: Pick<MagazineService, 'get'>;
  /** Every reader who ever had `weekly_print`, a page at a time, with the term held at `at`. */
  termsOfReaders(at: Date): AsyncIterable<{ readerId: string; term: EntitlementTerm }[]>;
  findReaders(ids: readonly string[]): Promise<MailingReader[]>;
  mailer: MailTransport;
  /** The magazine's printed name ("The Port Ellery Courier Weekly") and the paper's. */
  names(): Promise<{ site: string; magazine: string }>;
}

export interface MailingListCounts {
  /** Rows of the mail house's list: one per copy. */
  copies: number;
  /** Entitled readers whose address will not do. */
  incomplete: number;
  /** Readers who once had the magazine and hold it no more at the cut-off (or whose account is closed). */
  notEntitled: number;
}

export interface AddressRequestOutcome {
  sent: number;
  /** Asked before, for this edition: not asked again. */
  askedBefore: number;
  failed: number;
}

/** One made list, its rows in the database until `close()`. */
export interface MailingListRun {
  edition: MagazineEdition;
  cutOff: Date;
  counts: MailingListCounts;
  /** The CSV of a list, header first, one line at a time in order. */
  lines(list: MailingListKind): AsyncGenerator<string>;
  /** Emails each reader of the incomplete list, unless this edition asked them before. */
  requestAddresses(): Promise<AddressRequestOutcome>;
  /** Forgets the run's rows. */
  close(): Promise<void>;
}

const ROW_PAGE = 1000;
/** Rows of a run that died are forgotten by the next run after this long. */
const STALE_RUN_MS = 60 * 60 * 1000;

export function createMailingListService(deps: MailingListDeps) {
  const { db, clock, timeZone } = deps;

  async function frozenEdition(number: number): Promise<MagazineEdition & { frozenAt: Date }> {
    const edition = await deps.magazine.get(number);
    if (edition.status !== 'frozen' || edition.frozenAt === null)
      throw new AppError('CONFLICT', 409, `Edition No. ${number} is a draft: its mailing list is made once it goes to the printer.`, [
        { field: 'edition', message: 'not frozen: freeze it first' },
      ]);
    return { ...edition, frozenAt: edition.frozenAt };
  }

  return {
    /**
     * Makes the two lists of edition `number` (frozen: its cut-off is the moment it went to the
     * printer). `onProgress` hears the number of readers looked at so far, a page at a time.
     * 404 for no such edition, 409 for a draft.
     */
    async make(number: number, onProgress?: (readers: number) => void): Promise<MailingListRun> {
      const edition = await frozenEdition(number);
      const cutOff = edition.frozenAt;
      const runId = uuidv7();
      const counts: MailingListCounts = { copies: 0, incomplete: 0, notEntitled: 0 };
      let seen = 0;
      try {
        for await (const page of deps.termsOfReaders(cutOff)) {
          const held = page.filter((p) => p.term.held).map((p) => p.readerId);
          const readers = new Map((await deps.findReaders(held)).map((r) => [r.id, r]));
          const rows: MailingRowInput[] = [];
          for (const { readerId, term } of page) {
            const reader = readers.get(readerId);
            const d = decideCopy(reader, term);
            if (d.kind === 'none' || !reader) {
              counts.notEntitled += 1;
            } else if (d.kind === 'copy') {
              counts.copies += 1;
              const cells = mailingCells(reader, d, timeZone);
              rows.push({ list: 'copy', country: d.country, postcode: postcodeKey(reader.address?.postcode ?? ''), readerId, cells });
            } else {
              counts.incomplete += 1;
              rows.push({ list: 'incomplete', country: '', postcode: '', readerId, cells: incompleteCells(reader, d, timeZone) });
            }
          }
          await insertMailingRows(db, runId, rows, clock());
          seen += page.length;
          onProgress?.(seen);
        }
      } catch (err) {
        await deleteMailingRows(db, runId, new Date(clock().getTime() - STALE_RUN_MS));
        throw err;
      }

      return {
        edition,
        cutOff,
        counts,
        async *lines(list) {
          yield quotedCsvLine(list === 'copy' ? MAILING_HEADER : INCOMPLETE_HEADER);
          let after: MailingRowKey | undefined;
          for (;;) {
            const rows = await listMailingRows(db, runId, list, after, ROW_PAGE);
            for (const r of rows) yield quotedCsvLine(r.cells);
            const last = rows.at(-1);
            if (!last || rows.length < ROW_PAGE) return;
            after = last;
          }
        },
        async requestAddresses() {
          const out: AddressRequestOutcome = { sent: 0, askedBefore: 0, failed: 0 };
          const names = await deps.names();
          const accountLink = new URL('/account', deps.publicUrl).href;
          let after: MailingRowKey | undefined;
          for (;;) {
            const rows = await listMailingRows(db, runId, 'incomplete', after, ROW_PAGE);
            for (const r of rows) {
              // The cells of the incomplete list: [subscriber_id, email, …, missing, end].
              const email = r.cells[1] ?? '';
              const missing = (r.cells[10] ?? '').split('; ').filter((m) => m !== '');
              if (!(await claimAddressRequest(db, edition.id, r.readerId, clock()))) {
                out.askedBefore += 1;
                continue;
              }
              const content = addressRequestEmail({
                siteName: names.site,
                magazineName: names.magazine,
                editionLabel: editionLabel(edition),
                missing,
                accountLink,
              });
              try {
                await deps.mailer.send({ to: email, ...content });
                await markAddressRequestSent(db, edition.id, r.readerId, clock());
                out.sent += 1;
              } catch {
                // The claim goes back, so the next run asks again.
                await releaseAddressRequest(db, edition.id, r.readerId);
                out.failed += 1;
              }
            }
            const last = rows.at(-1);
            if (!last || rows.length < ROW_PAGE) return out;
            after = last;
          }
        },
        close: () => deleteMailingRows(db, runId, new Date(clock().getTime() - STALE_RUN_MS)),
      };
    },
  };
}

export type MailingListService = ReturnType<typeof createMailingListService>;
