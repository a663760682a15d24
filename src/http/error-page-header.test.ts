import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpConfirmed, TestBrowser } from '../accounts/account-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import type { PageChrome } from '../views/layout.js';
import { AppError } from './app-error.js';
import { frameworkErrorHandler, registerErrorHandling } from './error-pages.js';

const ACCOUNT_LINK = '<a href="/account">Account</a>';
const SIGN_IN = />Sign in</;

// Error pages carry the page header like every reader page: a signed-in reader sees "Account",
// not "Sign in".
describe.each(DIALECTS)('error pages for a signed-in reader on %s', (dialect) => {
  let t: TestApp;
  let reader: TestBrowser;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
    reader = new TestBrowser(t.app);
    const email = 'error-pages@example.com';
    const password = 'correct horse battery';
    await signUpConfirmed(t, email, password, reader);
    expect(reader.cookies.has('mh_session')).toBe(true);
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows the account link on a 404, and "Sign in" to a visitor without a session', async () => {
    const r = await reader.get('/news/2026/01/01/no-such-story');
    expect(r.statusCode).toBe(404);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.body).toContain('Page not found');
    expect(r.body).toContain(ACCOUNT_LINK);
    expect(r.body).not.toMatch(SIGN_IN);

    const anon = await new TestBrowser(t.app).get('/news/2026/01/01/no-such-story');
    expect(anon.statusCode).toBe(404);
    expect(anon.body).toMatch(SIGN_IN);
    expect(anon.body).not.toContain(ACCOUNT_LINK);
  });

  it('shows it on a 400 for a malformed address and on a 400 for bad input', async () => {
    const badUrl = await reader.get('/news/%E0%A4%A');
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.body).toContain(ACCOUNT_LINK);
    const badInput = await reader.get(`/search?q=${'x'.repeat(5000)}`);
    expect(badInput.statusCode).toBe(400);
    expect(badInput.body).toContain(ACCOUNT_LINK);
  });

  it('says "Sign in" again once the session has ended', async () => {
    const expired = new TestBrowser(t.app);
    expired.cookies.set('mh_session', 'not-a-live-session-token-at-all-000000000000');
    const r = await expired.get('/no-such-page');
    expect(r.statusCode).toBe(404);
    expect(r.body).toMatch(SIGN_IN);
  });
});

describe('an error page while the session cannot be found', () => {
  const chrome: PageChrome = {
    site: { name: 'The Ledger', tagline: 'News', description: 'A paper', language: 'en' } as PageChrome['site'],
    sections: [],
    publicUrl: 'https://paper.test',
  };

  it.each([
    [
      'throws',
      () => {
        throw new Error('session store is down');
      },
    ],
    ['rejects', () => Promise.reject(new Error('session store is down'))],
    ['never answers', () => new Promise<boolean>(() => {})],
  ])('still renders when the lookup %s (as not signed in)', async (_how, probe) => {
    const app = Fastify({ frameworkErrors: frameworkErrorHandler(async () => chrome, probe) });
    registerErrorHandling(app, async () => chrome, probe);
    app.get('/boom', async () => {
      throw new Error('database exploded');
    });
    app.get('/gone', async () => {
      throw new AppError('ARTICLE_GONE', 410, 'This story has been withdrawn.');
    });
    try {
      for (const [url, status] of [
        ['/nothing-here', 404],
        ['/boom', 500],
        ['/gone', 410],
        ['/%E0%A4%A', 400],
      ] as const) {
        const r = await app.inject({ url, headers: { cookie: 'mh_session=whatever' } });
        expect(r.statusCode, url).toBe(status);
        expect(r.headers['content-type']).toContain('text/html');
        expect(r.body).toMatch(SIGN_IN);
        expect(r.body).not.toContain('database exploded');
      }
    } finally {
      await app.close();
    }
  });

  it('shows the account link when the probe says signed in, on 500 and 410 too', async () => {
    const app = Fastify();
    registerErrorHandling(
      app,
      async () => chrome,
      () => true,
    );
    app.get('/boom', async () => {
      throw new Error('database exploded');
    });
    app.get('/gone', async () => {
      throw new AppError('ARTICLE_GONE', 410, 'This story has been withdrawn.');
    });
    try {
      for (const url of ['/boom', '/gone', '/nothing-here']) expect((await app.inject(url)).body, url).toContain(ACCOUNT_LINK);
    } finally {
      await app.close();
    }
  });

  it('shows it on a 429 from the rate limiter too', async () => {
    const app = Fastify();
    registerErrorHandling(
      app,
      async () => chrome,
      () => true,
    );
    await app.register(rateLimit, { max: 1, timeWindow: '1 minute' });
    app.get('/form', async () => 'ok');
    try {
      expect((await app.inject('/form')).statusCode).toBe(200);
      const limited = await app.inject('/form');
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['content-type']).toContain('text/html');
      expect(limited.body).toContain('Too many requests');
      expect(limited.body).toContain(ACCOUNT_LINK);
    } finally {
      await app.close();
    }
  });
});
