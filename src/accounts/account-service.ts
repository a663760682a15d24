/**
 * The accounts feature as the rest of the app sees it: who is asking (from the session cookie),
 * the sign-up and sign-in flows, the reader's own account (profile, preferences, address,
 * password, download, close), and the hooks other features use to add to /account.
 */

import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ComponentChild } from 'preact';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { AppError, type FieldProblem } from '../http/app-error.js';
import { createCsrf } from '../http/csrf.js';
import { changeEmailEmail, emailChangedNotice, type MailTransport } from '../mail/index.js';
import type { Clock } from '../platform.js';
import { createAuthFlows, TOKEN_TTL_MS } from './auth-service.js';
import { hashPassword, hashToken, verifyPassword } from './credentials.js';
import { consumeToken, deleteAllTokensOf, deleteExpiredTokens, deleteUnusedTokens } from './email-token-repository.js';
import { addressOrNull, type EmailPreferences, normalizeEmail, type PostalAddress, type Principal, type Reader } from './reader.js';
import {
  anonymiseReader,
  deleteNeverConfirmedReaders,
  findReaderRowByEmail,
  findReaderRowById,
  setReaderPassword,
  updateReaderEmail,
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
  const principalOf = (reader: Reader): Principal => ({ kind: 'reader', id: reader.id });

  async function readerFromRequest(request: FastifyRequest): Promise<Reader | undefined> {
    const session = await sessions.current(request);
    if (session?.principal.kind !== 'reader') return undefined;
    const found = await findReaderRowById(db, session.principal.id);
    return found && !found.reader.closedAt ? found.reader : undefined;
  }

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

    async updateProfile(reader: Reader, p: { name: string; address: PostalAddress }): Promise<void> {
      await updateReaderProfile(db, reader.id, { name: p.name, address: addressOrNull(p.address) }, clock());
    },

    async updatePreferences(reader: Reader, prefs: EmailPreferences): Promise<void> {
      await updateReaderPreferences(db, reader.id, prefs, clock());
    },

    /** Sends a confirmation link to the new address; the change happens when it is followed. */
    async requestEmailChange(reader: Reader, rawEmail: string, currentPassword: string): Promise<FieldProblem[]> {
      const email = normalizeEmail(rawEmail);
      if (email === reader.email) return [{ field: 'email', message: 'That is already your address.' }];
      const found = await findReaderRowById(db, reader.id);
      if (found?.passwordHash && !(await verifyPassword(found.passwordHash, currentPassword))) {
        return [{ field: 'currentPassword', message: 'That is not your current password.' }];
      }
      const principal = principalOf(reader);
      await deleteUnusedTokens(db, principal, ['change-email']);
      const link = await auth.issueLink(db, { principal, purpose: 'change-email', email, ttlMs: TOKEN_TTL_MS['change-email'] });
      const siteName = await deps.siteName();
      try {
        await deps.mailer.send({ to: email, ...changeEmailEmail({ siteName, link, newEmail: email }) });
      } catch (err) {
        deps.log.error({ err }, 'sending the change-of-address link failed');
        throw new AppError('MAIL_FAILED', 503, 'We could not send the email just now. Please try again in a few minutes.');
      }
      return [];
    },

    /** Follows a change-of-address link. Whether the address is taken is told only to its holder. */
    async confirmEmailChange(token: string): Promise<'changed' | 'taken' | 'invalid'> {
      const now = clock();
      const row = await consumeToken(db, hashToken(token), 'change-email', now);
      const found = row?.reader_id ? await findReaderRowById(db, row.reader_id) : undefined;
      if (!row || !found || found.reader.closedAt) return 'invalid';
      try {
        await updateReaderEmail(db, found.reader.id, row.email, now);
      } catch (err) {
        if (isUniqueViolation(err)) return 'taken';
        throw err;
      }
      const siteName = await deps.siteName();
      await deps.mailer
        .send({ to: found.reader.email, ...emailChangedNotice({ siteName, newEmail: row.email }) })
        .catch((err: unknown) => deps.log.error({ err }, 'could not tell the old address about a change of address'));
      return 'changed';
    },

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

    /** Everything we hold about the reader, as one JSON document (GDPR Art. 15 and 20). */
    async exportData(reader: Reader, currentSessionId: string): Promise<Record<string, unknown>> {
      const sessionRows = await listSessionsOf(db, principalOf(reader));
      const more: Record<string, unknown> = {};
      for (const [key, exporter] of dataExports) more[key] = await exporter(reader);
      return {
        exportedAt: clock().toISOString(),
        account: {
          id: reader.id,
          email: reader.email,
          emailVerifiedAt: reader.emailVerifiedAt?.toISOString() ?? null,
          hasPassword: reader.hasPassword,
          name: reader.name,
          postalAddress: reader.address,
          emailPreferences: reader.emailPreferences,
          createdAt: reader.createdAt.toISOString(),
          updatedAt: reader.updatedAt.toISOString(),
        },
        sessions: sessionRows.map((s) => ({
          current: s.id === currentSessionId,
          createdAt: s.created_at.toISOString(),
          lastSeenAt: s.last_seen_at.toISOString(),
          expiresAt: s.expires_at.toISOString(),
          userAgent: s.user_agent,
        })),
        ...more,
      };
    },

    /** Erases the personal data, ends every session; the row stays as a tombstone. */
    async closeAccount(reader: Reader): Promise<void> {
      for (const listener of closeListeners) await listener(reader);
      const principal = principalOf(reader);
      await db.transaction().execute(async (tx) => {
        await anonymiseReader(tx, reader.id, clock());
        await deleteSessionsOf(tx, principal);
        await deleteAllTokensOf(tx, principal);
      });
      await sessions.endAll(principal);
    },

    /**
     * Deletes expired sessions, sign-in/verify/reset links, ended sign-in windows, and readers who
     * never confirmed their address within `NEVER_CONFIRMED_READER_DAYS` (hourly, by the job runner).
     */
    async purgeExpired(): Promise<{ sessions: number; tokens: number; signInWindows: number; neverConfirmedReaders: number }> {
      const now = clock();
      return {
        sessions: await deleteExpiredSessions(db, now),
        tokens: await deleteExpiredTokens(db, now),
        signInWindows: await deleteEndedSignInAttempts(db, now),
        neverConfirmedReaders: await deleteNeverConfirmedReaders(db, new Date(now.getTime() - NEVER_CONFIRMED_READER_DAYS * DAY_MS)),
      };
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
