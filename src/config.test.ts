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
      STRIPE_SECRET_KEY: 'sk_live_abc123',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
      MASTHEAD_REQUEST_TIMEOUT_MS: '15000',
    });
    expect(c.publicUrl).toBe('https://news.example');
    expect(c.trustedProxies).toEqual(['10.0.0.0/8', '::1']);
    expect(c.secretKeys).toHaveLength(2);
    expect(c.pageCacheBytes).toBe(128 * 1024 * 1024);
    expect(c.payments).toEqual({ gateway: 'stripe', secretKey: 'sk_live_abc123', webhookSecret: 'whsec_abc' });
    expect(c.requestTimeoutMs).toBe(15_000);
  });

  it('waits 60 s for a whole request by default, and refuses a limit out of range', () => {
    expect(loadConfig({}).requestTimeoutMs).toBe(60_000);
    expect(() => loadConfig({ MASTHEAD_REQUEST_TIMEOUT_MS: '0' })).toThrow(/MASTHEAD_REQUEST_TIMEOUT_MS/);
    expect(() => loadConfig({ MASTHEAD_REQUEST_TIMEOUT_MS: 'soon' })).toThrow(/MASTHEAD_REQUEST_TIMEOUT_MS/);
  });

  it('logs server errors and slow requests only, unless the access log is asked for', () => {
    expect(loadConfig({})).toMatchObject({ accessLog: false, slowRequestMs: 1000 });
    for (const on of ['1', 'true', 'TRUE', ' true ']) expect(loadConfig({ MASTHEAD_ACCESS_LOG: on }).accessLog).toBe(true);
    for (const off of ['0', 'false', '']) expect(loadConfig({ MASTHEAD_ACCESS_LOG: off }).accessLog).toBe(false);
    expect(loadConfig({ MASTHEAD_SLOW_REQUEST_MS: '250' }).slowRequestMs).toBe(250);
  });

  it('refuses an access-log switch or a slow-request threshold it cannot read', () => {
    expect(() => loadConfig({ MASTHEAD_ACCESS_LOG: 'yes' })).toThrow(/MASTHEAD_ACCESS_LOG must be 1 or true.*got "yes"/);
    for (const bad of ['0', 'fast', '1.5', '-5', '3600001'])
      expect(() => loadConfig({ MASTHEAD_SLOW_REQUEST_MS: bad })).toThrow(
        /MASTHEAD_SLOW_REQUEST_MS must be a whole number from 1 to 3600000/,
      );
  });

  it('assembles the daily email at 06:00 and sends it at 07:00 with 5 to 12 stories, unless told otherwise', () => {
    expect(loadConfig({}).newsletter).toMatchObject({
      assembleAt: { h: 6, min: 0 },
      sendAt: { h: 7, min: 0 },
      minStories: 5,
      maxStories: 12,
    });
    const c = loadConfig({
      MASTHEAD_NEWSLETTER_ASSEMBLE_AT: '05:30',
      MASTHEAD_NEWSLETTER_SEND_AT: 'off',
      MASTHEAD_NEWSLETTER_MIN_STORIES: '3',
      MASTHEAD_NEWSLETTER_MAX_STORIES: '8',
    });
    expect(c.newsletter).toMatchObject({ assembleAt: { h: 5, min: 30 }, sendAt: null, minStories: 3, maxStories: 8 });
    expect(() => loadConfig({ MASTHEAD_NEWSLETTER_ASSEMBLE_AT: '6am' })).toThrow(
      /MASTHEAD_NEWSLETTER_ASSEMBLE_AT must be a time of day as HH:MM.*got "6am"/,
    );
    expect(() => loadConfig({ MASTHEAD_NEWSLETTER_ASSEMBLE_AT: 'off' })).toThrow(/MASTHEAD_NEWSLETTER_ASSEMBLE_AT/);
    expect(() => loadConfig({ MASTHEAD_NEWSLETTER_SEND_AT: '25:00' })).toThrow(/MASTHEAD_NEWSLETTER_SEND_AT/);
    expect(() => loadConfig({ MASTHEAD_NEWSLETTER_MIN_STORIES: '0' })).toThrow(/MASTHEAD_NEWSLETTER_MIN_STORIES/);
    expect(() => loadConfig({ MASTHEAD_NEWSLETTER_MIN_STORIES: '9', MASTHEAD_NEWSLETTER_MAX_STORIES: '6' })).toThrow(
      /MASTHEAD_NEWSLETTER_MAX_STORIES \(6\) must not be below MASTHEAD_NEWSLETTER_MIN_STORIES \(9\)/,
    );
  });

  it('counts no clicks in the daily email unless MASTHEAD_NEWSLETTER_CLICKS turns it on', () => {
    expect(loadConfig({}).newsletter.clickTracking).toBe(false);
    expect(loadConfig({ MASTHEAD_NEWSLETTER_CLICKS: 'on' }).newsletter.clickTracking).toBe(true);
    expect(loadConfig({ MASTHEAD_NEWSLETTER_CLICKS: 'OFF' }).newsletter.clickTracking).toBe(false);
    expect(() => loadConfig({ MASTHEAD_NEWSLETTER_CLICKS: 'sometimes' })).toThrow(
      /MASTHEAD_NEWSLETTER_CLICKS must be on or off \(got "sometimes"\)/,
    );
  });

  it('sends the daily email through SMTP_URL, 5 connections, 100 a second, giving up after 6 hours, unless told otherwise', () => {
    expect(loadConfig({ SMTP_URL: 'smtp://relay:25' }).newsletter.sending).toEqual({
      smtpUrl: 'smtp://relay:25',
      connections: 5,
      messagesPerSecond: 100,
      giveUpAfterMs: 6 * 3_600_000,
      retryAfterMs: 30_000,
      leaseMs: 120_000,
      dkim: undefined,
      bounceAddress: undefined,
      bounceWebhookSecret: undefined,
    });
    const c = loadConfig({
      SMTP_URL: 'smtp://relay:25',
      MASTHEAD_NEWSLETTER_SMTP_URL: 'smtps://bulk:465',
      MASTHEAD_NEWSLETTER_CONNECTIONS: '12',
      MASTHEAD_NEWSLETTER_RATE: '0',
      MASTHEAD_NEWSLETTER_GIVE_UP_AFTER: '90m',
      MASTHEAD_NEWSLETTER_RETRY_AFTER: '1500ms',
      MASTHEAD_NEWSLETTER_LEASE: '1s',
      MASTHEAD_DKIM_DOMAIN: 'paper.example',
      MASTHEAD_DKIM_SELECTOR: 'mail2026',
      MASTHEAD_DKIM_PRIVATE_KEY_FILE: '/etc/masthead/dkim.pem',
    }).newsletter.sending;
    expect(c).toEqual({
      smtpUrl: 'smtps://bulk:465',
      connections: 12,
      messagesPerSecond: 0,
      giveUpAfterMs: 5_400_000,
      retryAfterMs: 1500,
      leaseMs: 1000,
      dkim: { domain: 'paper.example', selector: 'mail2026', privateKeyFile: '/etc/masthead/dkim.pem' },
      bounceAddress: undefined,
      bounceWebhookSecret: undefined,
    });
    expect(() => loadConfig({ MASTHEAD_NEWSLETTER_GIVE_UP_AFTER: 'six hours' })).toThrow(
      /MASTHEAD_NEWSLETTER_GIVE_UP_AFTER must be a time span.*got "six hours"/,
    );
    expect(() => loadConfig({ MASTHEAD_NEWSLETTER_CONNECTIONS: '0' })).toThrow(/MASTHEAD_NEWSLETTER_CONNECTIONS/);
    expect(() => loadConfig({ MASTHEAD_NEWSLETTER_SMTP_URL: 'http://x' })).toThrow(/MASTHEAD_NEWSLETTER_SMTP_URL must be an smtp/);
    expect(() => loadConfig({ MASTHEAD_DKIM_DOMAIN: 'paper.example' })).toThrow(/go together: set all three, or none/);
  });

  it('reads the bounce address and the bounce webhook secret (issue 15, after sending)', () => {
    expect(
      loadConfig({
        MASTHEAD_BOUNCE_ADDRESS: 'bounces@bounce.paper.example',
        MASTHEAD_BOUNCE_WEBHOOK_SECRET: 'sixteen-chars-or-more',
      }).newsletter.sending,
    ).toMatchObject({
      bounceAddress: 'bounces@bounce.paper.example',
      bounceWebhookSecret: 'sixteen-chars-or-more',
    });
    expect(() => loadConfig({ MASTHEAD_BOUNCE_ADDRESS: 'a-local-part-far-too-long-for-verp@b.example' })).toThrow(
      /MASTHEAD_BOUNCE_ADDRESS/,
    );
    expect(() => loadConfig({ MASTHEAD_BOUNCE_ADDRESS: 'bounces+x@b.example' })).toThrow(/MASTHEAD_BOUNCE_ADDRESS/);
    expect(() => loadConfig({ MASTHEAD_BOUNCE_WEBHOOK_SECRET: 'short' })).toThrow(/MASTHEAD_BOUNCE_WEBHOOK_SECRET must be at least 16/);
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

// Production is explicit (README, "Configuration"): every combination of environment, Stripe keys, the demo
// switch and PUBLIC_URL, with the gateway it yields or the problems it names.
describe('loadConfig: payments and production', () => {
  const KEYS = { STRIPE_SECRET_KEY: 'sk_test_abc123', STRIPE_WEBHOOK_SECRET: 'whsec_abc' };
  const URL = { PUBLIC_URL: 'https://news.example' };
  const DEMO = { MASTHEAD_DEMO_PAYMENTS: '1' };
  type Env = Record<string, string>;
  type Row = [name: string, env: Env, outcome: { gateway: 'stripe' | 'demo'; reason?: string } | { problems: RegExp[] }];
  const rows: Row[] = [
    ['development, nothing set: demo, default URL', {}, { gateway: 'demo', reason: 'not-production' }],
    ['development with keys: Stripe', KEYS, { gateway: 'stripe' }],
    ['development asking for the demo: demo', DEMO, { gateway: 'demo', reason: 'requested' }],
    ['test, nothing set: demo', { NODE_ENV: 'test' }, { gateway: 'demo', reason: 'not-production' }],
    ['production with keys and URL: Stripe', { NODE_ENV: 'production', ...KEYS, ...URL }, { gateway: 'stripe' }],
    [
      'production asking for the demo, with URL: demo',
      { NODE_ENV: 'production', ...DEMO, ...URL },
      { gateway: 'demo', reason: 'requested' },
    ],
    [
      'production without keys: refuses, naming both ways out',
      { NODE_ENV: 'production', ...URL },
      { problems: [/STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET/, /MASTHEAD_DEMO_PAYMENTS=1/] },
    ],
    [
      'production with MASTHEAD_DEMO_PAYMENTS=0 and no keys: refuses',
      { NODE_ENV: 'production', ...URL, MASTHEAD_DEMO_PAYMENTS: '0' },
      { problems: [/MASTHEAD_DEMO_PAYMENTS=1/] },
    ],
    ['production without PUBLIC_URL: refuses', { NODE_ENV: 'production', ...KEYS }, { problems: [/PUBLIC_URL is required in production/] }],
    [
      'production with nothing: both problems at once',
      { NODE_ENV: 'production' },
      { problems: [/PUBLIC_URL is required/, /STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET/] },
    ],
    [
      'demo asked with keys: refuses, naming the conflict',
      { ...DEMO, ...KEYS },
      { problems: [/MASTHEAD_DEMO_PAYMENTS=1 and Stripe keys are both set/] },
    ],
    ['demo asked with keys in production: refuses', { NODE_ENV: 'production', ...URL, ...DEMO, ...KEYS }, { problems: [/both set/] }],
    ['a secret key alone: refuses', { STRIPE_SECRET_KEY: 'sk_test_abc123' }, { problems: [/STRIPE_WEBHOOK_SECRET is required/] }],
    ['a webhook secret alone: refuses', { STRIPE_WEBHOOK_SECRET: 'whsec_abc' }, { problems: [/STRIPE_SECRET_KEY is required/] }],
    [
      'a webhook secret alone in production: refuses',
      { NODE_ENV: 'production', ...URL, STRIPE_WEBHOOK_SECRET: 'whsec_abc' },
      { problems: [/STRIPE_SECRET_KEY is required/] },
    ],
    ['demo switch with another value: refuses', { MASTHEAD_DEMO_PAYMENTS: 'yes' }, { problems: [/MASTHEAD_DEMO_PAYMENTS must be 1/] }],
  ];

  it.each(rows)('%s', (_name, env, outcome) => {
    if ('problems' in outcome) {
      let problems = '';
      try {
        loadConfig(env);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        problems = (err as ConfigError).message;
      }
      for (const p of outcome.problems) expect(problems).toMatch(p);
      return;
    }
    const c = loadConfig(env);
    expect(c.payments.gateway).toBe(outcome.gateway);
    if (c.payments.gateway === 'demo') expect(c.payments.reason).toBe(outcome.reason);
    if (c.payments.gateway === 'stripe') expect(c.payments).toMatchObject({ secretKey: 'sk_test_abc123', webhookSecret: 'whsec_abc' });
  });

  it('keeps the default PUBLIC_URL outside production', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ NODE_ENV: 'test' }).publicUrl).toBe('http://localhost:3000');
  });
});
