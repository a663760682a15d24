/**
 * The split, pure: an arm follows the meter's stored hash (bytes the meter already has) or a
 * reader's bits, the same on every call; the share is what was asked within a few per cent; two
 * experiments split the same readers independently; arm A reads what is in force, arm B its change.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_METER_POLICY, DEFAULT_PAYWALL_COPY } from '../meter/index.js';
import { meterHash, newMeterId, readMeterCookie, signMeterId } from '../meter/meter-cookie.js';
import { armOf, bitsOfMeterHash, copyOfArm, fmix32, policyOfArm, saltOf, taglineOfArm, type Variant } from './experiment.js';

const KEY = 'an experiment test key that is long enough';

/** `n` meters' stored hashes, made as the meter makes them (ids start with their instant). */
function hashes(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(meterHash(newMeterId(new Date(Date.UTC(2026, 11, 1) + i)), KEY));
  return out;
}

describe('the arm of a meter', () => {
  it('is the same for the same meter id, on every request and after the cookie is read back', () => {
    const salt = saltOf('0193a5f0-experiment');
    const id = newMeterId(new Date('2026-12-07T10:00:00Z'));
    const { value, identity } = signMeterId(id, [KEY]);
    const first = armOf(bitsOfMeterHash(identity.hash), salt, 50);
    for (let i = 0; i < 20; i++) {
      const again = readMeterCookie(value, [KEY]);
      expect(again?.hash).toBe(identity.hash);
      expect(armOf(bitsOfMeterHash(again?.hash ?? ''), salt, 50)).toBe(first);
    }
  });

  it('splits meters as asked, within two per cent over 20,000', () => {
    const all = hashes(20_000);
    for (const share of [50, 10, 90]) {
      const salt = saltOf(`experiment-${share}`);
      const inB = all.filter((h) => armOf(bitsOfMeterHash(h), salt, share) === 'B').length / all.length;
      expect(Math.abs(inB - share / 100)).toBeLessThan(0.02);
    }
  });

  it('splits independently in two experiments: arm B of one is half arm B of the next', () => {
    const all = hashes(20_000);
    const one = saltOf('first experiment');
    const two = saltOf('second experiment');
    const bothB = all.filter((h) => armOf(bitsOfMeterHash(h), one, 50) === 'B' && armOf(bitsOfMeterHash(h), two, 50) === 'B').length;
    expect(Math.abs(bothB / all.length - 0.25)).toBeLessThan(0.02);
  });

  it('reads the hash’s last 30 bits (the HMAC’s), not the instant at its head', () => {
    expect(bitsOfMeterHash('AAAAB')).toBe(1);
    expect(bitsOfMeterHash('zzzzzzzzz' + '_____')).toBe(2 ** 30 - 1);
    // Two meters made in the same millisecond share their head but not their bits.
    const at = new Date('2026-12-07T10:00:00Z');
    const a = meterHash(newMeterId(at), KEY);
    const b = meterHash(newMeterId(at), KEY);
    expect(a.slice(0, 9)).toBe(b.slice(0, 9));
    expect(bitsOfMeterHash(a)).not.toBe(bitsOfMeterHash(b));
  });

  it('mixes with MurmurHash3’s finaliser (its published value for 1)', () => {
    expect(fmix32(0)).toBe(0);
    expect(fmix32(1)).toBe(0x514e28b7);
  });
});

describe('what each arm reads under', () => {
  const allowance: Variant = { kind: 'allowance', allowance: { anonymousFree: 5, registeredExtra: 0 } };
  const copy: Variant = { kind: 'copy', copy: { copy: { ...DEFAULT_PAYWALL_COPY, heading: 'Arm B heading' }, tagline: 'Arm B tagline' } };

  it('arm A: the policy, copy and tagline in force', () => {
    expect(policyOfArm(allowance, 'A', DEFAULT_METER_POLICY)).toBe(DEFAULT_METER_POLICY);
    expect(copyOfArm(copy, 'A', DEFAULT_PAYWALL_COPY)).toBe(DEFAULT_PAYWALL_COPY);
    expect(taglineOfArm(copy, 'A', 'The paper')).toBe('The paper');
  });

  it('arm B: the allowance over the policy in force (all else kept), or the other words', () => {
    expect(policyOfArm(allowance, 'B', DEFAULT_METER_POLICY)).toEqual({ ...DEFAULT_METER_POLICY, anonymousFree: 5, registeredExtra: 0 });
    expect(policyOfArm(copy, 'B', DEFAULT_METER_POLICY)).toBe(DEFAULT_METER_POLICY);
    expect(copyOfArm(copy, 'B', DEFAULT_PAYWALL_COPY).heading).toBe('Arm B heading');
    expect(copyOfArm(allowance, 'B', DEFAULT_PAYWALL_COPY)).toBe(DEFAULT_PAYWALL_COPY);
    expect(taglineOfArm(copy, 'B', 'The paper')).toBe('Arm B tagline');
  });
});
