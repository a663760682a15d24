/**
 * The magazine's QR codes and the read they grant, pure: no database, the clock an argument.
 *
 * A printed code is `/p/<token>`: 15 bytes as 20 base64url characters (a small code, easy to
 * scan from paper) — a version byte, the edition's number (4 bytes), the placement (a story, or
 * the back page), the story's position in the edition, and an HMAC-SHA256 over those truncated to
 * 8 bytes. The signature is checked before anything else, so a forged or damaged code costs no
 * database read. A code expires PRINT_CODE_DAYS after the edition's cover date.
 *
 * A scan that checks out sends the reader to the story with a read token (`?print=`): 16 bytes as
 * 22 characters — a 4-byte tag of the article id, the expiry (Unix seconds, 4 bytes) and an
 * 8-byte MAC. The meter honours it for that story only and until it expires, without counting a
 * free article: a token moved to another story's URL, expired or altered grants nothing, and the
 * page is what it would be without it.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type Placement = 'story' | 'back';

export interface PrintCode {
  edition: number;
  placement: Placement;
  /** The story's position in the edition (0 first); 0 for the back page. */
  position: number;
}

/** Days a printed code keeps granting a read after the edition's cover date. */
export const PRINT_CODE_DAYS = 120;
/** Hours a read token from one scan stays good (a reader coming back to the tab later that day or the next). */
export const PRINT_READ_HOURS = 48;

const VERSION = 1;
const CODE_BYTES = 15;
const READ_BYTES = 16;
const MAC_BYTES = 8;
export const PRINT_CODE_PATTERN = '^[A-Za-z0-9_-]{20}$';
export const PRINT_READ_PATTERN = '^[A-Za-z0-9_-]{22}$';
const CODE_RE = new RegExp(PRINT_CODE_PATTERN);
const READ_RE = new RegExp(PRINT_READ_PATTERN);

function mac(key: string, purpose: string, payload: Buffer): Buffer {
  return createHmac('sha256', key).update(`${purpose}\u0000`).update(payload).digest().subarray(0, MAC_BYTES);
}

function verified(keys: readonly string[], purpose: string, payload: Buffer, given: Buffer): boolean {
  return keys.some((k) => timingSafeEqual(mac(k, purpose, payload), given));
}

function firstKey(keys: readonly string[]): string {
  const key = keys[0];
  if (key === undefined) throw new Error('no signing key');
  return key;
}

export function signPrintCode(c: PrintCode, keys: readonly string[]): string {
  if (!Number.isInteger(c.edition) || c.edition < 1 || c.edition > 0xffffffff) throw new Error(`bad edition number ${c.edition}`);
  if (!Number.isInteger(c.position) || c.position < 0 || c.position > 255) throw new Error(`bad position ${c.position}`);
  const payload = Buffer.alloc(7);
  payload.writeUInt8(VERSION, 0);
  payload.writeUInt32BE(c.edition, 1);
  payload.writeUInt8(c.placement === 'back' ? 1 : 0, 5);
  payload.writeUInt8(c.position, 6);
  return Buffer.concat([payload, mac(firstKey(keys), 'print-code', payload)]).toString('base64url');
}

/** What a code in a URL proves by itself: the code, or null when it is not one of ours. */
export function readPrintCode(token: string, keys: readonly string[]): PrintCode | null {
  if (!CODE_RE.test(token)) return null;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== CODE_BYTES) return null;
  const payload = raw.subarray(0, 7);
  if (!verified(keys, 'print-code', payload, raw.subarray(7))) return null;
  if (payload.readUInt8(0) !== VERSION) return null;
  const placement = payload.readUInt8(5);
  if (placement > 1) return null;
  return { edition: payload.readUInt32BE(1), placement: placement === 1 ? 'back' : 'story', position: payload.readUInt8(6) };
}

/** The instant a code of an edition with this cover date (YYYY-MM-DD, UTC midnight) stops granting reads. */
export function codeExpiry(coverDate: string): Date {
  return new Date(Date.parse(`${coverDate}T00:00:00Z`) + PRINT_CODE_DAYS * 86_400_000);
}

function articleTag(articleId: string): Buffer {
  return createHash('sha256').update(`print-article\u0000${articleId}`).digest().subarray(0, 4);
}

/** The read token a scan hands on: this story, until `until` (whole seconds). */
export function signPrintRead(articleId: string, until: Date, keys: readonly string[]): string {
  const payload = Buffer.alloc(8);
  articleTag(articleId).copy(payload, 0);
  payload.writeUInt32BE(Math.min(0xffffffff, Math.max(0, Math.floor(until.getTime() / 1000))), 4);
  return Buffer.concat([payload, mac(firstKey(keys), 'print-read', payload)]).toString('base64url');
}

export type PrintReadRefusal = 'invalid' | 'wrong-article' | 'expired';
export type PrintReadCheck = { ok: true } | { ok: false; reason: PrintReadRefusal };

/** Whether a read token grants `articleId` at `now`. Pure and synchronous: no database. */
export function checkPrintRead(token: string, articleId: string, now: Date, keys: readonly string[]): PrintReadCheck {
  if (!READ_RE.test(token)) return { ok: false, reason: 'invalid' };
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== READ_BYTES) return { ok: false, reason: 'invalid' };
  const payload = raw.subarray(0, 8);
  if (!verified(keys, 'print-read', payload, raw.subarray(8))) return { ok: false, reason: 'invalid' };
  if (!timingSafeEqual(payload.subarray(0, 4), articleTag(articleId))) return { ok: false, reason: 'wrong-article' };
  if (now.getTime() >= payload.readUInt32BE(4) * 1000) return { ok: false, reason: 'expired' };
  return { ok: true };
}
