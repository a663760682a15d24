import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { articleKey, meterHash, newMeterId, readMeterCookie, signMeterId } from './meter-cookie.js';
import { networkHash } from './meter-network.js';

const KEY = 'k'.repeat(40);
const OLD = 'o'.repeat(40);
const OTHER = 'x'.repeat(40);

describe('the meter cookie', () => {
  it('holds the instant it was made, a random 128-bit id and its signature, nothing else', () => {
    const at = new Date('2026-12-07T15:00:00.123Z');
    const id = newMeterId(at);
    expect(id).toHaveLength(31);
    expect(Number.parseInt(id.slice(0, 9), 36)).toBe(at.getTime());
    expect(Buffer.from(id.slice(9), 'base64url')).toHaveLength(16);
    expect(newMeterId(at)).not.toBe(id);
    const { value, identity } = signMeterId(id, [KEY]);
    expect(value).toMatch(/^3\.[0-9a-z]{9}[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
    expect(value.split('.')[1]).toBe(id);
    expect(readMeterCookie(value, [KEY])).toEqual(identity);
  });

  it('stores newer meters after older ones: the state hash starts with the instant, in an order that sorts as text', () => {
    const times = ['2026-01-01T00:00:00Z', '2026-12-07T15:00:00.001Z', '2026-12-07T15:00:00.002Z', '2031-06-30T23:59:59.999Z'];
    const hashes = times.map((t) => signMeterId(newMeterId(new Date(t)), [KEY]).identity.hash);
    expect([...hashes].sort()).toEqual(hashes);
    expect(hashes[0]).toHaveLength(9 + 22);
  });

  it('still reads version 2 cookies (no instant) under the hash they were stored with', () => {
    const id = Buffer.alloc(16, 7).toString('base64url');
    const mac2 = createHmac('sha256', KEY).update(`mh_meter:2:${id}`).digest().subarray(0, 16).toString('base64url');
    const hash2 = createHmac('sha256', KEY).update(`meter-state:${id}`).digest('base64url').slice(0, 22);
    expect(readMeterCookie(`2.${id}.${mac2}`, [KEY])).toEqual({ hash: hash2 });
    // A version 2 MAC on a version 3 id, or the reverse, proves nothing.
    const id3 = newMeterId();
    const mac3as2 = createHmac('sha256', KEY).update(`mh_meter:2:${id3}`).digest().subarray(0, 16).toString('base64url');
    expect(readMeterCookie(`2.${id3}.${mac3as2}`, [KEY])).toBeNull();
    expect(readMeterCookie(`3.${id3}.${mac3as2}`, [KEY])).toBeNull();
    expect(readMeterCookie(`3.${id}.${mac2}`, [KEY])).toBeNull();
  });

  it('computes the same MAC and state hash as before keys were KeyObjects: running meters keep their cookies', () => {
    const id = newMeterId();
    const when = id.slice(0, 9);
    const both = createHmac('sha256', KEY).update(`mh_meter:3:${id}`).digest();
    const oldMac = both.subarray(0, 16).toString('base64url');
    const oldHash = when + both.subarray(16).toString('base64url');
    expect(signMeterId(id, [KEY]).value).toBe(`3.${id}.${oldMac}`);
    expect(readMeterCookie(`3.${id}.${oldMac}`, [OTHER, KEY])).toEqual({ hash: oldHash });
    expect(networkHash('203.0.113.0/24', KEY)).toBe(
      createHmac('sha256', KEY).update('meter-network:203.0.113.0/24').digest('base64url').slice(0, 22),
    );
  });

  it('never hands out one id twice, across refills of its pool of random bytes', () => {
    const at = new Date();
    const ids = Array.from({ length: 1000 }, () => newMeterId(at));
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids) expect(Buffer.from(id.slice(9), 'base64url')).toHaveLength(16);
  });

  it('stores the state under a keyed hash, never the id', () => {
    const id = newMeterId();
    const { identity } = signMeterId(id, [KEY]);
    expect(identity.hash).toBe(meterHash(id, KEY));
    expect(identity.hash).not.toContain(id);
    expect(meterHash(id, OTHER)).not.toBe(identity.hash);
    // The hash is not the cookie's MAC: a leaked table forges no cookie.
    expect(signMeterId(id, [KEY]).value).not.toContain(identity.hash);
    expect(signMeterId(id, [KEY]).value).not.toContain(identity.hash.slice(9));
  });

  it('verifies with every key, signs with the first, and keeps the signer’s hash (rotation)', () => {
    const id = newMeterId();
    const byOld = signMeterId(id, [OLD]);
    expect(readMeterCookie(byOld.value, [KEY, OLD])).toEqual({ hash: meterHash(id, OLD) });
    expect(readMeterCookie(byOld.value, [KEY])).toBeNull();
    expect(signMeterId(id, [KEY, OLD]).value).toBe(signMeterId(id, [KEY]).value);
  });

  it('proves nothing when unsigned, tampered, truncated, of the old format or signed by someone else', () => {
    const id = newMeterId();
    const { value } = signMeterId(id, [KEY]);
    const [v, , sig] = value.split('.') as [string, string, string];
    const other = newMeterId();
    const cases = [
      undefined,
      '',
      `${v}.${id}`,
      `${v}.${id}.`,
      value.slice(0, -1),
      `${v}.${other}.${sig}`, // another id under this signature
      `2.${id}.${sig}`,
      `3.${id.slice(9)}.${sig}`,
      `3.${newMeterId(new Date(Date.now() + 1000)).slice(0, 9)}${id.slice(9)}.${sig}`, // another instant under this signature
      `${v}.${id}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`,
      signMeterId(id, [OTHER]).value,
      `${value}x`,
      '1.2026-12.AAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA',
      'x'.repeat(600),
    ];
    for (const c of cases) expect(readMeterCookie(c, [KEY])).toBeNull();
  });

  it('gives each article a stable short key', () => {
    expect(articleKey('0193a1b2-0000-7000-8000-000000000001')).toHaveLength(8);
    expect(articleKey('a')).toBe(articleKey('a'));
    expect(articleKey('a')).not.toBe(articleKey('b'));
  });
});
