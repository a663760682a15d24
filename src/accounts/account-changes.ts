/**
 * The two account changes that need proof it is the owner, not just someone at a signed-in
 * browser: a change of email address and closing the account. A password account gives its
 * password. An email-only account gets a fresh link at its address (30 minutes, used once,
 * through the usual page with one button). A change of address is then confirmed from the new
 * address before it takes effect, and the old address is told.
 */
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import type { FieldProblem } from '../http/app-error.js';
import { changeEmailAskEmail, changeEmailEmail, closeAccountEmail, emailChangedNotice, type MailTransport } from '../mail/index.js';
import type { Clock, JobQueue } from '../platform.js';
import { type AuthFlows, type MailOutcome, TOKEN_TTL_MS } from './auth-service.js';
import { hashToken, verifyPassword } from './credentials.js';
import { type EmailChangedNotice, enqueueEmailChangedNotice } from './email-changed-notice.js';
import { consumeToken, deleteUnusedTokens, type EmailTokenPurpose, type EmailTokenRow, findUsableToken } from './email-token-repository.js';
import { normalizeEmail, type Principal, type Reader } from './reader.js';
import { findReaderRowById, updateReaderEmail } from './reader-repository.js';

export interface AccountChangeDeps {
  db: Db;
  clock: Clock;
  mailer: MailTransport;
  /** The email-changed notice is a job, enqueued with the change (email-changed-notice.ts). */
  jobs: JobQueue;
  siteName(): Promise<string>;
  auth: AuthFlows;
  /** Runs the close listeners, then erases (account-service.ts); `tokenHash` is used up in the same transaction. */
  closeAccount(reader: Reader, opts?: { tokenHash?: string }): Promise<boolean>;
}

export type EmailChangeRequest =
  | { kind: 'problems'; problems: FieldProblem[] }
  /** A link went to the new address (password accounts) or to the current one (email-only). */
  | { kind: 'sent'; to: 'new' | 'current' }
  | { kind: 'limited'; retryAt: Date; email: string };

/** The emailed links about the account itself, whose pages account-change-routes.tsx shows. */
export type AccountLinkPurpose = Extract<EmailTokenPurpose, 'change-email-ask' | 'change-email' | 'close'>;

/** What a good link is about, for its page: the address it was sent to and, for a change, the new one. */
export interface LinkDetails {
  email: string;
  targetEmail: string | null;
}

const principalOf = (reader: Reader): Principal => ({ kind: 'reader', id: reader.id });
const WRONG_PASSWORD = 'That is not your current password.';

export function createAccountChanges(deps: AccountChangeDeps) {
  const { db, clock, auth } = deps;

  /** The open reader a usable link of `purpose` belongs to, still at the address it was sent to. */
  async function readerOfLink(token: string, purpose: EmailTokenPurpose): Promise<{ row: EmailTokenRow; reader: Reader } | undefined> {
    const row = await findUsableToken(db, hashToken(token), purpose, clock());
    const found = row?.reader_id ? await findReaderRowById(db, row.reader_id) : undefined;
    if (!row || !found || found.reader.closedAt) return undefined;
    // A change-email link goes to the new address; every other link to the reader's own.
    if (purpose !== 'change-email' && found.reader.email !== row.email) return undefined;
    return { row, reader: found.reader };
  }

  async function passwordProblem(reader: Reader, password: string): Promise<FieldProblem[]> {
    const found = await findReaderRowById(db, reader.id);
    if (!found?.passwordHash || !(await verifyPassword(found.passwordHash, password))) {
      return [{ field: 'currentPassword', message: WRONG_PASSWORD }];
    }
    return [];
  }

  /** Sends the link that confirms the new address; the change happens when it is followed. */
  async function sendToNewAddress(reader: Reader, email: string): Promise<MailOutcome> {
    const mail = await auth.claimSend(email);
    if (mail.kind === 'limited') return mail;
    const principal = principalOf(reader);
    await deleteUnusedTokens(db, principal, ['change-email']);
    const link = await auth.issueLink(db, { principal, purpose: 'change-email', email, ttlMs: TOKEN_TTL_MS['change-email'] });
    return auth.send(email, (siteName) => changeEmailEmail({ siteName, link, newEmail: email }));
  }

  return {
    /** What a usable link is about (for its page), or undefined when it no longer works. */
    async linkDetails(token: string, purpose: AccountLinkPurpose): Promise<LinkDetails | undefined> {
      const found = await readerOfLink(token, purpose);
      return found && { email: found.row.email, targetEmail: found.row.target_email };
    },

    /**
     * A password account: checks the password, then sends the confirmation to the new address.
     * An email-only account: sends a go-ahead link to the current address first.
     */
    async requestEmailChange(reader: Reader, rawEmail: string, currentPassword: string): Promise<EmailChangeRequest> {
      const email = normalizeEmail(rawEmail);
      if (email === reader.email) return { kind: 'problems', problems: [{ field: 'email', message: 'That is already your address.' }] };
      if (reader.hasPassword) {
        const problems = await passwordProblem(reader, currentPassword);
        if (problems.length > 0) return { kind: 'problems', problems };
        const mail = await sendToNewAddress(reader, email);
        return mail.kind === 'limited' ? { ...mail, email } : { kind: 'sent', to: 'new' };
      }
      const mail = await auth.claimSend(reader.email);
      if (mail.kind === 'limited') return { ...mail, email: reader.email };
      const principal = principalOf(reader);
      await deleteUnusedTokens(db, principal, ['change-email-ask']);
      const link = await auth.issueLink(db, {
        principal,
        purpose: 'change-email-ask',
        email: reader.email,
        targetEmail: email,
        ttlMs: TOKEN_TTL_MS['change-email-ask'],
      });
      await auth.send(reader.email, (siteName) => changeEmailAskEmail({ siteName, link, newEmail: email }));
      return { kind: 'sent', to: 'current' };
    },

    /** The email-only reader's go-ahead from the current address: the new address gets its confirmation. */
    async approveEmailChange(token: string): Promise<{ kind: 'invalid' } | (MailOutcome & { email: string })> {
      const found = await readerOfLink(token, 'change-email-ask');
      const target = found?.row.target_email;
      if (!found || !target) return { kind: 'invalid' };
      // Counted before the link is used: past the limit it still works later.
      const mail = await auth.claimSend(target);
      if (mail.kind === 'limited') return { ...mail, email: target };
      if (!(await consumeToken(db, found.row.token_hash, 'change-email-ask', clock()))) return { kind: 'invalid' };
      const principal = principalOf(found.reader);
      await deleteUnusedTokens(db, principal, ['change-email']);
      const link = await auth.issueLink(db, { principal, purpose: 'change-email', email: target, ttlMs: TOKEN_TTL_MS['change-email'] });
      await auth.send(target, (siteName) => changeEmailEmail({ siteName, link, newEmail: target }));
      return { kind: 'sent', email: target };
    },

    /**
     * Follows a change-of-address link. Whether the address is taken is told only to its holder.
     * The old address is told by a job enqueued with the change (email-changed-notice.ts).
     */
    async confirmEmailChange(token: string): Promise<'changed' | 'taken' | 'invalid'> {
      const now = clock();
      const row = await consumeToken(db, hashToken(token), 'change-email', now);
      const found = row?.reader_id ? await findReaderRowById(db, row.reader_id) : undefined;
      if (!row || !found || found.reader.closedAt) return 'invalid';
      const notice: EmailChangedNotice = { oldEmail: found.reader.email, newEmail: row.email };
      try {
        await db.transaction().execute(async (tx) => {
          await updateReaderEmail(tx, found.reader.id, row.email, now);
          await enqueueEmailChangedNotice(deps.jobs, tx, notice, now);
        });
      } catch (err) {
        if (isUniqueViolation(err)) return 'taken';
        throw err;
      }
      return 'changed';
    },

    /** Sends the email-changed notice (the job's work); a failed send throws, and the job is tried again. */
    async sendEmailChangedNotice(notice: EmailChangedNotice): Promise<void> {
      const siteName = await deps.siteName();
      await deps.mailer.send({ to: notice.oldEmail, ...emailChangedNotice({ siteName, newEmail: notice.newEmail }) });
    },

    /** Closes a password account once the password is right (listeners may refuse: AppError). */
    async closeWithPassword(reader: Reader, password: string): Promise<FieldProblem[]> {
      if (!reader.hasPassword) return [{ field: 'form', message: 'Your account has no password: ask for a link to close it.' }];
      const problems = await passwordProblem(reader, password);
      if (problems.length > 0) return [{ field: 'password', message: WRONG_PASSWORD }];
      await deps.closeAccount(reader);
      return [];
    },

    /** Emails an email-only reader the link that closes their account. */
    async requestCloseLink(reader: Reader): Promise<MailOutcome> {
      const mail = await auth.claimSend(reader.email);
      if (mail.kind === 'limited') return mail;
      const principal = principalOf(reader);
      await deleteUnusedTokens(db, principal, ['close']);
      const link = await auth.issueLink(db, { principal, purpose: 'close', email: reader.email, ttlMs: TOKEN_TTL_MS.close });
      return auth.send(reader.email, (siteName) => closeAccountEmail({ siteName, link }));
    },

    /**
     * Closes the account a close link belongs to. The link is used up only when the account is
     * erased: if a listener refuses, it still works once the reason is dealt with.
     */
    async closeWithLink(token: string): Promise<{ kind: 'closed'; readerId: string } | { kind: 'invalid' }> {
      const found = await readerOfLink(token, 'close');
      if (!found) return { kind: 'invalid' };
      const closed = await deps.closeAccount(found.reader, { tokenHash: found.row.token_hash });
      return closed ? { kind: 'closed', readerId: found.reader.id } : { kind: 'invalid' };
    },
  };
}

export type AccountChanges = ReturnType<typeof createAccountChanges>;
