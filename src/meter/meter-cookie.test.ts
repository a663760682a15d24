import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { articleKey, meterHash, newMeterId, readMeterCookie, signMeterId } from './meter-cookie.js';
import { networkHash } from './meter-network.js';

const KEY = 'k'.repeat(40);
const OLD = 'o'.repeat(40);
const OTHER = 'x'.repeat(40);

describe('the meter cookie', () => {
  it('holds a random 128-bit id and its signature, nothing else', () => {
    const id = newMeterId();
    expect(Buffer.from(id, 'base64url')).toHaveLength(16);
    expect(newMeterId()).not.toBe(id);
    const { value, identity } = signMeterId(id, [KEY]);
    expect(value).toMatch(/^2\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
    expect(value.split('.')[1]).toBe(id);
    expect(readMeterCookie(value, [KEY])).toEqual(identity);
  });

  it('computes the same MAC and state hash as before keys were KeyObjects: running meters keep their cookies', () => {
    const id = newMeterId();
    const oldMac = createHmac('sha256', KEY).update(`mh_meter:2:${id}`).digest().subarray(0, 16).toString('base64url');
    const oldHash = createHmac('sha256', KEY).update(`meter-state:${id}`).digest('base64url').slice(0, 22);
    expect(signMeterId(id, [KEY]).value).toBe(`2.${id}.${oldMac}`);
    expect(readMeterCookie(`2.${id}.${oldMac}`, [OTHER, KEY])).toEqual({ hash: oldHash });
    expect(networkHash('203.0.113.0/24', KEY)).toBe(
      createHmac('sha256', KEY).update('meter-network:203.0.113.0/24').digest('base64url').slice(0, 22),
    );
  });

  it('never hands out one id twice, across refills of its pool of random bytes', () => {
    const ids = Array.from({ length: 1000 }, () => newMeterId());
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids) expect(Buffer.from(id, 'base64url')).toHaveLength(16);
  });

  it('stores the state under a keyed hash, never the id', () => {
    const id = newMeterId();
    const { identity } = signMeterId(id, [KEY]);
    expect(identity.hash).toBe(meterHash(id, KEY));
    expect(identity.hash).not.toContain(id);
    expect(meterHash(id, OTHER)).not.toBe(identity.hash);
    // The hash is not the cookie's MAC: a leaked table forges no cookie.
    expect(signMeterId(id, [KEY]).value).not.toContain(identity.hash);
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
      `3.${id}.${sig}`,
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
