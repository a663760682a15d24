/**
 * Gift subscriptions, the pure part: what a gift may be (a plan for 1, 3, 6 or 12 months; a
 * yearly plan for 12 only), what it costs, its redemption code and how a typed code is read back.
 * No database, no clock of its own.
 *
 * A code is 16 characters of Crockford's base32 in four groups ("7KQ2-M9XD-4HRT-0WZP"): 80
 * random bits, and no I, L, O or U, so it survives being read aloud or copied from paper
 * (https://www.crockford.com/base32.html). Only its SHA-256 is stored; with 80 random bits a
 * plain hash is enough (there is no dictionary to try), so no key is needed to check one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { addMonths, type Plan } from './plan.js';

export const GIFT_MONTHS = [1, 3, 6, 12] as const;
export type GiftMonths = (typeof GIFT_MONTHS)[number];

/** The purchaser's note to the recipient, at most this long. */
export const GIFT_MESSAGE_MAX = 500;

/**
 * How long a paid code can be redeemed. Some places require gift certificates to stay valid
 * longer (in the US, five years: 15 U.S.C. § 1693l-1); a paper selling there should raise it.
 */
export const GIFT_REDEEM_WITHIN_MONTHS = 12;

export type GiftStatus = 'pending' | 'paid' | 'canceled';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 16;
const CODE_BYTES = 10; // 80 bits = 16 × 5

/** The plan's gift price for `months`, or the problem with the choice (field `months`). */
export function giftQuote(plan: Pick<Plan, 'interval' | 'priceCents'>, months: number): { amountCents: number } | { problem: string } {
  if (!(GIFT_MONTHS as readonly number[]).includes(months)) return { problem: 'Choose 1, 3, 6 or 12 months.' };
  if (plan.interval === 'year') {
    return months === 12 ? { amountCents: plan.priceCents } : { problem: 'A yearly plan can be given for 12 months only.' };
  }
  return { amountCents: plan.priceCents * months };
}

/** The months a plan can be given for, in order. */
export function giftMonthsFor(plan: Pick<Plan, 'interval'>): GiftMonths[] {
  return plan.interval === 'year' ? [12] : [...GIFT_MONTHS];
}

/** "1 month", "3 months". */
export function monthsLabel(months: number): string {
  return months === 1 ? '1 month' : `${months} months`;
}

/** The code for 10 random bytes: 16 base32 characters in groups of four. */
export function giftCodeFrom(bytes: Uint8Array): string {
  if (bytes.length < CODE_BYTES) throw new Error(`a gift code needs ${CODE_BYTES} random bytes`);
  let bits = 0n;
  for (let i = 0; i < CODE_BYTES; i++) bits = (bits << 8n) | BigInt(bytes[i] ?? 0);
  let out = '';
  for (let i = CODE_LENGTH - 1; i >= 0; i--) out += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return groups(out);
}

export function newGiftCode(random: (n: number) => Uint8Array = randomBytes): string {
  return giftCodeFrom(random(CODE_BYTES));
}

const groups = (s: string) => s.match(/.{4}/g)?.join('-') ?? s;

/**
 * A typed code in its canonical form, or null when it cannot be one: any case, spaces and
 * hyphens anywhere, and the look-alikes Crockford's spec folds (O → 0, I and L → 1).
 */
export function normalizeGiftCode(input: string): string | null {
  if (input.length > 64) return null;
  const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== CODE_LENGTH) return null;
  for (const c of s) if (!ALPHABET.includes(c)) return null;
  return groups(s);
}

/** What the `code_hash` column holds for a canonical code. */
export function hashGiftCode(canonical: string): string {
  return createHash('sha256').update(canonical.replace(/-/g, '')).digest('hex');
}

/** The last moment a code paid at `paidAt` can be redeemed. */
export function giftRedeemBy(paidAt: Date): Date {
  return addMonths(paidAt, GIFT_REDEEM_WITHIN_MONTHS);
}

/** Why a stored gift cannot be redeemed now, or null when it can. One answer for people: see `GIFT_CODE_REFUSED`. */
export function giftRedeemProblem(
  g: { status: GiftStatus; redeemedBy: string | null; expiresAt: Date },
  now: Date,
): 'not-paid' | 'used' | 'expired' | null {
  if (g.status !== 'paid') return 'not-paid';
  if (g.redeemedBy !== null) return 'used';
  if (now.getTime() >= g.expiresAt.getTime()) return 'expired';
  return null;
}

/** Every refusal reads the same, so a guess learns nothing about which codes exist. */
export const GIFT_CODE_REFUSED = 'This gift code is not valid or has already been used. Check it against the email and try again.';

/** A purchaser's message as stored: line ends made \n, trailing space trimmed; empty is none. */
export function cleanGiftMessage(message: string | undefined): string | null {
  const m = (message ?? '').replace(/\r\n?/g, '\n').trim();
  return m === '' ? null : m;
}

/**
 * What a closed account's address becomes on the gifts it bought: the accounts feature's own
 * rule for a closed reader (`closedEmailFor` in src/accounts/reader.ts: unique, undeliverable,
 * RFC 2606 `.invalid`), repeated because subscriptions do not import accounts' internals; a test
 * of closing an account holds the two together.
 */
export function closedPurchaserEmail(readerId: string): string {
  return `closed-${readerId}@closed.invalid`;
}

/** Control characters other than tab and line ends are refused in a message. */
export const GIFT_MESSAGE_PATTERN = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$';

/** A gift as stored (never its code: only the hash is kept, and it stays in the repository). */
export interface GiftRecord {
  id: string;
  status: GiftStatus;
  planId: string;
  months: number;
  purchaserEmail: string;
  /** Null for gifts made before purchases were recorded. */
  purchaserReaderId: string | null;
  recipientEmail: string;
  message: string | null;
  amountCents: number | null;
  currency: string | null;
  provider: string | null;
  checkoutSessionId: string | null;
  redeemedBy: string | null;
  redeemedAt: Date | null;
  /** The last moment the code can be redeemed. */
  expiresAt: Date;
  paidAt: Date | null;
  createdAt: Date;
}

export function isGiftStatus(v: string): v is GiftStatus {
  return v === 'pending' || v === 'paid' || v === 'canceled';
}
