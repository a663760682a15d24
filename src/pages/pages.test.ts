import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import { checkPageInput } from './static-page.js';

describe('checkPageInput', () => {
  it('trims what was typed and names each problem field', () => {
    expect(checkPageInput({ title: '  About \n us ', body: 'Hello\r\n' })).toEqual({ title: 'About us', body: 'Hello' });
    expect(checkPageInput({ title: ' ', body: '' })).toEqual([
      { field: 'title', message: 'must not be empty' },
      { field: 'body', message: 'must not be empty' },
    ]);
    expect(checkPageInput({ title: 'x'.repeat(121), body: 'y'.repeat(100_001) })).toEqual([
      { field: 'title', message: 'must be at most 120 characters' },
      { field: 'body', message: 'must be at most 100,000 characters' },
    ]);
  });
});

describe.each(DIALECTS)('static pages on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a page nobody has written is a 404 and is not in the footer; Corrections always is', async () => {
    const r = await t.app.inject('/about');
    expect(r.statusCode).toBe(404);
    const front = await t.app.inject('/');
    expect(front.body).not.toContain('href="/about"');
    expect(front.body).toContain('<a href="/corrections">Corrections</a>');
    expect((await t.services.pages.list()).map((p) => [p.slug, p.title, p.updatedAt])).toEqual([
      ['about', 'About us', null],
      ['contact', 'Contact', null],
      ['corrections-policy', 'Corrections policy', null],
      ['privacy', 'Privacy', null],
      ['terms', 'Terms of use', null],
    ]);
  });

  it('serves a written page with its Markdown rendered and sanitized, cached, and in the footer in order', async () => {
    await t.app.inject('/'); // a cached front, whose footer must change
    await t.services.pages.save(
      'corrections-policy',
      { title: 'How we correct', body: 'We fix **errors**.\n\n<script>alert(1)</script>\n\n[Our corrections](/corrections)' },
      'editor-1',
    );
    await t.services.pages.save('about', { title: 'About the paper', body: 'Since 1887.' }, 'editor-1');
    const r = await t.app.inject('/corrections-policy');
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toContain('public');
    expect(r.body).toContain('<h1>How we correct</h1>');
    expect(r.body).toContain('We fix <strong>errors</strong>.');
    expect(r.body).not.toContain('<script>alert');
    expect(r.body).toContain('rel="canonical" href="https://paper.test/corrections-policy"');
    const again = await t.app.inject({ url: '/corrections-policy', headers: { 'if-none-match': String(r.headers.etag) } });
    expect(again.statusCode).toBe(304);

    const footer = (await t.app.inject('/')).body.split('aria-label="About the paper"')[1] ?? '';
    const links = [...footer.slice(0, footer.indexOf('</nav>')).matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(links).toEqual(['/about About the paper', '/corrections-policy How we correct', '/corrections Corrections']);
  });

  it('a save empties the cached page at once', async () => {
    expect((await t.app.inject('/about')).body).toContain('Since 1887.');
    await t.services.pages.save('about', { title: 'About the paper', body: 'Since 1888, in fact.' }, null);
    const r = await t.app.inject('/about');
    expect(r.body).toContain('Since 1888, in fact.');
    expect(r.body).not.toContain('Since 1887.');
  });

  it('refuses an empty title or body with a 400 naming the field', async () => {
    await expect(t.services.pages.save('terms', { title: '', body: 'x' }, null)).rejects.toMatchObject({
      statusCode: 400,
      fields: [{ field: 'title', message: 'must not be empty' }],
    });
    expect((await t.app.inject('/terms')).statusCode).toBe(404);
  });
});
