import { describe, expect, it } from 'vitest';
import { AppError } from '../http/app-error.js';
import type { ImageRef } from './article.js';
import { type BodyDoc, docImageIds, isAllowedHref, MAX_BODY_DOC_CHARS, parseBodyDoc } from './body-doc.js';
import { renderDoc, renderDocParts } from './body-render.js';

function problems(json: unknown): string[] {
  try {
    parseBodyDoc(json);
  } catch (err) {
    if (err instanceof AppError && err.statusCode === 400) return err.fields.map((f) => `${f.field}: ${f.message}`);
    throw err;
  }
  throw new Error('expected a 400');
}

const p = (text: string, marks?: unknown[]) => ({ type: 'paragraph', content: [{ type: 'text', text, ...(marks ? { marks } : {}) }] });
const doc = (...content: unknown[]) => ({ type: 'doc', content });

describe('parseBodyDoc', () => {
  it('accepts a Tiptap document, fills defaults and drops attributes it does not know', () => {
    const parsed = parseBodyDoc(
      doc(
        { type: 'heading', attrs: { level: 3, id: 'x' }, content: [{ type: 'text', text: 'Next' }] },
        p('Read the report.', [{ type: 'link', attrs: { href: 'https://example.org/r', target: '_blank', rel: 'noopener', class: null } }]),
        { type: 'orderedList', attrs: { start: 3, type: null }, content: [{ type: 'listItem', content: [p('three')] }] },
        { type: 'paywallBreak' },
        {
          type: 'pullQuote',
          attrs: { attribution: 'The chair' },
          content: [{ type: 'text', text: 'Not rushed.', marks: [{ type: 'italic' }] }],
        },
        { type: 'figure', attrs: { imageId: 'abc-123', alt: 'A dredger' } },
      ),
    );
    expect(parsed.content[0]).toEqual({ type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'Next' }] });
    expect(parsed.content[1]?.content?.[0]?.marks).toEqual([{ type: 'link', attrs: { href: 'https://example.org/r' } }]);
    expect(parsed.content[2]?.attrs).toEqual({ start: 3 });
    expect(parsed.content[5]?.attrs).toEqual({ imageId: 'abc-123', alt: 'A dredger', caption: '', credit: '' });
    expect(docImageIds(parsed)).toEqual(['abc-123']);
  });

  it('accepts the JSON as text, as a form field carries it', () => {
    expect(parseBodyDoc(JSON.stringify(doc(p('Hi.')))).content).toHaveLength(1);
    expect(problems('{not json')).toEqual(['bodyDoc: is not JSON']);
  });

  it.each([
    ['an unknown node', doc({ type: 'image', attrs: { src: 'x' } }), 'bodyDoc.content.0.type: "image" is not a node the body may hold'],
    [
      'an unknown mark',
      doc(p('x', [{ type: 'underline' }])),
      'bodyDoc.content.0.content.0.marks.0.type: "underline" is not a mark the body may hold',
    ],
    ['a heading level 1', doc({ type: 'heading', attrs: { level: 1 } }), 'bodyDoc.content.0.attrs.level: must be 2, 3 or 4'],
    [
      'an ordered list from zero',
      doc({ type: 'orderedList', attrs: { start: 0 }, content: [{ type: 'listItem', content: [p('a')] }] }),
      'bodyDoc.content.0.attrs.start: must be a whole number from 1 to 1000000',
    ],
    ['a figure without an image id', doc({ type: 'figure', attrs: { alt: 'x' } }), 'bodyDoc.content.0.attrs.imageId: is required'],
    [
      'a figure without alt text',
      doc({ type: 'figure', attrs: { imageId: 'a', alt: ' ' } }),
      'bodyDoc.content.0.attrs.alt: a picture needs alt text',
    ],
    [
      'a javascript: link',
      doc(p('x', [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }])),
      'bodyDoc.content.0.content.0.marks.0.attrs.href: a link must go to an http(s) or mailto address, or a path on this site',
    ],
    [
      'an empty text node',
      doc({ type: 'paragraph', content: [{ type: 'text', text: '' }] }),
      'bodyDoc.content.0.content.0.text: a text node needs non-empty text',
    ],
    [
      'a nested paywall break',
      doc({ type: 'blockquote', content: [{ type: 'paywallBreak' }] }),
      'bodyDoc.content.0.content.0: a paywall break may stand only at the top level of the body',
    ],
    [
      'two paywall breaks',
      doc(p('a'), { type: 'paywallBreak' }, p('b'), { type: 'paywallBreak' }),
      'bodyDoc.content.3: a body may hold at most one paywall break',
    ],
    [
      'a list item starting with a list',
      doc({ type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'horizontalRule' }] }] }),
      'bodyDoc.content.0.content.0: a listItem cannot hold horizontalRule (paragraph block*)',
    ],
    ['text directly in the document', doc({ type: 'text', text: 'loose' }), 'bodyDoc: a doc cannot hold text ((block | paywallBreak)*)'],
    ['not a document', { type: 'paragraph' }, 'bodyDoc: must be a document: {"type": "doc", "content": […]}'],
  ])('refuses %s with a 400 naming where', (_what, json, expected) => {
    expect(problems(json)).toContain(expected);
  });

  it('refuses a document over the size limit', () => {
    const big = doc(p('x'.repeat(MAX_BODY_DOC_CHARS)));
    expect(problems(big)[0]).toMatch(/^bodyDoc: must be at most 2,000,000 characters/);
  });

  it('refuses nesting deeper than the limit', () => {
    let node: unknown = p('deep');
    for (let i = 0; i < 50; i++) node = { type: 'blockquote', content: [node] };
    expect(problems(doc(node)).join()).toMatch(/nested more than 40 levels deep/);
  });

  it.each([
    ['https://example.org/a?b=c', true],
    ['http://example.org', true],
    ['mailto:desk@example.org', true],
    ['/news/2026/12/07/story', true],
    ['#notes', true],
    ['//evil.example/x', false],
    ['/\\evil.example/x', false],
    ['/news\u0001x', false],
    ['javascript:alert(1)', false],
    ['data:text/html,hi', false],
    ['ftp://example.org/file', false],
    ['https://exa mple.org', false],
  ])('href %s allowed: %s', (href, ok) => {
    expect(isAllowedHref(href)).toBe(ok);
  });
});

const picture: ImageRef = {
  id: 'pic-1',
  width: 1600,
  height: 900,
  contentType: 'image/jpeg',
  originalKey: 'images/pic-1/original.jpg',
  variants: [{ width: 960, height: 540, format: 'jpeg', key: 'images/pic-1/960.jpg', bytes: 1 }],
};

describe('renderDoc', () => {
  const body: BodyDoc = parseBodyDoc(
    doc(
      p('Plain <b>text</b> & more.'),
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'Read ' },
          { type: 'text', text: 'the ', marks: [{ type: 'link', attrs: { href: 'https://example.org' } }] },
          { type: 'text', text: 'report', marks: [{ type: 'link', attrs: { href: 'https://example.org' } }, { type: 'bold' }] },
          { type: 'hardBreak' },
          { type: 'text', text: 'now', marks: [{ type: 'code' }] },
        ],
      },
      { type: 'paywallBreak' },
      { type: 'pullQuote', attrs: { attribution: 'Ada, chair' }, content: [{ type: 'text', text: 'We will not rush.' }] },
      { type: 'figure', attrs: { imageId: 'pic-1', alt: 'A dredger', caption: 'Idle since May.', credit: 'Ana Ruiz' } },
      {
        type: 'table',
        content: [
          {
            type: 'tableRow',
            content: [
              { type: 'tableHeader', content: [p('Year')] },
              { type: 'tableHeader', content: [p('Tonnes')] },
            ],
          },
          { type: 'tableRow', content: [{ type: 'tableCell', attrs: { colspan: 2 }, content: [p('none')] }] },
        ],
      },
      { type: 'paragraph' },
      { type: 'horizontalRule' },
    ),
  );

  it('renders sanitized blocks, pull quote and figure included, and the break as a position', () => {
    const { blocks, breakAt } = renderDocParts(body, new Map([['pic-1', picture]]));
    expect(blocks.map((b) => b.type)).toEqual(['paragraph', 'paragraph', 'pullquote', 'figure', 'table', 'rule']);
    expect(breakAt).toBe(2);
    expect(blocks[0]?.html).toBe('<p>Plain &lt;b&gt;text&lt;/b&gt; &amp; more.</p>');
    expect(blocks[1]?.html).toBe(
      '<p>Read <a href="https://example.org" rel="noopener">the <strong>report</strong></a><br /><code>now</code></p>',
    );
    expect(blocks[1]?.text).toBe('Read the report now');
    expect(blocks[2]?.html).toBe(
      '<figure class="pull-quote"><blockquote><p>We will not rush.</p></blockquote><figcaption>Ada, chair</figcaption></figure>',
    );
    expect(blocks[2]?.text).toBe('We will not rush. — Ada, chair');
    expect(blocks[3]?.html).toContain('<picture>');
    expect(blocks[3]?.html).toContain('width="1600" height="900" alt="A dredger"');
    expect(blocks[3]?.html).toContain('<figcaption>Idle since May.<span class="credit">Ana Ruiz</span></figcaption>');
    expect(blocks[3]?.text).toBe('Idle since May. Ana Ruiz');
    expect(blocks[4]?.html).toBe(
      '<table><thead><tr><th>Year</th><th>Tonnes</th></tr></thead><tbody><tr><td colspan="2">none</td></tr></tbody></table>',
    );
  });

  it('gives no break position without a break, and renderDoc the same blocks', () => {
    const noBreak = { ...body, content: body.content.filter((n) => n.type !== 'paywallBreak') };
    expect(renderDocParts(noBreak).breakAt).toBeNull();
    expect(renderDoc(body)).toEqual(renderDocParts(body).blocks);
  });
});
