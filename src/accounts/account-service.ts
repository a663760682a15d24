/**
 * The accounts feature as the rest of the app sees it: who is asking (from the session cookie),
 * the sign-up and sign-in flows, the reader's own account (profile, preferences, address,
 * password, download, close), and the hooks other features use to add to /account.
 */

import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ComponentChild } from 'preact';
import type { Db } from '../db/database.js';
import { AppError, type FieldProblem } from '../http/app-error.js';
import { createCsrf } from '../http/csrf.js';
import type { MailTransport } from '../mail/index.js';
import type { Clock, JobQueue } from '../platform.js';
import { createAccountChanges } from './account-changes.js';
import { createAuthFlows } from './auth-service.js';
import { hashPassword, verifyPassword } from './credentials.js';
import { deleteEndedEmailSends } from './email-send-repository.js';
import { consumeToken, deleteAllTokensOf, deleteExpiredTokens, deleteUnusedTokens, listPendingTokensOf } from './email-token-repository.js';
import { addressOrNull, type EmailPreferences, normalizeEmail, type PostalAddress, type Principal, type Reader } from './reader.js';
import {
  anonymiseReader,
  deleteNeverConfirmedReaders,
  findReaderRowByEmail,
  findReaderRowById,
  findReadersByIds,
  setReaderPassword,
  updateReaderPreferences,
  updateReaderProfile,
} from './reader-repository.js';
import { deleteExpiredSessions, deleteSessionsOf, listSessionsOf } from './session-repository.js';
import { createSessionService } from './session-service.js';
import { deleteEndedSignInAttempts } from './sign-in-attempt-repository.js';
import type { StaffMember } from './staff.js';
import { findActiveStaffById } from './staff-repository.js';

export interface AccountServiceDeps {
  db: Db;
  clock: Clock;
  publicUrl: string;
  /** Signing keys (src/secrets.ts): the first signs CSRF tokens, all verify. */
  keys: readonly string[];
  mailer: MailTransport;
  /** Emails that follow a change are jobs enqueued with it (email-changed-notice.ts). */
  jobs: JobQueue;
  log: Pick<Logger, 'error'>;
  siteName(): Promise<string>;
}

/**
 * A section of /account added by another feature (e.g. plan and status); null shows nothing.
 * `csrf` is the page's token, for the panel's own forms (their routes use `accounts.csrf.guard`).
 */
export type AccountPanel = (reader: Reader, page: { csrf: string }) => Promise<ComponentChild>;
/** More of the reader's data for "download my data", under its own key. */
export type AccountDataExport = (reader: Reader) => Promise<unknown>;

/**
 * A close listener's refusal that names where the reader can deal with it (the close page links
 * there). Any AppError refuses; this one adds the link.
 */
export class CloseRefusedError extends AppError {
  constructor(
    message: string,
    readonly link: { href: string; label: string },
    statusCode = 409,
  ) {
    super('ACCOUNT_CLOSE_REFUSED', statusCode, message);
  }
}

/**
 * A sign-up whose address was never confirmed is forgotten after this many days (its link lasts
 * 48 hours): we keep no address that nobody showed to be theirs.
 */
export const NEVER_CONFIRMED_READER_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export function createAccountService(deps: AccountServiceDeps) {
  const { db, clock } = deps;
  const secure = deps.publicUrl.startsWith('https://');
  const sessions = createSessionService({ db, clock, secure });
  const csrf = createCsrf({ keys: deps.keys, secure, sessionIdOf: async (r) => (await sessions.current(r))?.id });
  const auth = createAuthFlows(deps);
  const panels: AccountPanel[] = [];
  const dataExports = new Map<string, AccountDataExport>();
  const closeListeners: ((reader: Reader) => Promise<void>)[] = [];
  const eraseListeners: ((tx: Db, reader: Reader) => Promise<void>)[] = [];
  const preferenceListeners: ((reader: Reader, before: EmailPreferences, after: EmailPreferences) => Promise<void>)[] = [];
  const principalOf = (reader: Reader): Principal => ({ kind: 'reader', id: reader.id });

  async function readerFromRequest(request: FastifyRequest): Promise<Reader | undefined> {
    const session = await sessions.current(request);
    if (session?.principal.kind !== 'reader') return undefined;
    const found = await findReaderRowById(db, session.principal.id);
    return found && !found.reader.closedAt ? found.reader : undefined;
  }

  async function closeAccount(reader: Reader, opts: { tokenHash?: string } = {}): Promise<boolean> {
    for (const listener of closeListeners) await listener(reader);
    const principal = principalOf(reader);
    const closed = await db.transaction().execute(async (tx) => {
      if (opts.tokenHash && !(await consumeToken(tx, opts.tokenHash, 'close', clock()))) return false;
      await anonymiseReader(tx, reader.id, clock());
      for (const listener of eraseListeners) await listener(tx, reader);
      await deleteSessionsOf(tx, principal);
      await deleteAllTokensOf(tx, principal);
      return true;
    });
    if (closed) await sessions.endAll(principal);
    return closed;
  }

  const changes = createAccountChanges({
    db,
    clock,
    mailer: deps.mailer,
    jobs: deps.jobs,
    siteName: deps.siteName,
    auth,
    closeAccount,
  });

  return {
    sessions,
    csrf,
    auth,
    readerFromRequest,

    async staffFromRequest(request: FastifyRequest): Promise<StaffMember | undefined> {
      const session = await sessions.current(request);
      return session?.principal.kind === 'staff' ? findActiveStaffById(db, session.principal.id) : undefined;
    },

    /** Signed in or not, cheaply, for choosing a reader page's variant (see session-service.ts). */
    signedIn: sessions.signedIn,

    /** Who is signed in (reader or staff), cheaply, for the meter and page variants (see session-service.ts). */
    principal: sessions.principal,

    async findReaderById(id: string): Promise<Reader | undefined> {
      return (await findReaderRowById(db, id))?.reader;
    },

    /** Many readers by id, closed accounts included (a page of the magazine's mailing list). */
    findReadersByIds: (ids: readonly string[]) => findReadersByIds(db, ids),

    /** An open account by address (any case); closed accounts are not found. */
    async findReaderByEmail(email: string): Promise<Reader | undefined> {
      return (await findReaderRowByEmail(db, normalizeEmail(email)))?.reader;
    },

    registerAccountPanel(panel: AccountPanel): void {
      panels.push(panel);
    },

    async renderAccountPanels(reader: Reader, page: { csrf: string }): Promise<ComponentChild[]> {
      return (await Promise.all(panels.map((p) => p(reader, page)))).filter(
        (v) => v !== null && v !== undefined && v !== false && v !== '',
      );
    },

    registerDataExport(key: string, exporter: AccountDataExport): void {
      dataExports.set(key, exporter);
    },

    /** Runs before an account's personal data is erased (the reader is still whole). */
    onAccountClose(listener: (reader: Reader) => Promise<void>): void {
      closeListeners.push(listener);
    },

    /**
     * Runs inside the transaction that erases the account's personal data (after every
     * `onAccountClose` listener agreed): another feature's own personal data of the reader goes
     * with the account's row, or neither goes.
     */
    onAccountErase(listener: (tx: Db, reader: Reader) => Promise<void>): void {
      eraseListeners.push(listener);
    },

    async updateProfile(reader: Reader, p: { name: string; address: PostalAddress }): Promise<void> {
      await updateReaderProfile(db, reader.id, { name: p.name, address: addressOrNull(p.address) }, clock());
    },

    async updatePreferences(reader: Reader, prefs: EmailPreferences): Promise<void> {
      await updateReaderPreferences(db, reader.id, prefs, clock());
      for (const listener of preferenceListeners) await listener(reader, reader.emailPreferences, prefs);
    },

    /** Runs after a reader saved their email preferences (the daily email's sign-up follows it). */
    onPreferencesChange(listener: (reader: Reader, before: EmailPreferences, after: EmailPreferences) => Promise<void>): void {
      preferenceListeners.push(listener);
    },

    ...changes,

    /** Changes the password and signs out every other device. */
    async changePassword(reader: Reader, currentPassword: string, newPassword: string, keepSessionId: string): Promise<FieldProblem[]> {
      const found = await findReaderRowById(db, reader.id);
      if (found?.passwordHash && !(await verifyPassword(found.passwordHash, currentPassword))) {
        return [{ field: 'currentPassword', message: 'That is not your current password.' }];
      }
      await setReaderPassword(db, reader.id, await hashPassword(newPassword), clock());
      await sessions.endAll(principalOf(reader), keepSessionId);
      await deleteUnusedTokens(db, principalOf(reader), ['reset']);
      return [];
    },

    /**
     * Everything we hold about the reader, as one JSON document (GDPR Art. 15 and 20): the
     * account row whole (but the password hash: only whether there is one), the sessions (never
     * their token or its hash), the emailed links still waiting (never the token), and what
     * other features add with `registerDataExport`.
     */
    async exportData(reader: Reader, currentSessionId: string): Promise<Record<string, unknown>> {
      const now = clock();
      const principal = principalOf(reader);
      const [sessionRows, links] = await Promise.all([listSessionsOf(db, principal), listPendingTokensOf(db, principal, now)]);
      const more: Record<string, unknown> = {};
      for (const [key, exporter] of dataExports) more[key] = await exporter(reader);
      const iso = (d: Date | null) => d?.toISOString() ?? null;
      return {
        exportedAt: now.toISOString(),
        account: {
          id: reader.id,
          email: reader.email,
          emailConfirmed: reader.emailVerifiedAt !== null,
          emailVerifiedAt: iso(reader.emailVerifiedAt),
          hasPassword: reader.hasPassword,
          name: reader.name,
          postalAddress: reader.address,
          company: reader.company ?? null,
          importedAt: iso(reader.importedAt ?? null),
          emailPreferences: reader.emailPreferences,
          createdAt: reader.createdAt.toISOString(),
          updatedAt: reader.updatedAt.toISOString(),
          closedAt: iso(reader.closedAt),
        },
        sessions: sessionRows.map((s) => ({
          current: s.id === currentSessionId,
          createdAt: s.created_at.toISOString(),
          lastSeenAt: s.last_seen_at.toISOString(),
          expiresAt: s.expires_at.toISOString(),
          userAgent: s.user_agent,
        })),
        pendingEmailLinks: links.map((l) => ({
          purpose: l.purpose,
          sentTo: l.email,
          ...(l.target_email ? { newAddress: l.target_email } : {}),
          createdAt: l.created_at.toISOString(),
          expiresAt: l.expires_at.toISOString(),
        })),
        ...more,
      };
    },

    /**
     * Closes an account once its owner has proved it is them (account-changes.ts). Every
     * `onAccountClose` listener runs first, in the order registered, while the reader is whole;
     * a listener refuses by throwing an AppError (e.g. 409: a paid subscription that could not be
     * cancelled), and then nothing is erased. Otherwise the personal data is erased, every
     * session and link ends, and the row stays as a tombstone. With `tokenHash` (a close link),
     * the link is used up in the same transaction: false when another request used it first.
     */
    closeAccount,

    /**
     * Deletes expired sessions, emailed links, ended sign-in and email-send windows, and readers who
     * never confirmed their address within `NEVER_CONFIRMED_READER_DAYS` (hourly, by the job runner).
     */
    async purgeExpired(): Promise<{
      sessions: number;
      tokens: number;
      signInWindows: number;
      emailSendWindows: number;
      neverConfirmedReaders: number;
    }> {
      const now = clock();
      return {
        sessions: await deleteExpiredSessions(db, now),
        tokens: await deleteExpiredTokens(db, now),
        signInWindows: await deleteEndedSignInAttempts(db, now),
        emailSendWindows: await deleteEndedEmailSends(db, now),
        neverConfirmedReaders: await deleteNeverConfirmedReaders(db, new Date(now.getTime() - NEVER_CONFIRMED_READER_DAYS * DAY_MS)),
      };
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
