/**
 * A limit on password attempts per account, on top of the per-address rate limit: guesses at one
 * account's password from many addresses (credential stuffing, a botnet) meet the same count.
 * Every password attempt on an address counts, whether or not an account has it (so the answer
 * tells nothing about who has an account); a right password clears the count. Past the limit,
 * the password is not even checked until the window ends; a sign-in link by email still works,
 * so a stranger can slow down an account's password sign-in but cannot lock its owner out.
 */
import { createHmac } from 'node:crypto';

export const SIGN_IN_THROTTLE = {
  /** Password attempts per account address and window. */
  maxAttempts: 10,
  windowMs: 15 * 60 * 1000,
} as const;

export interface ThrottleWindow {
  key: string;
  endsAt: Date;
}

/** The fixed window `at` falls in: its key (its start, in ms since the epoch) and its end. */
export function throttleWindow(at: Date, windowMs: number = SIGN_IN_THROTTLE.windowMs): ThrottleWindow {
  const start = Math.floor(at.getTime() / windowMs) * windowMs;
  return { key: String(start), endsAt: new Date(start + windowMs) };
}

/** A keyed hash of a normalised email address: the row never holds the address. */
export function accountHash(normalizedEmail: string, key: string): string {
  return createHmac('sha256', key).update(`sign-in:${normalizedEmail}`).digest('base64url').slice(0, 22);
}

/** Whether the `attempts`-th attempt of a window may check the password. */
export function attemptAllowed(attempts: number, maxAttempts: number = SIGN_IN_THROTTLE.maxAttempts): boolean {
  return attempts <= maxAttempts;
}
