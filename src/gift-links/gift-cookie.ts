/**
 * The friend's browser, as gift links know it: one signed cookie (`mh_gift`) holding a random
 * browser id and the links this browser was admitted to, newest last, at most MAX_LINKS
 * (`<browser id>.<22 chars a link>.<HMAC>`). The id is what a link counts its readers by; the
 * database keeps only a hash of it with the link id, so one browser cannot be followed from link
 * to link there. Every page load through a link is counted in the database against the browser's
 * place (gift-link-repository.ts `admitLoad`), so a copied cookie shares its place's loads rather
 * than multiplying them; the list only records what the browser was given. A cookie that does not
 * verify reads as none: a new browser, which a used-up link refuses. Keys rotate: the first
 * signs, every one verifies.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { bytesToUuid, uuidToBytes } from './gift-link.js';

export const GIFT_COOKIE = 'mh_gift';
export const MAX_LINKS = 20;
const SHAPE = /^([A-Za-z0-9_-]{22})\.((?:[A-Za-z0-9_-]{22}){0,20})\.([A-Za-z0-9_-]{22})$/;

export interface GiftBrowser {
  browserId: string;
  /** Link ids (UUIDs) this browser was admitted to, oldest first. */
  links: string[];
}

export function newGiftBrowser(): GiftBrowser {
  return { browserId: randomBytes(16).toString('base64url'), links: [] };
}

/** What the database stores for a browser admitted to a link. */
export function browserHash(linkId: string, browserId: string): string {
  return createHash('sha256').update(`gift-browser\u0000${linkId}\u0000${browserId}`).digest('base64url');
}

/** The browser with `linkId` as its newest link, the oldest dropped past MAX_LINKS. */
export function withLink(b: GiftBrowser, linkId: string): GiftBrowser {
  return { browserId: b.browserId, links: [...b.links.filter((l) => l !== linkId), linkId].slice(-MAX_LINKS) };
}

function mac(key: string, payload: string): Buffer {
  return createHmac('sha256', key).update(`gift-cookie\u0000${payload}`).digest().subarray(0, 16);
}

export function signGiftCookie(b: GiftBrowser, keys: readonly string[]): string {
  const key = keys[0];
  if (key === undefined) throw new Error('no signing key');
  const links = b.links
    .slice(-MAX_LINKS)
    .map((l) => uuidToBytes(l).toString('base64url'))
    .join('');
  const payload = `${b.browserId}.${links}`;
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/** The browser a cookie proves, or null when it proves nothing. */
export function readGiftCookie(value: string | undefined, keys: readonly string[]): GiftBrowser | null {
  if (value === undefined || value.length > 600) return null;
  const m = SHAPE.exec(value);
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) return null;
  const given = Buffer.from(m[3], 'base64url');
  if (given.length !== 16) return null;
  const payload = value.slice(0, value.length - m[3].length - 1);
  if (!keys.some((k) => timingSafeEqual(mac(k, payload), given))) return null;
  const links: string[] = [];
  for (let i = 0; i < m[2].length; i += 22) links.push(bytesToUuid(Buffer.from(m[2].slice(i, i + 22), 'base64url')));
  return { browserId: m[1], links };
}
