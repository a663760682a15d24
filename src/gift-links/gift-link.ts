/**
 * Gift links, the pure part: the policy, the admission outcome, the signed token in the URL, and
 * the calendar month in the paper's time zone that the allowance counts in (the
 * paper's time zone, MASTHEAD_TIMEZONE, decides what "this month" means). No database, no clock of its own.
 *
 * The token is base64url of 36 bytes: the link id (16, a UUIDv7), a 4-byte tag of the article
 * id, and HMAC-SHA256 over both truncated to 16 bytes. Its signature is checked before anything
 * else, so a forged or damaged token costs no database read; the tag tells a token moved to
 * another article's URL ('wrong-article') from a forged one without a read either. The tag is
 * short because it is not the binding: the link's row names its article, and admission checks
 * that too. Keys rotate as MASTHEAD_SECRET_KEYS does: the first signs, every one verifies.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface GiftLinkPolicy {
  /** Links one reader may make per calendar month (in the paper's time zone). */
  perMonth: number;
  /** Days a link stays readable after it is made. */
  ttlDays: number;
  /** Distinct browsers one link admits. */
  readersPerLink: number;
  /**
   * Page loads each admitted browser may make through the link (DEFAULT_GIFT_LINK_READS when
   * absent). The browser is known by its `mh_gift` cookie, and a copied cookie is the same
   * browser: without this bound one place would serve any number of clients.
   */
  readsPerReader?: number | undefined;
}

/**
 * Ten page loads per place: a person reads one article in a sitting or two, with a reload or a
 * return from another tab between; ten covers that with room, while a cookie copied to other
 * clients is worth ten reads in all of them together, not ten each.
 */
export const DEFAULT_GIFT_LINK_READS = 10;

export const DEFAULT_GIFT_LINK_POLICY: GiftLinkPolicy = Object.freeze({
  perMonth: 10,
  ttlDays: 14,
  readersPerLink: 1,
  readsPerReader: DEFAULT_GIFT_LINK_READS,
});

/**
 * Why a gift link admitted no one: 'used-up' (every place taken by other browsers),
 * 'read-limit' (this browser, or copies of its cookie, made all the page loads its place allows),
 * 'preview' (a link preview, mail scanner, HEAD or prefetch: src/http/preview-request.ts).
 */
export type GiftRefusal = 'invalid' | 'wrong-article' | 'expired' | 'used-up' | 'read-limit' | 'revoked' | 'preview';
export type GiftAdmission = { ok: true; linkId: string } | { ok: false; reason: GiftRefusal };

/** What a token proves by itself, before the database is asked. */
export type GiftTokenReading = { kind: 'signed'; linkId: string } | { kind: 'invalid' } | { kind: 'wrong-article' };

const LINK_BYTES = 16;
const TAG_BYTES = 4;
const MAC_BYTES = 16;
const TOKEN_BYTES = LINK_BYTES + TAG_BYTES + MAC_BYTES;
/** 36 bytes are exactly 48 base64url characters: one spelling per token, no padding bits. */
export const GIFT_TOKEN_PATTERN = '^[A-Za-z0-9_-]{48}$';
const TOKEN_RE = new RegExp(GIFT_TOKEN_PATTERN);
export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const UUID_RE = new RegExp(UUID_PATTERN);

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

export function uuidToBytes(id: string): Buffer {
  if (!isUuid(id)) throw new Error(`not a UUID: ${id}`);
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

export function bytesToUuid(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function articleTag(articleId: string): Buffer {
  return createHash('sha256').update(`gift-article\u0000${articleId}`).digest().subarray(0, TAG_BYTES);
}

function mac(key: string, link: Buffer, tag: Buffer): Buffer {
  return createHmac('sha256', key).update('gift-link\u0000').update(link).update(tag).digest().subarray(0, MAC_BYTES);
}

export function signGiftToken(linkId: string, articleId: string, keys: readonly string[]): string {
  const key = keys[0];
  if (key === undefined) throw new Error('no signing key');
  const link = uuidToBytes(linkId);
  const tag = articleTag(articleId);
  return Buffer.concat([link, tag, mac(key, link, tag)]).toString('base64url');
}

/** Checks a token from a URL against the article it was presented on. */
export function readGiftToken(token: string, articleId: string, keys: readonly string[]): GiftTokenReading {
  if (token.length !== 48 || !TOKEN_RE.test(token)) return { kind: 'invalid' };
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== TOKEN_BYTES) return { kind: 'invalid' };
  const link = raw.subarray(0, LINK_BYTES);
  const tag = raw.subarray(LINK_BYTES, LINK_BYTES + TAG_BYTES);
  const given = raw.subarray(LINK_BYTES + TAG_BYTES);
  if (!keys.some((k) => timingSafeEqual(mac(k, link, tag), given))) return { kind: 'invalid' };
  if (!timingSafeEqual(tag, articleTag(articleId))) return { kind: 'wrong-article' };
  return { kind: 'signed', linkId: bytesToUuid(link) };
}

/** The calendar month holding `at` in the time zone: [start, end). */
export { monthWindow } from '../time/local-time.js';

/** A published article a link is for, as the gift-link pages show it. */
export interface GiftArticle {
  id: string;
  headline: string;
  path: string;
}
