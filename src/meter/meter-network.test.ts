import { describe, expect, it } from 'vitest';
import { networkHash, networkOf } from './meter-network.js';

describe('the network of a client address', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0/24'],
    ['::ffff:203.0.113.77', '203.0.113.0/24'],
    ['::ffff:cb00:714d', '203.0.113.0/24'],
    ['::FFFF:CB00:714D', '203.0.113.0/24'],
    ['0:0:0:0:0:ffff:cb00:714d', '203.0.113.0/24'],
    ['0000:0000:0000:0000:0000:ffff:cb00:714d', '203.0.113.0/24'],
    ['::ffff:0:cb00:714d', '0:0:0::/48'],
    ['2001:DB8:42:7::1', '2001:db8:42::/48'],
    ['2001:db8:42:7::1', '2001:db8:42::/48'],
    ['2001:0db8:0042:ffff:0:0:0:1', '2001:db8:42::/48'],
    ['2001:db8::1', '2001:db8:0::/48'],
    ['::1', '0:0:0::/48'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0::/48'],
  ])('%s is in %s', (ip, network) => {
    expect(networkOf(ip)).toBe(network);
  });

  it('refuses what is not an address', () => {
    expect(networkOf('')).toBeNull();
    expect(networkOf('example.com')).toBeNull();
    expect(networkOf('300.1.1.1')).toBeNull();
  });

  it('stores a keyed hash, not the network', () => {
    const h = networkHash('203.0.113.0/24', 'k'.repeat(40));
    expect(h).toHaveLength(22);
    expect(h).not.toContain('203');
    expect(networkHash('203.0.113.0/24', 'j'.repeat(40))).not.toBe(h);
    expect(networkHash('203.0.114.0/24', 'k'.repeat(40))).not.toBe(h);
  });
});
