import { describe, expect, it } from 'vitest';
import { clientKey } from './client-key.js';

describe('clientKey (per-client rate limits of the account routes)', () => {
  it.each([
    ['192.0.2.1', 'v4:192.0.2.1'],
    ['192.0.2.2', 'v4:192.0.2.2'],
    ['::ffff:192.0.2.1', 'v4:192.0.2.1'],
    ['::FFFF:C000:0201', 'v4:192.0.2.1'],
    ['::ffff:c612:501', 'v4:198.18.5.1'],
    ['0:0:0:0:0:ffff:c000:201', 'v4:192.0.2.1'],
    ['2001:db8:1:200::1', 'v6:2001:db8:1:200::/56'],
    ['2001:db8:1:2ff:ffff:ffff:ffff:ffff', 'v6:2001:db8:1:200::/56'],
    ['2001:0DB8:0001:02AB::', 'v6:2001:db8:1:200::/56'],
    ['2001:db8:1:300::1', 'v6:2001:db8:1:300::/56'],
    ['2001:db8:2:200::1', 'v6:2001:db8:2:200::/56'],
    ['::1', 'v6:0:0:0:0::/56'],
    ['fe80::1%eth0', 'v6:fe80:0:0:0::/56'],
    ['64:ff9b::192.0.2.1', 'v6:64:ff9b:0:0::/56'],
    ['not an address', 'other:not an address'],
  ])('%s → %s', (ip, key) => {
    expect(clientKey(ip)).toBe(key);
  });
});
