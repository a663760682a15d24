/** The pure parts of gift links: the token, the browser cookie and the calendar month. */
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import { browserHash, MAX_LINKS, newGiftBrowser, readGiftCookie, signGiftCookie, withLink } from './gift-cookie.js';
import { bytesToUuid, monthWindow, readGiftToken, signGiftToken, uuidToBytes } from './gift-link.js';

const OLD = 'old-key-old-key-old-key-old-key-0';
const NEW = 'new-key-new-key-new-key-new-key-1';
const link = uuidv7();
const article = uuidv7();
const other = uuidv7();

/** The token with one character changed at `i`. */
function flip(token: string, i: number): string {
  const c = token[i] === 'A' ? 'B' : 'A';
  return token.slice(0, i) + c + token.slice(i + 1);
}

describe('the gift token', () => {
  const token = signGiftToken(link, article, [NEW]);

  it('is 48 URL-safe characters and reads back as its link on its article', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{48}$/);
    expect(readGiftToken(token, article, [NEW])).toEqual({ kind: 'signed', linkId: link });
  });

  it('on another article: wrong-article, told apart from a forgery', () => {
    expect(readGiftToken(token, other, [NEW])).toEqual({ kind: 'wrong-article' });
  });

  it.each([
    ['empty', ''],
    ['truncated', token.slice(0, 47)],
    ['one character short of a whole byte', token.slice(0, 44)],
    ['too long', `${token}A`],
    ['not base64url', `${token.slice(0, 47)}=`],
    ['a changed link id', flip(token, 3)],
    ['a changed article tag', flip(token, 22)],
    ['a changed signature', flip(token, 40)],
    ['another key’s', signGiftToken(link, article, ['attacker-key-attacker-key-attack'])],
    ['made up', 'A'.repeat(48)],
  ])('%s: invalid', (_name, bad) => {
    expect(readGiftToken(bad, article, [NEW])).toEqual({ kind: 'invalid' });
  });

  it('key rotation: signed with the old key, verified by [new, old]; the new key signs', () => {
    const old = signGiftToken(link, article, [OLD]);
    expect(readGiftToken(old, article, [NEW, OLD])).toEqual({ kind: 'signed', linkId: link });
    expect(readGiftToken(old, article, [NEW])).toEqual({ kind: 'invalid' });
    expect(signGiftToken(link, article, [NEW, OLD])).toBe(token);
  });

  it('UUIDs go to 16 bytes and back', () => {
    expect(uuidToBytes(link)).toHaveLength(16);
    expect(bytesToUuid(uuidToBytes(link))).toBe(link);
    expect(() => uuidToBytes('not-a-uuid')).toThrow();
  });
});

describe('the mh_gift cookie', () => {
  it('round-trips a browser and its links, and refuses anything changed or unsigned', () => {
    const b = withLink(withLink(newGiftBrowser(), link), other);
    const value = signGiftCookie(b, [NEW]);
    expect(readGiftCookie(value, [NEW])).toEqual(b);
    expect(readGiftCookie(value, [OLD, NEW])).toEqual(b);
    expect(readGiftCookie(value, [OLD])).toBeNull();
    expect(readGiftCookie(flip(value, 5), [NEW])).toBeNull();
    expect(readGiftCookie(flip(value, 30), [NEW])).toBeNull();
    expect(readGiftCookie(value.slice(0, -1), [NEW])).toBeNull();
    expect(readGiftCookie(`${b.browserId}..`, [NEW])).toBeNull();
    expect(readGiftCookie(undefined, [NEW])).toBeNull();
  });

  it('keeps the newest links only, each once', () => {
    let b = newGiftBrowser();
    const ids = Array.from({ length: MAX_LINKS + 5 }, () => uuidv7());
    for (const id of ids) b = withLink(b, id);
    b = withLink(b, ids[10] as string);
    expect(b.links).toHaveLength(MAX_LINKS);
    expect(b.links.at(-1)).toBe(ids[10]);
    expect(b.links).not.toContain(ids[4]);
    expect(readGiftCookie(signGiftCookie(b, [NEW]), [NEW])).toEqual(b);
  });

  it('a browser is hashed per link: the same browser is not one value across links', () => {
    const { browserId } = newGiftBrowser();
    expect(browserHash(link, browserId)).not.toBe(browserHash(other, browserId));
    expect(browserHash(link, browserId)).toBe(browserHash(link, browserId));
  });
});

describe('the calendar month in the paper’s time zone', () => {
  it.each([
    ['UTC', '2026-11-25T09:00:00Z', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
    // 1 December 00:30 in Auckland (UTC+13) is still November in UTC: December it is.
    ['Pacific/Auckland', '2026-11-30T11:30:00Z', '2026-11-30T11:00:00.000Z', '2026-12-31T11:00:00.000Z'],
    ['Pacific/Auckland', '2026-11-30T10:30:00Z', '2026-10-31T11:00:00.000Z', '2026-11-30T11:00:00.000Z'],
    // New York: November starts in daylight time (UTC−4) and December in standard (UTC−5).
    ['America/New_York', '2026-11-15T12:00:00Z', '2026-11-01T04:00:00.000Z', '2026-12-01T05:00:00.000Z'],
    ['UTC', '2026-12-31T23:59:59Z', '2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
  ])('%s at %s: [%s, %s)', (tz, at, start, end) => {
    const w = monthWindow(new Date(at), tz);
    expect(w.start.toISOString()).toBe(start);
    expect(w.end.toISOString()).toBe(end);
  });
});
