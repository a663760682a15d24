/**
 * A limit on the emails anyone can trigger, per recipient address: sign-in links, password
 * resets, confirmations and their re-sends, the change-of-address and close-account links. The
 * per-client rate limits stop one client; this stops many clients (or many processes) from
 * filling one stranger's inbox. Each request to send counts against the recipient's address in
 * the database, whoever asks and whether or not an account has the address, in one statement, so
 * parallel requests on several processes each get their own number. Past the limit no mail is
 * sent, and the page says a message went out recently; it says so for every address alike, so it
 * tells nothing about who has an account.
 *
 * All kinds share one count: what a person needs in an hour fits in three messages, and the
 * count a stranger can cause is three, whatever mix of forms they use. The window is fixed (the
 * clock hour), so at a window's edge up to twice the limit can go out within an hour.
 */
import { createHmac } from 'node:crypto';
import { throttleWindow } from './sign-in-throttle.js';

export const EMAIL_SEND_LIMIT = {
  /** Messages per recipient address and window, all kinds together. */
  maxSends: 3,
  windowMs: 60 * 60 * 1000,
} as const;

/** The fixed window `at` falls in (its key and end). */
export function emailSendWindow(at: Date) {
  return throttleWindow(at, EMAIL_SEND_LIMIT.windowMs);
}

/** A keyed hash of a normalised address: the row never holds the address. */
export function recipientHash(normalizedEmail: string, key: string): string {
  return createHmac('sha256', key).update(`mail-recipient:${normalizedEmail}`).digest('base64url').slice(0, 22);
}

/** Whether the `sends`-th request of a window may send. */
export function sendAllowed(sends: number, maxSends: number = EMAIL_SEND_LIMIT.maxSends): boolean {
  return sends <= maxSends;
}
