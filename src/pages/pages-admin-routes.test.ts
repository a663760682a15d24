import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedInStaff, signInStaff } from '../admin/admin-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';

describe.each(DIALECTS)('static pages in the admin on %s', (dialect) => {
  let t: TestApp;
  let editor: SignedInStaff;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
    editor = await signInStaff(t, 'editor');
  });
  afterAll(async () => {
    await t.close();
  });

  const save = async (slug: string, form: Record<string, string>) =>
    editor.browser.submit(`/admin/pages/${slug}`, `/admin/pages/${slug}`, form);

  it('lists the five pages for editors and owners; writers and business staff are refused', async () => {
    const r = await editor.browser.get('/admin/pages');
    expect(r.statusCode).toBe(200);
    for (const slug of ['about', 'contact', 'corrections-policy', 'privacy', 'terms'])
      expect(r.body).toContain(`href="/admin/pages/${slug}"`);
    expect(r.body).toContain('Not written yet');
    const owner = await signInStaff(t, 'owner');
    expect((await owner.browser.get('/admin/pages/about')).statusCode).toBe(200);
    for (const role of ['writer', 'business'] as const) {
      const other = await signInStaff(t, role);
      expect((await other.browser.get('/admin/pages')).statusCode).toBe(403);
      expect((await other.browser.post('/admin/pages/about', { title: 'x', body: 'y' })).statusCode).toBe(403);
    }
    expect((await t.app.inject('/admin/pages/about')).statusCode).toBe(303);
    expect((await editor.browser.get('/admin/pages/nowhere')).statusCode).toBe(404);
  });

  it('saves a page with a plain form: 303 back with a notice; the reader page and the footer show it', async () => {
    const form = await editor.browser.get('/admin/pages/contact');
    expect(form.body).toContain('<label for="title">Title</label>');
    expect(form.body).toContain('<label for="body">Body</label>');
    expect(form.body).toContain('>Save</button>');
    const r = await save('contact', { title: 'Write to us', body: 'Call the **newsdesk**.' });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/admin/pages/contact?saved=1');
    const after = await editor.browser.get('/admin/pages/contact?saved=1');
    expect(after.body).toContain('Saved. The page on the site shows it now.');
    expect(after.body).toContain('href="/contact"');
    expect(after.body).toContain('Call the **newsdesk**.</textarea>');
    const reader = await t.app.inject('/contact');
    expect(reader.statusCode).toBe(200);
    expect(reader.body).toContain('Call the <strong>newsdesk</strong>.');
    expect((await t.app.inject('/')).body).toContain('<a href="/contact">Write to us</a>');
    const stored = await t.services.pages.get('contact');
    expect(stored.updatedBy).toBe(editor.staff.id);
  });

  it('re-renders the form with the problem next to the field and what was typed (400); nothing is saved', async () => {
    const r = await save('contact', { title: '   ', body: 'A new body that must not be lost.' });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('<a href="#title">must not be empty</a>');
    expect(r.body).toMatch(/id="title"[^>]*aria-invalid="true"/);
    expect(r.body).toContain('A new body that must not be lost.</textarea>');
    const empty = await save('privacy', { title: 'Privacy', body: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('<a href="#body">must not be empty</a>');
    const long = await save('privacy', { title: 'x'.repeat(200), body: 'ok' });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('must be at most 120 characters');
    const missing = await editor.browser.submit('/admin/pages/privacy', '/admin/pages/privacy', { title: 'Only a title' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('This form was not complete');
    expect((await t.services.pages.get('contact')).bodyMarkdown).toBe('Call the **newsdesk**.');
    expect((await t.app.inject('/privacy')).statusCode).toBe(404);
  });

  it('refuses a post without the CSRF token', async () => {
    const r = await editor.browser.post('/admin/pages/terms', { title: 'Terms', body: 'Be kind.' });
    expect(r.statusCode).toBe(403);
    expect((await t.app.inject('/terms')).statusCode).toBe(404);
  });
});
