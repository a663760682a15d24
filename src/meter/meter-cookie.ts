/**
 * The anonymous meter, kept by the browser in one signed cookie: the period and the articles
 * counted in it, compactly (`1.2026-12.<8 chars an article>.<HMAC>`). The server decides; the
 * cookie only remembers. A cookie that is unsigned, tampered, truncated, signed with an unknown
 * key or from another period reads as no cookie at all: a fresh meter, which never grants more
 * than a fresh meter does (and fresh meters are bounded per network: meter-network.ts).
 *
 * Keys rotate as decisions.md says for MASTHEAD_SECRET_KEYS: the first signs, every one verifies.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const METER_COOKIE = 'mh_meter';
const VERSION = '1';
const MAX_ARTICLES = 50;
const SHAPE = /^1\.([a-z0-9-]{4,16})\.((?:[A-Za-z0-9_-]{8}){0,50})\.([A-Za-z0-9_-]{22})$/;

export interface MeterCookieState {
  periodKey: string;
  /** Article keys (articleKey) counted this period, oldest first. */
  articles: string[];
}

const keysOfArticles = new Map<string, string>();

/** 48 bits of SHA-256 of the article id, base64url: short enough for a cookie, unique enough for one reader's month. */
export function articleKey(articleId: string): string {
  let key = keysOfArticles.get(articleId);
  if (key === undefined) {
    key = createHash('sha256').update(articleId).digest('base64url').slice(0, 8);
    if (keysOfArticles.size >= 100_000) keysOfArticles.clear();
    keysOfArticles.set(articleId, key);
  }
  return key;
}

function mac(key: string, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest().subarray(0, 16);
}

export function signMeterCookie(state: MeterCookieState, keys: readonly string[]): string {
  const signingKey = keys[0];
  if (signingKey === undefined) throw new Error('no signing key');
  const payload = `${VERSION}.${state.periodKey}.${state.articles.slice(-MAX_ARTICLES).join('')}`;
  return `${payload}.${mac(signingKey, payload).toString('base64url')}`;
}

/** The state a cookie proves, or null when it proves nothing. */
export function readMeterCookie(value: string | undefined, keys: readonly string[]): MeterCookieState | null {
  if (value === undefined || value.length > 500) return null;
  const m = SHAPE.exec(value);
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) return null;
  const given = Buffer.from(m[3], 'base64url');
  if (given.length !== 16) return null;
  const payload = value.slice(0, value.length - m[3].length - 1);
  const signed = keys.some((k) => timingSafeEqual(mac(k, payload), given));
  if (!signed) return null;
  const articles: string[] = [];
  for (let i = 0; i < m[2].length; i += 8) articles.push(m[2].slice(i, i + 8));
  return { periodKey: m[1], articles };
}
