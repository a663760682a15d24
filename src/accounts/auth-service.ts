/**
 * Signing up and signing in: passwords, emailed links, verification and reset. No answer here
 * tells a visitor whether an address has an account: every request that names an address sends
 * exactly one message to it and shows the same page, and an unknown address still costs a
 * password check (OWASP Authentication Cheat Sheet, "Authentication and Error Messages").
 *
 * An address nobody has confirmed is only a claim: a second sign-up for it replaces the password
 * and withdraws the first claim's links, and a password only signs in once the address is
 * confirmed. Whoever holds the mailbox therefore decides (the "pre-account takeover" cases of
 * Sudhodanan & Paverd, 2022).
 */

import type { Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { AppError } from '../http/app-error.js';
import {
  alreadyRegisteredEmail,
  type EmailContent,
  type MailTransport,
  noAccountEmail,
  resetEmail,
  signInLinkEmail,
  verifyEmail,
  welcomeLinkEmail,
} from '../mail/index.js';
import type { Clock } from '../platform.js';
import { hashPassword, hashToken, newToken, verifyPassword } from './credentials.js';
import {
  consumeToken,
  deleteUnusedTokens,
  type EmailTokenPurpose,
  findUsableToken,
  insertEmailToken,
  principalOfToken,
} from './email-token-repository.js';
import { normalizeEmail, type Principal } from './reader.js';
import { findReaderRowByEmail, findReaderRowById, insertReader, markReaderVerified, setReaderPassword } from './reader-repository.js';
import { addSignInAttempt, clearSignInAttempts } from './sign-in-attempt-repository.js';
import { accountHash, attemptAllowed, throttleWindow } from './sign-in-throttle.js';
import { findActiveStaffByEmail, findActiveStaffById, setStaffPassword } from './staff-repository.js';

const HOUR = 60 * 60 * 1000;
export const TOKEN_TTL_MS: Record<EmailTokenPurpose | 'welcome' | 'staff-setup', number> = {
  verify: 48 * HOUR,
  signin: 15 * 60 * 1000,
  welcome: 24 * HOUR,
  reset: HOUR,
  'change-email': 24 * HOUR,
  'staff-setup': 72 * HOUR,
};

const PATHS: Record<EmailTokenPurpose, string> = {
  verify: '/verify',
  signin: '/signin/link',
  reset: '/reset/confirm',
  'change-email': '/account/email/confirm',
};

export interface AuthDeps {
  db: Db;
  clock: Clock;
  mailer: MailTransport;
  publicUrl: string;
  siteName(): Promise<string>;
  log: Pick<Logger, 'error'>;
  /** Signing keys: the first keys the hash of an address in the sign-in throttle. */
  keys: readonly string[];
}

export type SignInResult =
  | { kind: 'signed-in'; principal: Principal }
  | { kind: 'unverified' }
  | { kind: 'failed' }
  /** Too many password attempts on this address in this window (sign-in-throttle.ts): not checked. */
  | { kind: 'throttled'; retryAt: Date };

export function createAuthFlows(deps: AuthDeps) {
  const { db, clock, mailer, publicUrl } = deps;

  /** Makes a single-use link; only the token's hash is stored. */
  async function issueLink(
    tx: Db,
    p: { principal: Principal; purpose: EmailTokenPurpose; email: string; ttlMs: number; returnTo?: string | undefined },
  ): Promise<string> {
    const token = newToken();
    const now = clock();
    await insertEmailToken(tx, {
      id: uuidv7(),
      tokenHash: hashToken(token),
      purpose: p.purpose,
      principal: p.principal,
      email: p.email,
      at: now,
      expiresAt: new Date(now.getTime() + p.ttlMs),
    });
    const ret = p.returnTo && p.returnTo !== '/account' ? `&return=${encodeURIComponent(p.returnTo)}` : '';
    return `${publicUrl}${PATHS[p.purpose]}?token=${token}${ret}`;
  }

  async function send(to: string, make: (siteName: string) => EmailContent): Promise<void> {
    const content = make(await deps.siteName());
    try {
      await mailer.send({ to, ...content });
    } catch (err) {
      deps.log.error({ err, subject: content.subject }, 'sending email failed');
      throw new AppError('MAIL_FAILED', 503, 'We could not send the email just now. Please try again in a few minutes.');
    }
  }

  async function signUpOnce(email: string, passwordHash: string | null): Promise<void> {
    const existing = await findReaderRowByEmail(db, email);
    if (existing?.reader.emailVerifiedAt) {
      const link = await issueLink(db, {
        principal: { kind: 'reader', id: existing.reader.id },
        purpose: 'signin',
        email,
        ttlMs: TOKEN_TTL_MS.signin,
      });
      return send(email, (siteName) => alreadyRegisteredEmail({ siteName, link }));
    }
    const link = await db.transaction().execute(async (tx) => {
      const now = clock();
      let id: string;
      if (existing) {
        // An unconfirmed claim: the newest one wins, and the older links stop working.
        id = existing.reader.id;
        await setReaderPassword(tx, id, passwordHash, now);
        await deleteUnusedTokens(tx, { kind: 'reader', id });
      } else {
        id = uuidv7();
        await insertReader(tx, { id, email, passwordHash, at: now });
      }
      const principal: Principal = { kind: 'reader', id };
      return passwordHash
        ? issueLink(tx, { principal, purpose: 'verify', email, ttlMs: TOKEN_TTL_MS.verify })
        : issueLink(tx, { principal, purpose: 'signin', email, ttlMs: TOKEN_TTL_MS.welcome });
    });
    return send(email, (siteName) => (passwordHash ? verifyEmail({ siteName, link }) : welcomeLinkEmail({ siteName, link })));
  }

  /** Staff first (a staff address may also be a reader's), then readers; one dummy check when neither. */
  async function checkPassword(email: string, password: string): Promise<Exclude<SignInResult, { kind: 'throttled' }>> {
    const [staff, reader] = await Promise.all([findActiveStaffByEmail(db, email), findReaderRowByEmail(db, email)]);
    if (staff?.passwordHash && (await verifyPassword(staff.passwordHash, password))) {
      return { kind: 'signed-in', principal: { kind: 'staff', id: staff.staff.id } };
    }
    if (staff?.passwordHash && !reader?.passwordHash) return { kind: 'failed' };
    const ok = await verifyPassword(reader?.passwordHash, password);
    if (!ok || !reader) return { kind: 'failed' };
    if (!reader.reader.emailVerifiedAt) {
      // Only someone who knows the password learns this; they get a fresh confirmation link.
      const principal: Principal = { kind: 'reader', id: reader.reader.id };
      await deleteUnusedTokens(db, principal, ['verify']);
      const link = await issueLink(db, { principal, purpose: 'verify', email, ttlMs: TOKEN_TTL_MS.verify });
      await send(email, (siteName) => verifyEmail({ siteName, link }));
      return { kind: 'unverified' };
    }
    return { kind: 'signed-in', principal: { kind: 'reader', id: reader.reader.id } };
  }

  /** The reader, else the active staff member, who has this address. */
  async function principalByEmail(email: string): Promise<Principal | undefined> {
    const reader = await findReaderRowByEmail(db, email);
    if (reader) return { kind: 'reader', id: reader.reader.id };
    const staff = await findActiveStaffByEmail(db, email);
    return staff ? { kind: 'staff', id: staff.staff.id } : undefined;
  }

  return {
    issueLink,

    /** With a password: a confirmation link. Without: a sign-in link. The same page either way. */
    async signUp(input: { email: string; password: string | null }): Promise<void> {
      const email = normalizeEmail(input.email);
      const passwordHash = input.password ? await hashPassword(input.password) : null;
      try {
        await signUpOnce(email, passwordHash);
      } catch (err) {
        // Two sign-ups for one new address at once: the loser sees the winner's row.
        if (!isUniqueViolation(err)) throw err;
        await signUpOnce(email, passwordHash);
      }
    },

    /**
     * A password sign-in. Each attempt counts against the address first, in one statement, so
     * parallel guesses each get their own number. Past the limit, the password is not checked. A
     * right password clears the count.
     */
    async signIn(rawEmail: string, password: string): Promise<SignInResult> {
      const email = normalizeEmail(rawEmail);
      const hash = accountHash(email, deps.keys[0] ?? '');
      const window = throttleWindow(clock());
      const attempts = await addSignInAttempt(db, { accountHash: hash, windowKey: window.key, windowEndsAt: window.endsAt });
      if (!attemptAllowed(attempts)) return { kind: 'throttled', retryAt: window.endsAt };
      const result = await checkPassword(email, password);
      if (result.kind !== 'failed') await clearSignInAttempts(db, hash);
      return result;
    },

    async requestSignInLink(rawEmail: string, returnTo: string): Promise<void> {
      const email = normalizeEmail(rawEmail);
      const principal = await principalByEmail(email);
      if (!principal) return send(email, (siteName) => noAccountEmail({ siteName, link: `${publicUrl}/signup` }));
      const link = await issueLink(db, { principal, purpose: 'signin', email, ttlMs: TOKEN_TTL_MS.signin, returnTo });
      return send(email, (siteName) => signInLinkEmail({ siteName, link }));
    },

    /** Whether a link is still good, without using it. */
    async isUsable(token: string, purpose: EmailTokenPurpose): Promise<boolean> {
      return (await findUsableToken(db, hashToken(token), purpose, clock())) !== undefined;
    },

    /** Uses a sign-in link; confirms the reader's address on the way. */
    async consumeSignInLink(token: string): Promise<Principal | undefined> {
      const now = clock();
      const row = await consumeToken(db, hashToken(token), 'signin', now);
      const principal = row && principalOfToken(row);
      if (!row || !principal) return undefined;
      if (principal.kind === 'staff') {
        const staff = await findActiveStaffById(db, principal.id);
        return staff && staff.email === row.email ? principal : undefined;
      }
      const reader = await findReaderRowById(db, principal.id);
      if (!reader || reader.reader.closedAt || reader.reader.email !== row.email) return undefined;
      if (!reader.reader.emailVerifiedAt) await markReaderVerified(db, principal.id, row.email, now);
      return principal;
    },

    async verifyEmail(token: string): Promise<boolean> {
      const now = clock();
      const row = await consumeToken(db, hashToken(token), 'verify', now);
      if (!row?.reader_id) return false;
      return markReaderVerified(db, row.reader_id, row.email, now);
    },

    async requestReset(rawEmail: string): Promise<void> {
      const email = normalizeEmail(rawEmail);
      const principal = await principalByEmail(email);
      if (!principal) return send(email, (siteName) => noAccountEmail({ siteName, link: `${publicUrl}/signup` }));
      const link = await issueLink(db, { principal, purpose: 'reset', email, ttlMs: TOKEN_TTL_MS.reset });
      return send(email, (siteName) => resetEmail({ siteName, link }));
    },

    /** Sets a new password from a reset link; the caller then ends every other session. */
    async resetPassword(token: string, password: string): Promise<Principal | undefined> {
      const passwordHash = await hashPassword(password);
      const now = clock();
      const row = await consumeToken(db, hashToken(token), 'reset', now);
      const principal = row && principalOfToken(row);
      if (!row || !principal) return undefined;
      if (principal.kind === 'staff') {
        const staff = await findActiveStaffById(db, principal.id);
        if (!staff || staff.email !== row.email) return undefined;
        await setStaffPassword(db, principal.id, passwordHash);
      } else {
        const reader = await findReaderRowById(db, principal.id);
        if (!reader || reader.reader.closedAt || reader.reader.email !== row.email) return undefined;
        await db.transaction().execute(async (tx) => {
          await setReaderPassword(tx, principal.id, passwordHash, now);
          await markReaderVerified(tx, principal.id, row.email, now);
        });
      }
      await deleteUnusedTokens(db, principal, ['reset']);
      return principal;
    },
  };
}

export type AuthFlows = ReturnType<typeof createAuthFlows>;
