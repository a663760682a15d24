/**
 * Emailed links and the sending of the emails anyone can trigger: a link is a random token of
 * which only the hash is stored, with the reader's `return` in its URL (absolute, on
 * PUBLIC_URL); every such email counts against its recipient's address first
 * (email-send-limit.ts), in the database, whoever asks.
 */
import type { Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/database.js';
import { AppError } from '../http/app-error.js';
import type { EmailContent, MailTransport } from '../mail/index.js';
import type { Clock } from '../platform.js';
import { hashToken, newToken } from './credentials.js';
import { emailSendWindow, recipientHash, sendAllowed } from './email-send-limit.js';
import { addEmailSend } from './email-send-repository.js';
import { type EmailTokenPurpose, insertEmailToken } from './email-token-repository.js';
import { type Principal, withReturn } from './reader.js';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
export const TOKEN_TTL_MS: Record<EmailTokenPurpose | 'welcome' | 'staff-setup', number> = {
  verify: 48 * HOUR,
  signin: 15 * MINUTE,
  welcome: 24 * HOUR,
  reset: HOUR,
  'change-email': 24 * HOUR,
  // Links that confirm an account action of an email-only reader: fresh, short-lived.
  'change-email-ask': 30 * MINUTE,
  close: 30 * MINUTE,
  'staff-setup': 72 * HOUR,
};

/** Where each emailed link leads: a page with one button that POSTs the token (a GET uses nothing). */
const PATHS: Record<EmailTokenPurpose, string> = {
  verify: '/verify',
  signin: '/signin/link',
  reset: '/reset/confirm',
  'change-email': '/account/email/confirm',
  'change-email-ask': '/account/email/approve',
  close: '/account/close/confirm',
};

/** What happened to an email a visitor asked for: sent, or not sent because of the per-recipient limit. */
export type MailOutcome = { kind: 'sent' } | { kind: 'limited'; retryAt: Date };

export interface EmailLinkDeps {
  db: Db;
  clock: Clock;
  mailer: MailTransport;
  publicUrl: string;
  siteName(): Promise<string>;
  log: Pick<Logger, 'error'>;
  /** The first signing key: it keys the hash of an address in the email-send limit. */
  key: string;
}

export function createEmailLinks(deps: EmailLinkDeps) {
  const { db, clock, mailer, publicUrl, key } = deps;

  /** Makes a single-use link; only the token's hash is stored. `returnTo` rides along in the URL. */
  async function issueLink(
    tx: Db,
    p: {
      principal: Principal;
      purpose: EmailTokenPurpose;
      email: string;
      ttlMs: number;
      returnTo?: string | undefined;
      targetEmail?: string | undefined;
    },
  ): Promise<string> {
    const token = newToken();
    const now = clock();
    await insertEmailToken(tx, {
      id: uuidv7(),
      tokenHash: hashToken(token),
      purpose: p.purpose,
      principal: p.principal,
      email: p.email,
      targetEmail: p.targetEmail,
      at: now,
      expiresAt: new Date(now.getTime() + p.ttlMs),
    });
    return withReturn(`${publicUrl}${PATHS[p.purpose]}?token=${token}`, p.returnTo ?? '/account');
  }

  /**
   * Counts a request to email `to` (normalised) against its per-recipient limit; answers whether
   * it may be sent. Call it before any work the email is for.
   */
  async function claimSend(to: string): Promise<MailOutcome> {
    const window = emailSendWindow(clock());
    const sends = await addEmailSend(db, { recipientHash: recipientHash(to, key), windowKey: window.key, windowEndsAt: window.endsAt });
    return sendAllowed(sends) ? { kind: 'sent' } : { kind: 'limited', retryAt: window.endsAt };
  }

  /** Sends one message; a transport failure is a 503 the reader can retry. */
  async function send(to: string, make: (siteName: string) => EmailContent): Promise<MailOutcome> {
    const content = make(await deps.siteName());
    try {
      await mailer.send({ to, ...content });
    } catch (err) {
      deps.log.error({ err, subject: content.subject }, 'sending email failed');
      throw new AppError('MAIL_FAILED', 503, 'We could not send the email just now. Please try again in a few minutes.');
    }
    return { kind: 'sent' };
  }

  return { issueLink, claimSend, send };
}

export type EmailLinks = ReturnType<typeof createEmailLinks>;
