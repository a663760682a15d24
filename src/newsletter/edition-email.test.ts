/** The daily email's HTML and text: structure, inlined styles, no script, every link in the text part, speed. */
import { describe, expect, it } from 'vitest';
import type { ArticleSummary, ImageRef } from '../articles/index.js';
import { linksIn } from '../mail/index.js';
import type { Edition } from './edition.js';
import { type EditionEmailContent, renderEdition } from './edition-email-content.js';
import { EMAIL_IMAGE_WIDTH, editionEmailContent, emailImage } from './edition-presenter.js';

const IMAGE: ImageRef = {
  id: 'img1',
  width: 1600,
  height: 900,
  contentType: 'image/jpeg',
  originalKey: 'images/img1/original.jpg',
  variants: [320, 640, 960, 1280, 1600].flatMap((w) => [
    { width: w, height: Math.round((w * 9) / 16), format: 'jpeg' as const, key: `images/img1/${w}.jpg`, bytes: 1 },
    { width: w, height: Math.round((w * 9) / 16), format: 'webp' as const, key: `images/img1/${w}.webp`, bytes: 1 },
  ]),
};

function story(i: number, over: Partial<ArticleSummary> = {}): ArticleSummary {
  return {
    id: `s${i}`,
    slug: `story-${i}`,
    headline: `Headline number ${i} & more`,
    dek: `Why story ${i} matters <today>.`,
    status: 'published',
    access: i % 3 === 0 ? 'subscribers' : 'metered',
    section: { id: 'n', slug: 'news', name: 'News' },
    authors: [
      { id: 'a', slug: 'mara-quint', name: 'Mara Quint' },
      { id: 'b', slug: 'tobias-renn', name: 'Tobias Renn' },
    ],
    hero: i % 2 === 0 ? { image: IMAGE, alt: `Picture of story ${i}`, caption: '', credit: '', focalX: 0.5, focalY: 0.5 } : null,
    publishedAt: new Date('2026-12-06T20:00:00Z'),
    revisedAt: null,
    updatedAt: new Date('2026-12-06T20:00:00Z'),
    wordCount: 700,
    version: 1,
    ...over,
  };
}

const EDITION: Edition = {
  id: 'e1',
  date: '2026-12-07',
  subject: 'Ferries, schools & the budget',
  intro: 'Good morning. Here is what happened overnight.',
  status: 'draft',
  sendAt: null,
  sentAt: null,
  storyIds: [],
  version: 1,
  createdAt: new Date(),
  updatedAt: new Date(),
  updatedBy: 'system',
};

const content = (n: number): EditionEmailContent =>
  editionEmailContent(
    EDITION,
    Array.from({ length: n }, (_, i) => story(i + 1)),
    {
      siteName: 'The Harbour Gazette',
      publicUrl: 'https://paper.test',
      timeZone: 'Europe/London',
    },
  );
const LINKS = { unsubscribeUrl: 'https://paper.test/u/abc?x=1&y=2', preferencesUrl: 'https://paper.test/account/email' };

describe('the edition email', () => {
  it('is table layout with every style inlined, no script, no remote font, and a dark scheme', async () => {
    const { html } = (await renderEdition(content(4))).forRecipient(LINKS);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toMatch(/<table role="presentation"[^>]*width="600"/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/@import|fonts\.googleapis|@font-face|<link /i);
    // The styles are on the elements themselves.
    expect(html).toMatch(/<h2 class="headline" style="[^"]*font-family: Georgia/);
    expect(html).toMatch(/<td class="story" style="[^"]*border-top: 1px solid #d9d4c7/);
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toContain('@media (prefers-color-scheme: dark)');
    // The only <style> left holds what cannot be inlined (media queries).
    const styles = html.match(/<style[^>]*>[\s\S]*?<\/style>/g) ?? [];
    expect(styles).toHaveLength(1);
    expect(
      styles[0]
        ?.replace(/@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}/g, '')
        .replace(/<\/?style[^>]*>/g, '')
        .trim(),
    ).toBe('');
  });

  it('shows each story’s headline, dek, byline, picture with alt text (a JPEG sized for the column) and public link', async () => {
    const { html } = (await renderEdition(content(4))).forRecipient(LINKS);
    expect(html).toContain('Headline number 1 &amp; more');
    expect(html).toContain('Why story 1 matters &lt;today');
    expect(html).toContain('By Mara Quint and Tobias Renn');
    expect(html).toContain('href="https://paper.test/news/2026/12/06/story-1"');
    expect(html).toMatch(
      new RegExp(
        `<img class="picture" src="https://paper.test/media/img1/1280.jpg" width="${EMAIL_IMAGE_WIDTH}" height="311" alt="Picture of story 2"`,
      ),
    );
    expect(html.match(/<img /g)).toHaveLength(2);
    // Each reader's links, escaped in attributes; the visible unsubscribe and preferences links.
    expect(html).toContain('href="https://paper.test/u/abc?x=1&amp;y=2"');
    expect(html).toMatch(/<a href="https:\/\/paper\.test\/u\/abc\?x=1&amp;y=2"[^>]*>Unsubscribe<\/a>/);
    expect(html).toMatch(/>Manage your email preferences<\/a>/);
    expect(html).not.toContain('masthead.invalid');
  });

  it('has a plain-text part with every link of the HTML', async () => {
    const { html, text } = (await renderEdition(content(5))).forRecipient(LINKS);
    const htmlLinks = [...html.matchAll(/href="([^"]+)"/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));
    const textLinks = linksIn(text);
    for (const link of new Set(htmlLinks)) expect(textLinks, link).toContain(link);
    expect(text).toContain('1. Headline number 1 & more');
    expect(text).toContain('Good morning. Here is what happened overnight.');
    expect(text).toContain('Unsubscribe: https://paper.test/u/abc?x=1&y=2');
    expect(text).toContain('View in your browser: https://paper.test/newsletter/2026-12-07');
    expect(text).not.toMatch(/<\/?(a|p|td|table|h2)\b/);
  });

  it('takes the JPEG rendition, else what there is; no hero, no picture', () => {
    expect(emailImage(story(2), 'https://p.test')?.src).toBe('https://p.test/media/img1/1280.jpg');
    const webpOnly = { ...IMAGE, contentType: 'image/webp', variants: IMAGE.variants.filter((v) => v.format === 'webp') };
    const s = story(2, { hero: { image: webpOnly, alt: 'a', caption: '', credit: '', focalX: 0.5, focalY: 0.5 } });
    expect(emailImage(s, 'https://p.test')?.src).toBe('https://p.test/media/img1/1280.webp');
    const small = {
      ...IMAGE,
      width: 300,
      height: 200,
      variants: [{ width: 300, height: 200, format: 'png' as const, key: 'images/x/300.png', bytes: 1 }],
    };
    expect(emailImage(story(2, { hero: { image: small, alt: 'a', caption: '', credit: '', focalX: 0.5, focalY: 0.5 } }), '')).toMatchObject(
      {
        width: 300,
        height: 200,
      },
    );
    expect(emailImage(story(1), 'https://p.test')).toBeNull();
  });

  it('renders a 12-story issue small enough for every client, and personalises each copy', async () => {
    const rendered = await renderEdition(content(12));
    const html = rendered.forRecipient(LINKS).html;
    // Gmail clips a message over 102 KB; speed is the bench's business (docs/STATUS.md has figures).
    expect(Buffer.byteLength(html)).toBeLessThan(60 * 1024);
    const other = rendered.forRecipient({ ...LINKS, unsubscribeUrl: 'https://paper.test/u/another-reader' });
    expect(other.html).toContain('https://paper.test/u/another-reader');
    expect(other.text).toContain('https://paper.test/u/another-reader');
    expect(other.html).not.toContain('/u/abc');
  });

  it('lists the edition’s links in position order, and puts a recipient’s click link for each of them (never for their own links)', async () => {
    const rendered = await renderEdition(content(3));
    expect(rendered.links.map((l) => [l.kind, l.url])).toEqual([
      ['home', 'https://paper.test/'],
      ['browser', 'https://paper.test/newsletter/2026-12-07'],
      ['story', 'https://paper.test/news/2026/12/06/story-1'],
      ['story', 'https://paper.test/news/2026/12/06/story-2'],
      ['story', 'https://paper.test/news/2026/12/06/story-3'],
    ]);
    expect(rendered.links[2]?.label).toBe('Headline number 1 & more');
    const asked: string[] = [];
    const clickUrl = (url: string) => {
      asked.push(url);
      return `https://paper.test/newsletter/c/${rendered.links.findIndex((l) => l.url === url)}?a=1&b=2`;
    };
    const { html, text } = rendered.forRecipient({ ...LINKS, clickUrl });
    expect(new Set(asked)).toEqual(new Set(rendered.links.map((l) => l.url)));
    const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    // Escaped in the HTML, as they are in the text.
    // The front page, "view in browser", and per story its headline and "Read the story" (story 2's picture too).
    expect(hrefs.filter((h) => h?.startsWith('https://paper.test/newsletter/c/'))).toHaveLength(2 + 2 + 3 + 2);
    expect(html).toContain('href="https://paper.test/newsletter/c/2?a=1&amp;b=2"');
    expect(text).toContain('https://paper.test/newsletter/c/2?a=1&b=2');
    expect(linksIn(text).filter((l) => l.startsWith('https://paper.test/newsletter/c/'))).toHaveLength(5);
    // No public URL of the edition is left; the reader's own links are as they were.
    for (const l of rendered.links) {
      expect(hrefs).not.toContain(l.url);
      expect(linksIn(text)).not.toContain(l.url);
    }
    expect(html).toContain('href="https://paper.test/u/abc?x=1&amp;y=2"');
    expect(text).toContain('Unsubscribe: https://paper.test/u/abc?x=1&y=2');
    expect(text).toContain('Manage your email preferences: https://paper.test/account/email');
    // Without click links, the plain URLs.
    expect(rendered.forRecipient(LINKS).html).toContain('href="https://paper.test/news/2026/12/06/story-1"');
  });
});
