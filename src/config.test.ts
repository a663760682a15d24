import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has defaults for a fresh machine', () => {
    const c = loadConfig({}, '/srv/paper');
    expect(c).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      dataDir: '/srv/paper/data',
      databaseUrl: undefined,
      timezone: 'UTC',
      publicUrl: 'http://localhost:3000',
    });
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      PUBLIC_URL: 'https://news.example/',
      MASTHEAD_DATA_DIR: '/var/lib/masthead',
      DATABASE_URL: 'postgres://u@db/paper',
      MASTHEAD_TIMEZONE: 'Europe/London',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      MASTHEAD_TRUSTED_PROXIES: '10.0.0.0/8, ::1',
      MASTHEAD_SECRET_KEYS: `${'a'.repeat(32)},${'b'.repeat(40)}`,
      MASTHEAD_PAGE_CACHE_MB: '128',
    });
    expect(c.publicUrl).toBe('https://news.example');
    expect(c.trustedProxies).toEqual(['10.0.0.0/8', '::1']);
    expect(c.secretKeys).toHaveLength(2);
    expect(c.pageCacheBytes).toBe(128 * 1024 * 1024);
  });

  it('lists every bad value at once', () => {
    try {
      loadConfig({
        PORT: 'eighty',
        PUBLIC_URL: 'ftp://x',
        DATABASE_URL: 'mysql://x',
        MASTHEAD_TIMEZONE: 'Mars/Olympus',
        LOG_LEVEL: 'loud',
        MASTHEAD_SECRET_KEYS: 'short',
      });
      throw new Error('expected ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'PUBLIC_URL', 'DATABASE_URL', 'MASTHEAD_TIMEZONE', 'LOG_LEVEL', 'MASTHEAD_SECRET_KEYS'])
        expect(problems).toContain(name);
    }
  });
});
