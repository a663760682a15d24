/**
 * Signing up and signing in: passwords, emailed links, verification and reset. No answer here
 * tells a visitor whether an address has an account: every request that names an address sends
 * exactly one message to it and shows the same page, and an unknown address still costs a
 * password check (OWASP Authentication Cheat Sheet, "Authentication and Error Messages").
 *
 * An address nobody has confirmed is only a claim. A sign-up with a password signs that browser
 * in at once (the reader goes straight back to the article) and leaves a signed claim cookie
 * there (sign-up-claim.ts), but elsewhere a password only signs in once the address is confirmed.
 * Whoever holds the mailbox decides what happens to the claim's password when they confirm
 * (the "pre-account takeover" cases of Sudhodanan & Paverd, 2022):
 * - the confirmation link keeps the password only in the browser that signed up (its session or
 *   its claim cookie), or when the person confirming types that password on the link's page;
 * - otherwise confirming drops the password, ends the claim's sessions and signs the confirming
 *   browser in; the page says so and points to /account to set a password;
 * - a sign-in link (not the confirmation of the password sign-up) that first confirms the
 *   address always drops the password and ends the claim's other sessions;
 * - a second sign-up for an unconfirmed address replaces the password, withdraws the first
 *   claim's links and ends its sessions.
 *
 * One thing does tell whether an address has an account: a password sign-up for a new address
 * is signed in at once, and one for a confirmed address cannot be (it gets the "check your email"
 * page and an email to the owner). That is the price of signing readers in straight away; the
 * per-client and per-recipient limits bound how fast anyone can ask.
 *
 * Every email here counts against its recipient's address first (email-send-limit.ts); past the
 * limit nothing is done and the flow answers `limited`.
 */

import type { Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { serializeCookie } from '../http/cookies.js';
import {
  alreadyRegisteredEmail,
  type MailTransport,
  noAccountEmail,
  resetEmail,
  signInLinkEmail,
  verifyEmail,
  welcomeLinkEmail,
} from '../mail/index.js';
import type { Clock } from '../platform.js';
import { hashPassword, hashToken, verifyPassword } from './credentials.js';
import { createEmailLinks, type MailOutcome, TOKEN_TTL_MS } from './email-links.js';
import {
  consumeToken,
  deleteUnusedTokens,
  type EmailTokenPurpose,
  type EmailTokenRow,
  findUsableToken,
  principalOfToken,
} from './email-token-repository.js';
import { normalizeEmail, type Principal, withReturn } from './reader.js';
import { findReaderRowByEmail, findReaderRowById, insertReader, markReaderVerified, setReaderPassword } from './reader-repository.js';
import { addSignInAttempt, clearSignInAttempts } from './sign-in-attempt-repository.js';
import { accountHash, attemptAllowed, throttleWindow } from './sign-in-throttle.js';
import { CLAIM_COOKIE, type ClaimDecision, claimMatches, decideClaim, makeClaim } from './sign-up-claim.js';
import { findActiveStaffByEmail, findActiveStaffById, setStaffPassword } from './staff-repository.js';

export { type MailOutcome, TOKEN_TTL_MS } from './email-links.js';

export interface AuthDeps {
  db: Db;
  clock: Clock;
  mailer: MailTransport;
  publicUrl: string;
  siteName(): Promise<string>;
  log: Pick<Logger, 'error'>;
  /** Signing keys: the first keys the hashes of addresses in the sign-in and email-send limits. */
  keys: readonly string[];
}

export type SignInResult =
  | { kind: 'signed-in'; principal: Principal }
  /**
   * The address is not confirmed yet: a fresh confirmation link was sent (or is limited). The
   * right password was typed here, so this browser gets the claim cookie (`claim`).
   */
  | { kind: 'unverified'; mail: MailOutcome; claim: string }
  | { kind: 'failed' }
  /** Too many password attempts on this address in this window (sign-in-throttle.ts): not checked. */
  | { kind: 'throttled'; retryAt: Date };

export type SignUpResult =
  /** A password sign-up of a new (or unconfirmed) address: sign this browser in. */
  | { kind: 'signed-in'; principal: Principal; endSessionsFirst: boolean; claim: string }
  /** An email was sent: an email-only sign-up's link, or the owner of a confirmed address was told. */
  | { kind: 'check-email'; endSessionsOf?: Principal | undefined }
  | { kind: 'limited'; retryAt: Date };

/** What the browser that opens a confirmation link brings of the sign-up (sign-up-claim.ts). */
export interface ConfirmingBrowser {
  /** The `mh_claim` cookie's value, if any. */
  claimCookie: string | undefined;
  /** Who this browser's session is, if any. */
  session: Principal | undefined;
}

/** A usable confirmation link as its page shows it. */
export interface VerifyLinkView {
  /** The sign-up chose a password that nobody has confirmed. */
  hasPassword: boolean;
  /** This browser signed up (or typed the password since): the password stays. */
  claimant: boolean;
}

export type VerifyResult =
  /** Confirmed; `password` says what became of the sign-up's password. */
  | { kind: 'confirmed'; principal: Principal; password: 'keep' | 'none' | 'drop' }
  /** A password was typed and is not the sign-up's: the link is not used. */
  | { kind: 'wrong-password' }
  /** Too many password attempts on this address (sign-in-throttle.ts): not checked, not used. */
  | { kind: 'throttled'; retryAt: Date };

/** A used sign-in link: who signs in, and whether every other session of theirs must end first. */
export interface UsedSignInLink {
  principal: Principal;
  /** The link first confirmed the address: sessions of the unconfirmed claim end. */
  endOtherSessions: boolean;
}

export function createAuthFlows(deps: AuthDeps) {
  const { db, clock, publicUrl } = deps;
  const key = deps.keys[0] ?? '';
  const { issueLink, claimSend, send } = createEmailLinks({ ...deps, key });

  const secure = publicUrl.startsWith('https://');

  /** The reader a usable confirmation link is for, and whether the browser holds the sign-up's claim. */
  async function claimOf(row: EmailTokenRow | undefined, browser: ConfirmingBrowser) {
    if (!row?.reader_id) return undefined;
    const readerId = row.reader_id;
    const found = await findReaderRowById(db, readerId);
    if (!found || found.reader.closedAt || found.reader.email !== row.email) return undefined;
    // Once the address is confirmed, its password is its owner's: nothing is left to decide.
    const passwordHash = found.reader.emailVerifiedAt ? null : found.passwordHash;
    // A session of an unconfirmed reader can only be the sign-up's: a later sign-up ends it.
    const claimant =
      passwordHash !== null &&
      ((browser.session?.kind === 'reader' && browser.session.id === readerId) ||
        claimMatches(deps.keys, browser.claimCookie, readerId, passwordHash));
    return { readerId, email: row.email, passwordHash, claimant };
  }

  /** A typed password on the confirmation page counts against the address as a sign-in does. */
  async function checkTypedPassword(email: string, passwordHash: string, typed: string): Promise<boolean | { retryAt: Date }> {
    const hash = accountHash(email, key);
    const window = throttleWindow(clock());
    const attempts = await addSignInAttempt(db, { accountHash: hash, windowKey: window.key, windowEndsAt: window.endsAt });
    if (!attemptAllowed(attempts)) return { retryAt: window.endsAt };
    const ok = await verifyPassword(passwordHash, typed);
    if (ok) await clearSignInAttempts(db, hash);
    return ok;
  }

  const noAccount = (email: string, returnTo: string) =>
    send(email, (siteName) => noAccountEmail({ siteName, link: withReturn(`${publicUrl}/signup`, returnTo) }));

  async function signUpOnce(email: string, passwordHash: string | null, returnTo: string): Promise<SignUpResult> {
    const existing = await findReaderRowByEmail(db, email);
    if (existing?.reader.emailVerifiedAt) {
      const principal: Principal = { kind: 'reader', id: existing.reader.id };
      const link = await issueLink(db, { principal, purpose: 'signin', email, ttlMs: TOKEN_TTL_MS.signin, returnTo });
      await send(email, (siteName) => alreadyRegisteredEmail({ siteName, link }));
      return { kind: 'check-email' };
    }
    const { principal, link } = await db.transaction().execute(async (tx) => {
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
      const link = passwordHash
        ? await issueLink(tx, { principal, purpose: 'verify', email, ttlMs: TOKEN_TTL_MS.verify, returnTo })
        : await issueLink(tx, { principal, purpose: 'signin', email, ttlMs: TOKEN_TTL_MS.welcome, returnTo });
      return { principal, link };
    });
    await send(email, (siteName) => (passwordHash ? verifyEmail({ siteName, link }) : welcomeLinkEmail({ siteName, link })));
    // The earlier claim's sessions end either way (the caller ends them: sessions are its own).
    if (passwordHash)
      return { kind: 'signed-in', principal, endSessionsFirst: existing !== undefined, claim: makeClaim(key, principal.id, passwordHash) };
    return { kind: 'check-email', endSessionsOf: existing ? principal : undefined };
  }

  /** A fresh confirmation link for an unconfirmed reader (after a right password, or asked for again). */
  async function sendConfirmation(readerId: string, email: string, hasPassword: boolean, returnTo: string): Promise<MailOutcome> {
    const principal: Principal = { kind: 'reader', id: readerId };
    await deleteUnusedTokens(db, principal, ['verify']);
    if (hasPassword) {
      const link = await issueLink(db, { principal, purpose: 'verify', email, ttlMs: TOKEN_TTL_MS.verify, returnTo });
      return send(email, (siteName) => verifyEmail({ siteName, link }));
    }
    const link = await issueLink(db, { principal, purpose: 'signin', email, ttlMs: TOKEN_TTL_MS.welcome, returnTo });
    return send(email, (siteName) => welcomeLinkEmail({ siteName, link }));
  }

  /** Staff first (a staff address may also be a reader's), then readers; one dummy check when neither. */
  async function checkPassword(email: string, password: string, returnTo: string): Promise<Exclude<SignInResult, { kind: 'throttled' }>> {
    const [staff, reader] = await Promise.all([findActiveStaffByEmail(db, email), findReaderRowByEmail(db, email)]);
    if (staff?.passwordHash && (await verifyPassword(staff.passwordHash, password))) {
      return { kind: 'signed-in', principal: { kind: 'staff', id: staff.staff.id } };
    }
    if (staff?.passwordHash && !reader?.passwordHash) return { kind: 'failed' };
    const ok = await verifyPassword(reader?.passwordHash, password);
    if (!ok || !reader?.passwordHash) return { kind: 'failed' };
    if (!reader.reader.emailVerifiedAt) {
      // Only someone who knows the password learns this; they get a fresh confirmation link, and
      // this browser may confirm it keeping the password (they have just typed it).
      const claim = makeClaim(key, reader.reader.id, reader.passwordHash);
      const mail = await claimSend(email);
      if (mail.kind === 'limited') return { kind: 'unverified', mail, claim };
      return { kind: 'unverified', mail: await sendConfirmation(reader.reader.id, email, true, returnTo), claim };
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
    claimSend,
    send,

    /**
     * With a password: the account exists at once and this browser is to be signed in; a
     * confirmation link goes to the address. Without: a link that confirms and signs in. A
     * confirmed address gets an email to its owner instead. `returnTo` rides in every link.
     */
    async signUp(input: { email: string; password: string | null; returnTo: string }): Promise<SignUpResult> {
      const email = normalizeEmail(input.email);
      const mail = await claimSend(email);
      if (mail.kind === 'limited') return mail;
      const passwordHash = input.password ? await hashPassword(input.password) : null;
      try {
        return await signUpOnce(email, passwordHash, input.returnTo);
      } catch (err) {
        // Two sign-ups for one new address at once: the loser sees the winner's row.
        if (!isUniqueViolation(err)) throw err;
        return signUpOnce(email, passwordHash, input.returnTo);
      }
    },

    /**
     * A password sign-in. Each attempt counts against the address first, in one statement, so
     * parallel guesses each get their own number. Past the limit, the password is not checked. A
     * right password clears the count.
     */
    async signIn(rawEmail: string, password: string, returnTo = '/account'): Promise<SignInResult> {
      const email = normalizeEmail(rawEmail);
      const hash = accountHash(email, key);
      const window = throttleWindow(clock());
      const attempts = await addSignInAttempt(db, { accountHash: hash, windowKey: window.key, windowEndsAt: window.endsAt });
      if (!attemptAllowed(attempts)) return { kind: 'throttled', retryAt: window.endsAt };
      const result = await checkPassword(email, password, returnTo);
      if (result.kind !== 'failed') await clearSignInAttempts(db, hash);
      return result;
    },

    async requestSignInLink(rawEmail: string, returnTo: string): Promise<MailOutcome> {
      const email = normalizeEmail(rawEmail);
      const mail = await claimSend(email);
      if (mail.kind === 'limited') return mail;
      const principal = await principalByEmail(email);
      if (!principal) return noAccount(email, returnTo);
      const link = await issueLink(db, { principal, purpose: 'signin', email, ttlMs: TOKEN_TTL_MS.signin, returnTo });
      return send(email, (siteName) => signInLinkEmail({ siteName, link }));
    },

    /**
     * A sign-in link for the staff's sign-in page: sent only to an active staff member's
     * address, and counted against the address whoever it is; the answer is the same for any
     * address (the page says a link is on its way if the address is a staff member's).
     */
    async requestStaffSignInLink(rawEmail: string, returnTo: string): Promise<MailOutcome> {
      const email = normalizeEmail(rawEmail);
      const mail = await claimSend(email);
      if (mail.kind === 'limited') return mail;
      const staff = await findActiveStaffByEmail(db, email);
      if (!staff) return { kind: 'sent' };
      const link = await issueLink(db, {
        principal: { kind: 'staff', id: staff.staff.id },
        purpose: 'signin',
        email,
        ttlMs: TOKEN_TTL_MS.signin,
        returnTo,
      });
      return send(email, (siteName) => signInLinkEmail({ siteName, link }));
    },

    /**
     * "Email me a new link" (from a link that no longer works), for anyone: an unconfirmed claim
     * gets a link that confirms and signs in, not a confirmation of the claim's password. Whoever
     * asks need not be whoever chose that password; the sign-in link drops it (consumeSignInLink)
     * and the mailbox's holder can choose their own. Anyone else with an account gets a sign-in
     * link, an unknown address a note that it has no account.
     */
    async requestFreshLink(rawEmail: string, returnTo: string): Promise<MailOutcome> {
      const email = normalizeEmail(rawEmail);
      const mail = await claimSend(email);
      if (mail.kind === 'limited') return mail;
      const reader = await findReaderRowByEmail(db, email);
      if (reader && !reader.reader.emailVerifiedAt) return sendConfirmation(reader.reader.id, email, false, returnTo);
      const principal = reader ? ({ kind: 'reader', id: reader.reader.id } as const) : await principalByEmail(email);
      if (!principal) return noAccount(email, returnTo);
      const link = await issueLink(db, { principal, purpose: 'signin', email, ttlMs: TOKEN_TTL_MS.signin, returnTo });
      return send(email, (siteName) => signInLinkEmail({ siteName, link }));
    },

    /** "Send the confirmation again", from the signed-in reader's own account page: their claim's confirmation. */
    async resendConfirmation(reader: {
      id: string;
      email: string;
      hasPassword: boolean;
      emailVerifiedAt: Date | null;
    }): Promise<MailOutcome> {
      if (reader.emailVerifiedAt) return { kind: 'sent' };
      const mail = await claimSend(reader.email);
      if (mail.kind === 'limited') return mail;
      return sendConfirmation(reader.id, reader.email, reader.hasPassword, '/account');
    },

    /** Whether a link is still good, without using it (the GET of a link page). */
    async isUsable(token: string, purpose: EmailTokenPurpose): Promise<boolean> {
      return (await findUsableToken(db, hashToken(token), purpose, clock())) !== undefined;
    },

    /** Uses a sign-in link; confirms the reader's address on the way. */
    async consumeSignInLink(token: string): Promise<UsedSignInLink | undefined> {
      const now = clock();
      const row = await consumeToken(db, hashToken(token), 'signin', now);
      const principal = row && principalOfToken(row);
      if (!row || !principal) return undefined;
      if (principal.kind === 'staff') {
        const staff = await findActiveStaffById(db, principal.id);
        return staff && staff.email === row.email ? { principal, endOtherSessions: false } : undefined;
      }
      const reader = await findReaderRowById(db, principal.id);
      if (!reader || reader.reader.closedAt || reader.reader.email !== row.email) return undefined;
      if (reader.reader.emailVerifiedAt) return { principal, endOtherSessions: false };
      // The mailbox's holder confirms here. A password set before this was chosen by whoever
      // signed up, who may not be them: it goes, and so do that claim's sessions. They can set
      // a password of their own on /account.
      await db.transaction().execute(async (tx) => {
        await markReaderVerified(tx, principal.id, row.email, now);
        if (reader.passwordHash) await setReaderPassword(tx, principal.id, null, now);
      });
      return { principal, endOtherSessions: true };
    },

    /** A confirmation link's page (GET): whether it is usable, and what confirming here would keep. */
    async describeVerifyLink(token: string, browser: ConfirmingBrowser): Promise<VerifyLinkView | undefined> {
      const claim = await claimOf(await findUsableToken(db, hashToken(token), 'verify', clock()), browser);
      return claim && { hasPassword: claim.passwordHash !== null, claimant: claim.claimant };
    },

    /**
     * Uses a confirmation link: the address is confirmed, and the sign-up's password is kept
     * only for the browser that signed up or for whoever types it (decideClaim). A wrong typed
     * password uses nothing. On 'drop' the caller ends the claim's sessions.
     */
    async verifyEmail(token: string, browser: ConfirmingBrowser, typedPassword = ''): Promise<VerifyResult | undefined> {
      const tokenHash = hashToken(token);
      const claim = await claimOf(await findUsableToken(db, tokenHash, 'verify', clock()), browser);
      if (!claim) return undefined;
      let passwordMatches: boolean | undefined;
      if (typedPassword !== '' && claim.passwordHash !== null && !claim.claimant) {
        const checked = await checkTypedPassword(claim.email, claim.passwordHash, typedPassword);
        if (typeof checked !== 'boolean') return { kind: 'throttled', retryAt: checked.retryAt };
        passwordMatches = checked;
      }
      const decision: ClaimDecision = decideClaim({ hasPassword: claim.passwordHash !== null, claimant: claim.claimant, passwordMatches });
      if (!decision.confirm) return { kind: 'wrong-password' };
      const now = clock();
      const confirmed = await db.transaction().execute(async (tx) => {
        const row = await consumeToken(tx, tokenHash, 'verify', now);
        if (row?.reader_id !== claim.readerId) return false;
        if (!(await markReaderVerified(tx, claim.readerId, row.email, now))) return false;
        if (decision.password === 'drop') await setReaderPassword(tx, claim.readerId, null, now);
        return true;
      });
      return confirmed ? { kind: 'confirmed', principal: { kind: 'reader', id: claim.readerId }, password: decision.password } : undefined;
    },

    /** The Set-Cookie value of the claim cookie (sign-up-claim.ts), or of its deletion (null). */
    claimCookie(value: string | null): string {
      return serializeCookie(CLAIM_COOKIE, value ?? '', { secure, maxAge: value ? TOKEN_TTL_MS.verify / 1000 : 0 });
    },

    async requestReset(rawEmail: string, returnTo = '/account'): Promise<MailOutcome> {
      const email = normalizeEmail(rawEmail);
      const mail = await claimSend(email);
      if (mail.kind === 'limited') return mail;
      const principal = await principalByEmail(email);
      if (!principal) return noAccount(email, returnTo);
      const link = await issueLink(db, { principal, purpose: 'reset', email, ttlMs: TOKEN_TTL_MS.reset, returnTo });
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
