import { describe, expect, it } from 'vitest';
import { checkPreviewToken, readPreviewClaim, signPreviewToken } from './preview-token.js';

const id = '01936f2e-0000-7000-8000-000000000001';
const keys = ['key-one-0123456789abcdef0123456789', 'key-two-0123456789abcdef0123456789'];
const now = new Date('2026-12-07T10:00:00Z');
const later = new Date('2026-12-08T10:00:00Z');

describe('preview tokens', () => {
  const token = signPreviewToken({ articleId: id, version: null, expiresAt: later }, keys, 'secret-a');

  it('opens the story before expiry, whatever version it is at', () => {
    expect(checkPreviewToken(token, keys, 'secret-a', 7, now)).toEqual({
      ok: true,
      claim: { articleId: id, version: null, expiresAt: later },
    });
  });

  it.each([
    ['expired', token, 'secret-a', 7, later],
    ['revoked', token, null, 7, now],
    ['bad-signature', token, 'secret-b', 7, now],
    ['malformed', 'not.a-token', 'secret-a', 7, now],
    ['malformed', `${token}x.y`, 'secret-a', 7, now],
  ] as const)('refuses %s', (reason, t, secret, version, at) => {
    expect(checkPreviewToken(t, keys, secret, version, at)).toEqual({ ok: false, reason });
  });

  it('a link pinned to a version stops at the next save', () => {
    const pinned = signPreviewToken({ articleId: id, version: 3, expiresAt: later }, keys, 'secret-a');
    expect(checkPreviewToken(pinned, keys, 'secret-a', 3, now).ok).toBe(true);
    expect(checkPreviewToken(pinned, keys, 'secret-a', 4, now)).toEqual({ ok: false, reason: 'version-changed' });
  });

  it('is verified by every key and signed by the first', () => {
    expect(checkPreviewToken(token, [keys[1] as string, keys[0] as string], 'secret-a', 1, now).ok).toBe(true);
    expect(checkPreviewToken(token, [keys[1] as string], 'secret-a', 1, now)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('a changed claim breaks the signature', () => {
    const [payload, sig] = token.split('.');
    const claim = Buffer.from(payload as string, 'base64url')
      .toString()
      .replace(/\.\d+$/, '.9999999999');
    const forged = `${Buffer.from(claim).toString('base64url')}.${sig}`;
    expect(readPreviewClaim(forged)?.articleId).toBe(id);
    expect(checkPreviewToken(forged, keys, 'secret-a', 1, now)).toEqual({ ok: false, reason: 'bad-signature' });
  });
});
