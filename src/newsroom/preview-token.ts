/**
 * Signed preview links: `/preview/<token>` shows a story as readers will see it to someone
 * without an account. The token names the story, an optional version and an expiry, and carries
 * HMAC-SHA256 over them and the story's preview secret, keyed with the app's signing keys (the
 * first signs, every key verifies, as src/http/csrf.ts does). A link is revoked by replacing the
 * story's secret (every link at once), or, when it was made for one version, by the next save.
 * Pure: the clock, the keys and the secret are arguments.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface PreviewClaim {
  articleId: string;
  /** The version the link shows; null: whatever the story's latest save is. */
  version: number | null;
  expiresAt: Date;
}

export type PreviewCheck =
  | { ok: true; claim: PreviewClaim }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' | 'version-changed' | 'revoked' };

const ID = /^[0-9a-f-]{36}$/;

function mac(key: string, payload: string, storySecret: string): Buffer {
  return createHmac('sha256', key).update(`preview\u0000${payload}\u0000${storySecret}`).digest();
}

function payloadOf(claim: PreviewClaim): string {
  return `${claim.articleId}.${claim.version ?? 0}.${Math.floor(claim.expiresAt.getTime() / 1000)}`;
}

export function signPreviewToken(claim: PreviewClaim, keys: readonly string[], storySecret: string): string {
  const key = keys[0];
  if (key === undefined) throw new Error('signPreviewToken needs a signing key');
  const payload = payloadOf(claim);
  return `${Buffer.from(payload).toString('base64url')}.${mac(key, payload, storySecret).toString('base64url')}`;
}

/** The claim a token makes, unverified: which story's secret to look up. */
export function readPreviewClaim(token: string): PreviewClaim | undefined {
  if (token.length > 300) return undefined;
  const [encoded, sig, extra] = token.split('.');
  if (!encoded || !sig || extra !== undefined) return undefined;
  const parts = Buffer.from(encoded, 'base64url').toString('utf8').split('.');
  if (parts.length !== 3) return undefined;
  const [articleId = '', version = '', exp = ''] = parts;
  if (!ID.test(articleId) || !/^\d{1,9}$/.test(version) || !/^\d{1,12}$/.test(exp)) return undefined;
  const v = Number(version);
  return { articleId, version: v === 0 ? null : v, expiresAt: new Date(Number(exp) * 1000) };
}

/**
 * Whether a token opens the story now: well formed, signed by one of the keys over the story's
 * current secret (null: no links made, or all revoked), unexpired, and its version still the
 * story's when it was made for one.
 */
export function checkPreviewToken(
  token: string,
  keys: readonly string[],
  storySecret: string | null,
  currentVersion: number,
  now: Date,
): PreviewCheck {
  const claim = readPreviewClaim(token);
  if (!claim) return { ok: false, reason: 'malformed' };
  if (storySecret === null) return { ok: false, reason: 'revoked' };
  const given = Buffer.from(token.split('.')[1] ?? '', 'base64url');
  const payload = payloadOf(claim);
  const signed = keys.some((key) => {
    const expected = mac(key, payload, storySecret);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!signed) return { ok: false, reason: 'bad-signature' };
  if (claim.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  if (claim.version !== null && claim.version !== currentVersion) return { ok: false, reason: 'version-changed' };
  return { ok: true, claim };
}

/** How long a link may live: a day to a month, a week unless asked. */
export const PREVIEW_LINK_DAYS = [1, 7, 30] as const;
