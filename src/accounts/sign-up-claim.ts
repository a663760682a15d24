/**
 * Who may keep the password of an unconfirmed sign-up when its address is confirmed. Anyone can
 * sign up with someone else's address and a password of their own; when the mailbox's holder
 * then confirms, the password stays only if the confirming browser is the one that signed up
 * (its session, or the `mh_claim` cookie set at sign-up) or the person confirming types that
 * password. Otherwise the address is confirmed without it (the "classic-federated merge" and
 * "unexpired session" pre-account takeovers of Sudhodanan & Paverd, "Pre-hijacked accounts",
 * USENIX Security 2022, §4).
 *
 * The claim cookie holds the reader's id and HMAC(signing key, id, password hash): it is worth
 * nothing once the password changes (a later sign-up for the address replaces it), and nothing
 * for any other account. Pure, apart from the HMAC.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const CLAIM_COOKIE = 'mh_claim';
const CLAIM_SHAPE = /^([0-9A-Za-z-]{1,64})\.([A-Za-z0-9_-]{43})$/;

const mac = (key: string, readerId: string, passwordHash: string) =>
  createHmac('sha256', key).update(`claim\u0000${readerId}\u0000${passwordHash}`).digest();

/** The claim cookie's value for this sign-up (signed with the first key). */
export function makeClaim(key: string, readerId: string, passwordHash: string): string {
  return `${readerId}.${mac(key, readerId, passwordHash).toString('base64url')}`;
}

/** Whether a claim cookie's value is this reader's claim on this password (any key verifies). */
export function claimMatches(keys: readonly string[], value: string | undefined, readerId: string, passwordHash: string): boolean {
  const m = value ? CLAIM_SHAPE.exec(value) : null;
  if (!m || m[1] !== readerId) return false;
  const given = Buffer.from(m[2] as string, 'base64url');
  return keys.some((key) => {
    const expected = mac(key, readerId, passwordHash);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** What the confirming browser showed of the sign-up. */
export interface ClaimEvidence {
  /** The account has a password that nobody has confirmed yet. */
  hasPassword: boolean;
  /** This browser's session or claim cookie is the sign-up's. */
  claimant: boolean;
  /** A password typed on the confirmation page: undefined when none was typed. */
  passwordMatches: boolean | undefined;
}

export type ClaimDecision =
  | { confirm: true; password: 'keep' | 'none' | 'drop' }
  /** A password was typed and is not the sign-up's: nothing is used; the page asks again. */
  | { confirm: false; reason: 'wrong-password' };

/** Keep the password only for the browser that signed up, or for whoever knows it; else drop it. */
export function decideClaim(e: ClaimEvidence): ClaimDecision {
  if (!e.hasPassword) return { confirm: true, password: 'none' };
  if (e.claimant) return { confirm: true, password: 'keep' };
  if (e.passwordMatches === true) return { confirm: true, password: 'keep' };
  if (e.passwordMatches === false) return { confirm: false, reason: 'wrong-password' };
  return { confirm: true, password: 'drop' };
}
