/** The daily email's click tokens, pure: what they carry, and that nothing but our own is read. */
import { describe, expect, it } from 'vitest';
import { clickTokenSigner, MAX_LINK_POSITION, readClickToken, signClickToken } from './click-token.js';

const KEYS = ['the-current-signing-key-0123456789abcdef', 'an-older-key-still-verifying-0123456789'];
const READER = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const TOKEN = { editionDate: '2026-12-07', readerId: READER, position: 3 };

describe('click tokens', () => {
  it('carry the edition date, the reader and the link position in 40 URL-safe characters', () => {
    const token = signClickToken(TOKEN, KEYS);
    expect(token).toMatch(/^[A-Za-z0-9_-]{40}$/);
    expect(readClickToken(token, KEYS)).toEqual(TOKEN);
    const sign = clickTokenSigner('2026-12-07', READER, KEYS);
    expect(readClickToken(sign(0), KEYS)).toEqual({ ...TOKEN, position: 0 });
    expect(readClickToken(sign(MAX_LINK_POSITION), KEYS)).toEqual({ ...TOKEN, position: MAX_LINK_POSITION });
    // One signer, many links: each token names its own position.
    expect(sign(3)).toBe(token);
    expect(sign(4)).not.toBe(token);
  });

  it('refuses a token with any character changed', () => {
    const token = signClickToken(TOKEN, KEYS);
    for (let i = 0; i < token.length; i++) {
      const c = token[i] === 'A' ? 'B' : 'A';
      const changed = `${token.slice(0, i)}${c}${token.slice(i + 1)}`;
      expect(readClickToken(changed, KEYS), `character ${i}`).toBeNull();
    }
  });

  it('refuses another position, reader or edition put in without a new signature', () => {
    const raw = Buffer.from(signClickToken(TOKEN, KEYS), 'base64url');
    // Byte 2 is the edition's day, 5 a byte of the reader id, 19 the link's position.
    for (const offset of [2, 5, 19]) {
      const forged = Buffer.from(raw);
      forged[offset] = (forged[offset] ?? 0) ^ 1;
      expect(readClickToken(forged.toString('base64url'), KEYS), `byte ${offset}`).toBeNull();
    }
  });

  it('verifies with any of the keys, signs with the first; a token of a retired key is refused', () => {
    const old = signClickToken(TOKEN, [KEYS[1] as string]);
    expect(readClickToken(old, KEYS)).toEqual(TOKEN);
    expect(readClickToken(signClickToken(TOKEN, KEYS), [KEYS[1] as string])).toBeNull();
    expect(readClickToken(old, ['a-new-key-only-000000000000000000000000'])).toBeNull();
  });

  it('refuses what is not a token at all', () => {
    for (const bad of ['', 'x', 'A'.repeat(39), 'A'.repeat(41), `${'A'.repeat(39)}=`, '../../etc/passwd', 'https://evil.example/']) {
      expect(readClickToken(bad, KEYS), bad).toBeNull();
    }
  });

  it('will not sign a position beyond the ledger’s bits, a reader that is not an id, or a date that is not one', () => {
    expect(() => signClickToken({ ...TOKEN, position: MAX_LINK_POSITION + 1 }, KEYS)).toThrow(/position/);
    expect(() => signClickToken({ ...TOKEN, position: -1 }, KEYS)).toThrow(/position/);
    expect(() => signClickToken({ ...TOKEN, readerId: 'reader-1' }, KEYS)).toThrow(/reader/);
    expect(() => signClickToken({ ...TOKEN, editionDate: 'yesterday' }, KEYS)).toThrow(/date/);
    expect(() => signClickToken(TOKEN, [])).toThrow(/key/);
  });
});
