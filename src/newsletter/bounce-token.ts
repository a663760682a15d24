/**
 * VERP (variable envelope return path) for the daily email: each message's envelope sender
 * (SMTP MAIL FROM) is the paper's bounce address with a signed token after a `+`, e.g.
 * `bounces+k3…7q@bounce.news.example`, naming the delivery — the reader and the edition's date.
 * A bounce comes back to that address, so it names the delivery even when the receiver's report
 * leaves out the original message. The token is an HMAC under the paper's key (the first of
 * MASTHEAD_SECRET_KEYS signs, all verify), so a forged report cannot mark anyone's address.
 *
 * Sizes: a local part may hold 64 octets (RFC 5321 §4.5.3.1.1); 16 bytes of reader id, 2 of the
 * date (days since 1970, good to 2149) and a 10-byte MAC make 28 bytes, 45 characters of
 * lower-case base32 (RFC 4648 §6): mail servers may change the case of a local part, and base32
 * survives that.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const ID_BYTES = 16;
const DAY_BYTES = 2;
const MAC_BYTES = 10;
const TOKEN_LENGTH = 45;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY_MS = 86_400_000;

/** A token as it appears after the `+` of an address (any case). */
export const BOUNCE_TOKEN_IN_ADDRESS = /\+([a-z2-7]{45})@/gi;

function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function unbase32(text: string): Buffer | undefined {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text) {
    const i = ALPHABET.indexOf(ch);
    if (i < 0) return undefined;
    value = ((value << 5) | i) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

function mac(key: string, payload: Buffer): Buffer {
  return createHmac('sha256', key).update('newsletter-bounce\u0000').update(payload).digest().subarray(0, MAC_BYTES);
}

function payloadOf(readerId: string, date: string): Buffer {
  if (!UUID_RE.test(readerId)) throw new Error('not a reader id');
  const days = Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
  if (!Number.isInteger(days) || days < 0 || days > 0xffff) throw new Error('not an edition date');
  const day = Buffer.alloc(DAY_BYTES);
  day.writeUInt16BE(days);
  return Buffer.concat([Buffer.from(readerId.replace(/-/g, ''), 'hex'), day]);
}

export function signBounceToken(readerId: string, editionDate: string, keys: readonly string[]): string {
  const key = keys[0];
  if (key === undefined) throw new Error('no signing key');
  const payload = payloadOf(readerId, editionDate);
  return base32(Buffer.concat([payload, mac(key, payload)]));
}

/** The delivery a token names, or undefined when it is not one of ours (cut, changed, or signed with a retired key). */
export function readBounceToken(token: string, keys: readonly string[]): { readerId: string; editionDate: string } | undefined {
  const t = token.toLowerCase();
  if (t.length !== TOKEN_LENGTH) return undefined;
  const raw = unbase32(t);
  if (!raw || raw.length !== ID_BYTES + DAY_BYTES + MAC_BYTES) return undefined;
  const payload = raw.subarray(0, ID_BYTES + DAY_BYTES);
  const given = raw.subarray(ID_BYTES + DAY_BYTES);
  if (!keys.some((k) => timingSafeEqual(mac(k, payload), given))) return undefined;
  const h = payload.subarray(0, ID_BYTES).toString('hex');
  const readerId = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  const editionDate = new Date(payload.readUInt16BE(ID_BYTES) * DAY_MS).toISOString().slice(0, 10);
  return { readerId, editionDate };
}

/** `bounces@bounce.example` + token → `bounces+token@bounce.example`. */
export function verpAddress(bounceAddress: string, token: string): string {
  const at = bounceAddress.lastIndexOf('@');
  return `${bounceAddress.slice(0, at)}+${token}${bounceAddress.slice(at)}`;
}
