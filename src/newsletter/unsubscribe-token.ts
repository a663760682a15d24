/**
 * The daily email's unsubscribe link: a reader's id and an HMAC of it under the paper's signing
 * key (the first of MASTHEAD_SECRET_KEYS signs, all verify, so keys rotate without breaking links
 * in old emails). Nothing is stored per email: a million recipients need no million rows, and the
 * link works as long as the key does. It can only stop the daily email of the reader it names.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const MAC_BYTES = 16;
const ID_BYTES = 16;
export const UNSUBSCRIBE_TOKEN_PATTERN = '^[A-Za-z0-9_-]{43}$';
const TOKEN_RE = new RegExp(UNSUBSCRIBE_TOKEN_PATTERN);
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function mac(key: string, id: Buffer): Buffer {
  return createHmac('sha256', key).update('newsletter-unsubscribe\u0000').update(id).digest().subarray(0, MAC_BYTES);
}

export function signUnsubscribeToken(readerId: string, keys: readonly string[]): string {
  const key = keys[0];
  if (key === undefined) throw new Error('no signing key');
  if (!UUID_RE.test(readerId)) throw new Error(`not a reader id: ${readerId}`);
  const id = Buffer.from(readerId.replace(/-/g, ''), 'hex');
  return Buffer.concat([id, mac(key, id)]).toString('base64url');
}

/** The reader a token names, or undefined when it is not one of ours (malformed, tampered, or signed with a retired key). */
export function readUnsubscribeToken(token: string, keys: readonly string[]): string | undefined {
  if (!TOKEN_RE.test(token)) return undefined;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== ID_BYTES + MAC_BYTES) return undefined;
  const id = raw.subarray(0, ID_BYTES);
  const given = raw.subarray(ID_BYTES);
  if (!keys.some((k) => timingSafeEqual(mac(k, id), given))) return undefined;
  const h = id.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
