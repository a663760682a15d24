/**
 * The daily email's click links, when the paper counts clicks: `/newsletter/c/<token>`, where the
 * token names one delivery (the edition's date and the reader) and one link of that edition by its
 * position, signed with the paper's key (the first of MASTHEAD_SECRET_KEYS signs, all verify).
 * The URL itself is never in the token: the redirect goes to the link the edition stored at that
 * position, so a token can only ever lead to a page that was in that edition (no open redirect),
 * and a token that was changed leads nowhere but the front page.
 *
 * 30 bytes as 40 base64url characters: a version byte, the edition's date (days since 1970, 2
 * bytes), the reader's id (16 bytes), the link's position (1 byte) and an HMAC-SHA256 over those
 * truncated to 10 bytes (80 bits: forging one means guessing it online, one request at a time).
 * No expiry: a link in an old email keeps working as long as its key does. Pure; no database.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface ClickToken {
  /** YYYY-MM-DD. */
  editionDate: string;
  readerId: string;
  /** The link's position in the edition's stored links (newsletter_links.position). */
  position: number;
}

const VERSION = 1;
const PAYLOAD_BYTES = 20;
const MAC_BYTES = 10;
const TOKEN_BYTES = PAYLOAD_BYTES + MAC_BYTES;
/** Positions a token can carry; the ledger keeps clicked links as bits of a 64-bit integer (0–61). */
export const MAX_LINK_POSITION = 61;
export const CLICK_TOKEN_PATTERN = '^[A-Za-z0-9_-]{40}$';
const TOKEN_RE = new RegExp(CLICK_TOKEN_PATTERN);
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY_MS = 86_400_000;

function mac(key: string, payload: Buffer): Buffer {
  return createHmac('sha256', key).update('newsletter-click\u0000').update(payload).digest().subarray(0, MAC_BYTES);
}

/**
 * A signer for one edition and reader: the payload is made once and only the position byte
 * changes per link (an email has a dozen links; the sender makes one signer per recipient).
 */
export function clickTokenSigner(editionDate: string, readerId: string, keys: readonly string[]): (position: number) => string {
  const key = keys[0];
  if (key === undefined) throw new Error('no signing key');
  if (!UUID_RE.test(readerId)) throw new Error(`not a reader id: ${readerId}`);
  const days = Math.round(Date.parse(`${editionDate}T00:00:00Z`) / DAY_MS);
  if (!Number.isInteger(days) || days < 0 || days > 0xffff) throw new Error(`not an edition date: ${editionDate}`);
  const payload = Buffer.alloc(PAYLOAD_BYTES);
  payload.writeUInt8(VERSION, 0);
  payload.writeUInt16BE(days, 1);
  payload.write(readerId.replace(/-/g, ''), 3, 16, 'hex');
  return (position) => {
    if (!Number.isInteger(position) || position < 0 || position > MAX_LINK_POSITION) throw new Error(`bad link position ${position}`);
    payload.writeUInt8(position, 19);
    return Buffer.concat([payload, mac(key, payload)]).toString('base64url');
  };
}

export function signClickToken(t: ClickToken, keys: readonly string[]): string {
  return clickTokenSigner(t.editionDate, t.readerId, keys)(t.position);
}

/** What a token proves by itself: the delivery and link it names, or null when it is not one of ours. */
export function readClickToken(token: string, keys: readonly string[]): ClickToken | null {
  if (!TOKEN_RE.test(token)) return null;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== TOKEN_BYTES) return null;
  const payload = raw.subarray(0, PAYLOAD_BYTES);
  const given = raw.subarray(PAYLOAD_BYTES);
  if (!keys.some((k) => timingSafeEqual(mac(k, payload), given))) return null;
  if (payload.readUInt8(0) !== VERSION) return null;
  const position = payload.readUInt8(19);
  if (position > MAX_LINK_POSITION) return null;
  const h = payload.subarray(3, 19).toString('hex');
  return {
    editionDate: new Date(payload.readUInt16BE(1) * DAY_MS).toISOString().slice(0, 10),
    readerId: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`,
    position,
  };
}
