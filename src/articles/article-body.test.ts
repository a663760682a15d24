import { describe, expect, it } from 'vitest';
import { countWords, slugify } from './article.js';
import { bodyText, referencedImageIds, renderBody } from './article-body.js';

describe('renderBody', () => {
  it('splits the body into typed top-level blocks', () => {
    const blocks = renderBody('First para.\n\n## A sub-head\n\n> A quote\n\n- one\n- two\n\n---\n\nLast *para*.');
    expect(blocks.map((b) => b.type)).toEqual(['paragraph', 'heading', 'quote', 'list', 'rule', 'paragraph']);
    expect(blocks[0]?.html).toBe('<p>First para.</p>\n');
    expect(blocks[5]?.text).toBe('Last para.');
  });

  it('never lets raw HTML or script links through', () => {
    const blocks = renderBody(
      '<script>alert(1)</script>\n\n[click](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n[data](data:text/html;base64,xx)',
    );
    const html = blocks.map((b) => b.html).join('');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toMatch(/href="(javascript|data):/);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<a ');
  });

  it('demotes h1 in the body (the headline is the only h1)', () => {
    const [b] = renderBody('# Big');
    expect(b?.html).toContain('<h2>Big</h2>');
  });

  it('marks external links noopener', () => {
    const [b] = renderBody('See [the report](https://example.org/r).');
    expect(b?.html).toContain('rel="noopener"');
  });

  it('turns a lone picture into a figure with its caption', () => {
    const id = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    const images = new Map([
      [
        id,
        {
          id,
          width: 1600,
          height: 900,
          contentType: 'image/jpeg',
          originalKey: `images/${id}/original.jpg`,
          variants: [
            { width: 640, height: 360, format: 'jpeg' as const, key: `images/${id}/640.jpg`, bytes: 1 },
            { width: 640, height: 360, format: 'webp' as const, key: `images/${id}/640.webp`, bytes: 1 },
          ],
        },
      ],
    ]);
    const md = `![The quay at dawn](/media/${id}/640.jpg "Fishing boats at the quay.")`;
    expect(referencedImageIds(md)).toEqual([id]);
    const [b] = renderBody(md, images);
    expect(b?.type).toBe('figure');
    expect(b?.html).toContain('width="1600" height="900"');
    expect(b?.html).toContain('type="image/webp"');
    expect(b?.html).toContain('<figcaption>Fishing boats at the quay.</figcaption>');
    expect(b?.html).toContain('alt="The quay at dawn"');
  });

  it('gives plain text for search and word counts', () => {
    const blocks = renderBody('One **two** three.\n\n- four five');
    expect(bodyText(blocks)).toBe('One two three.\n\nfour five');
    expect(countWords(bodyText(blocks))).toBe(5);
  });
});

describe('slugify', () => {
  it.each([
    ['Harbour dredging delayed', 'harbour-dredging-delayed'],
    ['Café owners’ “big” day!', 'cafe-owners-big-day'],
    ['  --Spaces--  ', 'spaces'],
  ])('%s → %s', (input, out) => {
    expect(slugify(input)).toBe(out);
  });
});
