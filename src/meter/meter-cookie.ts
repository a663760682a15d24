/**
 * The anonymous meter's cookie: an id and its signature, nothing more
 * (`3.<when><128-bit random>.<HMAC>`). The meter's period, count and articles live on the server
 * under a keyed hash of the id (anonymous-meter-repository.ts), so an earlier cookie sent back, or
 * one cookie on several requests at once, reads the same state as the latest: nothing to rewind.
 *
 * The id starts with the instant the meter was made (milliseconds, 9 base-36 digits), and so does
 * the hash its state is stored under: new meters sort after older ones, so a first visit's rows
 * go to the right edge of the meter tables' B-trees (pages already cached and already dirty in
 * the same commit) instead of a random page of an index that outgrows the cache. The random part
 * alone makes the id unguessable; the instant tells the cookie's holder only when it was set.
 * Version 2 cookies (`2.<128-bit random>.<HMAC>`, hash without the instant) still read.
 *
 * Signed so that made-up ids cost no database query. Keys rotate as the README says for
 * MASTHEAD_SECRET_KEYS: the first signs, every one verifies; the state's hash uses the key that
 * signed the cookie, so a rotation keeps running meters. Cookies of the first version (the count
 * inside the cookie) no longer verify: they read as no cookie, a fresh meter.
 */
import { createHash, createHmac, createSecretKey, type KeyObject, randomBytes, timingSafeEqual } from 'node:crypto';

export const METER_COOKIE = 'mh_meter';
const SHAPE = /^([23])\.((?:[0-9a-z]{9})?[A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/;
/** Digits of the instant at the head of a version-3 id: base 36, fixed width, so ids sort by it. */
const WHEN_DIGITS = 9;
/** Length of a version-3 id: the instant, then 128 random bits in base64url. */
const V3_ID_LENGTH = WHEN_DIGITS + 22;

/** The meter a cookie names: the hash its state is stored under, keyed by the key that signed the cookie. */
export interface MeterIdentity {
  /** Never the id itself. */
  hash: string;
}

const keysOfArticles = new Map<string, string>();

/** 48 bits of SHA-256 of the article id, base64url: the key a meter counts an article by. */
export function articleKey(articleId: string): string {
  let key = keysOfArticles.get(articleId);
  if (key === undefined) {
    key = createHash('sha256').update(articleId).digest('base64url').slice(0, 8);
    if (keysOfArticles.size >= 100_000) keysOfArticles.clear();
    keysOfArticles.set(articleId, key);
  }
  return key;
}

// Random bits are drawn from the operating system's generator 4 KB at a time and handed out 16
// bytes per id: one `randomBytes(16)` per first visit was ~7 % of its CPU (a call into OpenSSL
// each time). Each byte of the pool is used once.
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolAt = POOL_BYTES;

/** 128 random bits (RFC 4086 §3: from the operating system's generator), base64url. */
function randomPart(): string {
  if (poolAt + 16 > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolAt = 0;
  }
  const id = pool.toString('base64url', poolAt, poolAt + 16);
  poolAt += 16;
  return id;
}

/** The instant as the id's sortable head (milliseconds since 1970 in base 36, 9 digits: until the year 5138). */
function whenPart(at: Date): string {
  return Math.max(0, Math.floor(at.getTime())).toString(36).padStart(WHEN_DIGITS, '0');
}

/** A new meter's id: the instant it is made, then 128 random bits. */
export function newMeterId(at: Date = new Date()): string {
  return whenPart(at) + randomPart();
}

const keyObjects = new Map<string, KeyObject>();

/**
 * The signing key as a KeyObject, made once per key: an HMAC keyed by a KeyObject costs ~2.6 µs
 * against ~3.7 µs keyed by the string (measured; a first visit computes three). Same bytes, same MAC.
 */
export function hmacKey(key: string): KeyObject {
  let k = keyObjects.get(key);
  if (k === undefined) {
    k = createSecretKey(Buffer.from(key, 'utf8'));
    if (keyObjects.size >= 16) keyObjects.clear();
    keyObjects.set(key, k);
  }
  return k;
}

type Version = '2' | '3';

/**
 * The cookie's MAC and the hash the meter's state is stored under: from one HMAC for version 3
 * (its first 16 bytes sign the cookie, the last 16 name the state: one half says nothing of the
 * other, so a leaked table forges no cookie), from two for version 2 (as they were made). A
 * version-3 hash starts with the id's instant, so stored meters sort by age.
 */
function macAndHash(version: Version, key: string, id: string): { mac: Buffer; hash: string } {
  const k = hmacKey(key);
  if (version === '2') {
    return {
      mac: createHmac('sha256', k).update(`mh_meter:2:${id}`).digest().subarray(0, 16),
      hash: createHmac('sha256', k).update(`meter-state:${id}`).digest('base64url').slice(0, 22),
    };
  }
  const both = createHmac('sha256', k).update(`mh_meter:3:${id}`).digest();
  return { mac: both.subarray(0, 16), hash: id.slice(0, WHEN_DIGITS) + both.toString('base64url', 16, 32) };
}

const versionOf = (id: string): Version => (id.length === V3_ID_LENGTH ? '3' : '2');

/** The hash the meter's state is stored under (never the cookie's MAC). */
export function meterHash(id: string, key: string): string {
  return macAndHash(versionOf(id), key, id).hash;
}

/** The cookie's value for a new meter (an id of `newMeterId`), signed with the first key; with the hash to store it under. */
export function signMeterId(id: string, keys: readonly string[]): { value: string; identity: MeterIdentity } {
  const key = keys[0];
  if (key === undefined) throw new Error('no signing key');
  const version = versionOf(id);
  const { mac, hash } = macAndHash(version, key, id);
  return { value: `${version}.${id}.${mac.toString('base64url')}`, identity: { hash } };
}

/** The meter a cookie names, when a key of ours signed it; null for anything else. */
export function readMeterCookie(value: string | undefined, keys: readonly string[]): MeterIdentity | null {
  if (value === undefined || value.length > 100) return null;
  const m = SHAPE.exec(value);
  const version = m?.[1] as Version | undefined;
  const id = m?.[2];
  if (!version || !id || !m?.[3]) return null;
  // Each version has one length of id: a version-2 cookie with an instant (or the reverse) is no cookie of ours.
  if ((version === '3') !== (id.length === V3_ID_LENGTH)) return null;
  const given = Buffer.from(m[3], 'base64url');
  if (given.length !== 16) return null;
  for (const key of keys) {
    const { mac, hash } = macAndHash(version, key, id);
    if (timingSafeEqual(mac, given)) return { hash };
  }
  return null;
}
