import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../package-root.js';
import { SAMPLE_BODY } from '../test-support/test-app.js';
import type { ImageRef } from './article.js';
import { renderBody } from './article-body.js';
import { type BodyDoc, type BodyMark, type BodyNode, bodySchema, parseBodyDoc } from './body-doc.js';
import { docToMarkdown, markdownToDoc } from './body-markdown.js';
import { renderDoc } from './body-render.js';

/** Canonical form: what parseBodyDoc keeps (defaults filled, neighbouring text joined). */
const canon = (d: BodyDoc) => parseBodyDoc(d);
const MEDIA_ID = '0193a7b2-1c2d-7e3f-8a9b-0c1d2e3f4a5b';
const PICTURE: ImageRef = {
  id: MEDIA_ID,
  width: 1600,
  height: 900,
  contentType: 'image/jpeg',
  originalKey: `images/${MEDIA_ID}/original.jpg`,
  variants: [{ width: 960, height: 540, format: 'jpeg', key: `images/${MEDIA_ID}/960.jpg`, bytes: 1 }],
};

describe('markdownToDoc', () => {
  it('reads CommonMark blocks and marks into the schema', () => {
    const doc = markdownToDoc(
      [
        '# Top heading',
        'Some **bold**, *italic*, ~~struck~~, `code` and [a link](https://example.org/a).',
        '3. three\n4. four',
        '> quoted\n>\n> - in a list',
        '```js\nlet x = 1;\n```',
        '---',
        '| A | B |\n| --- | ---: |\n| 1 | 2 |',
        'Line one  \nline two',
      ].join('\n\n'),
    );
    expect(() => bodySchema().nodeFromJSON(doc).check()).not.toThrow();
    expect(doc.content.map((n) => n.type)).toEqual([
      'heading',
      'paragraph',
      'orderedList',
      'blockquote',
      'codeBlock',
      'horizontalRule',
      'table',
      'paragraph',
    ]);
    expect(doc.content[0]?.attrs).toEqual({ level: 2 });
    const marks = (doc.content[1]?.content ?? []).map((t) => [t.text, (t.marks ?? []).map((m) => m.type).join('+')]);
    expect(marks).toEqual([
      ['Some ', ''],
      ['bold', 'bold'],
      [', ', ''],
      ['italic', 'italic'],
      [', ', ''],
      ['struck', 'strike'],
      [', ', ''],
      ['code', 'code'],
      [' and ', ''],
      ['a link', 'link'],
      ['.', ''],
    ]);
    expect(doc.content[2]?.attrs).toEqual({ start: 3 });
    expect(doc.content[4]).toEqual({ type: 'codeBlock', attrs: { language: 'js' }, content: [{ type: 'text', text: 'let x = 1;' }] });
    expect(doc.content[7]?.content?.map((n) => n.type)).toEqual(['text', 'hardBreak', 'text']);
  });

  it('reads our spellings: pull quote, figure with and without credit, paywall break', () => {
    const doc = markdownToDoc(
      [
        'Opening paragraph.',
        '::: paywall',
        '::: pull-quote Mara Quint, harbour master',
        'The harbour is the *town’s* front door.',
        ':::',
        `![A dredger](/media/${MEDIA_ID}/original.jpg "Idle since May.")`,
        `::: figure Photo: Ana Ruiz\n![Cranes](/media/${MEDIA_ID}/960.webp)\n:::`,
      ].join('\n\n'),
    );
    expect(doc.content.map((n) => n.type)).toEqual(['paragraph', 'paywallBreak', 'pullQuote', 'figure', 'figure']);
    expect(doc.content[2]).toEqual({
      type: 'pullQuote',
      attrs: { attribution: 'Mara Quint, harbour master' },
      content: [
        { type: 'text', text: 'The harbour is the ' },
        { type: 'text', text: 'town’s', marks: [{ type: 'italic' }] },
        { type: 'text', text: ' front door.' },
      ],
    });
    expect(doc.content[3]?.attrs).toEqual({ imageId: MEDIA_ID, alt: 'A dredger', caption: 'Idle since May.', credit: '' });
    expect(doc.content[4]?.attrs).toEqual({ imageId: MEDIA_ID, alt: 'Cranes', caption: '', credit: 'Photo: Ana Ruiz' });
  });

  it('keeps only the first top-level paywall break, drops dangerous links and keeps their text', () => {
    const doc = markdownToDoc(
      'a\n\n::: paywall\n\nb\n\n::: paywall\n\n> ::: paywall\n\n[click](javascript:alert(1)) and ![x](https://example.org/x.png)',
    );
    expect(doc.content.map((n) => n.type)).toEqual(['paragraph', 'paywallBreak', 'paragraph', 'blockquote', 'paragraph']);
    expect(doc.content[3]?.content).toEqual([{ type: 'paragraph' }]);
    const last = doc.content[4]?.content ?? [];
    expect(last.map((t) => t.text).join('')).toBe('[click](javascript:alert(1)) and x');
    expect(last.at(-1)?.marks).toEqual([{ type: 'link', attrs: { href: 'https://example.org/x.png' } }]);
  });
});

describe('docToMarkdown', () => {
  it('writes our spellings and the real file address when it knows the image', () => {
    const image: ImageRef = {
      id: MEDIA_ID,
      width: 10,
      height: 10,
      contentType: 'image/png',
      originalKey: `images/${MEDIA_ID}/original.png`,
      variants: [],
    };
    const doc = parseBodyDoc({
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Don’t say "never" -- or (c) www.example.com.' }] },
        { type: 'paywallBreak' },
        { type: 'figure', attrs: { imageId: MEDIA_ID, alt: 'Cranes', caption: 'On "Monday"', credit: 'Ana Ruiz' } },
        { type: 'pullQuote', attrs: { attribution: 'The chair' }, content: [{ type: 'text', text: 'Not rushed.' }] },
      ],
    });
    const md = docToMarkdown(doc, new Map([[MEDIA_ID, image]]));
    expect(md).toBe(
      `${[
        'Don’t say \\"never\\" -\\- or \\(c) www.example.com.',
        '::: paywall',
        `::: figure Ana Ruiz\n![Cranes](/media/${MEDIA_ID}/original.png "On \\"Monday\\"")\n:::`,
        '::: pull-quote The chair\nNot rushed.\n:::',
      ].join('\n\n')}\n`,
    );
    expect(markdownToDoc(md)).toEqual(doc);
    // Without the image record the figure points at the image's folder, which reads back the same.
    expect(markdownToDoc(docToMarkdown(doc))).toEqual(doc);
  });
});

// ——— Round trips ———

const WORDS = [
  'harbour',
  'Ferry',
  'é',
  '42',
  '1.',
  '-',
  '+',
  '#',
  '*',
  '_',
  '`',
  '"',
  "'",
  '--',
  '...',
  '(c)',
  '[x]',
  '<a>',
  '&amp;',
  '|',
  '\\',
  '~~',
  '!',
  ':::',
  '=',
  'www.example.com',
  'desk@example.org',
  'http://x.y',
  '“q”',
];
const word = fc.oneof(fc.constantFrom(...WORDS), fc.stringMatching(/^[A-Za-z]{1,7}$/));
const words = fc.array(word, { minLength: 1, maxLength: 5 }).map((ws) => ws.join(' '));
const href = fc.constantFrom('https://example.org/a', 'https://example.org/a_(b)', '/news/story', 'mailto:desk@example.org');
const markSet = fc.record({
  bold: fc.boolean(),
  italic: fc.boolean(),
  strike: fc.boolean(),
  link: fc.option(href, { nil: undefined }),
});
const segment = fc.oneof(
  { weight: 3, arbitrary: words.map((text): BodyNode[] => [{ type: 'text', text }]) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.array(fc.stringMatching(/^[A-Za-z]{1,6}$/), { minLength: 1, maxLength: 3 }), markSet)
      .map(([ws, m]): BodyNode[] => {
        const marks: BodyMark[] = [];
        if (m.bold) marks.push({ type: 'bold' });
        if (m.italic) marks.push({ type: 'italic' });
        if (m.strike) marks.push({ type: 'strike' });
        if (m.link) marks.push({ type: 'link', attrs: { href: m.link } });
        return [marks.length > 0 ? { type: 'text', text: ws.join(' '), marks } : { type: 'text', text: ws.join(' ') }];
      }),
  },
  {
    weight: 1,
    arbitrary: fc.stringMatching(/^[A-Za-z`*]{1,6}$/).map((text): BodyNode[] => [{ type: 'text', text, marks: [{ type: 'code' }] }]),
  },
);
const inline = (breaks: boolean) =>
  fc
    .array(fc.tuple(segment, fc.boolean()), { minLength: 1, maxLength: 4 })
    .map((segs) =>
      segs.flatMap(([s, hard], i): BodyNode[] =>
        i === 0 ? s : [breaks && hard ? { type: 'hardBreak' } : { type: 'text', text: ' ' }, ...s],
      ),
    );
const paragraph = (breaks = true) => inline(breaks).map((content): BodyNode => ({ type: 'paragraph', content }));
const heading = fc
  .tuple(fc.constantFrom(2, 3, 4), inline(false))
  .map(([level, content]): BodyNode => ({ type: 'heading', attrs: { level }, content }));
const codeBlock = fc
  .tuple(
    fc.constantFrom(null, 'js', 'python'),
    fc.array(
      fc.stringMatching(/^[ -~]{1,20}$/).filter((l) => l.trim() !== ''),
      { minLength: 0, maxLength: 3 },
    ),
  )
  .map(
    ([language, lines]): BodyNode => ({
      type: 'codeBlock',
      attrs: { language },
      ...(lines.length > 0 ? { content: [{ type: 'text', text: lines.join('\n') }] } : {}),
    }),
  );
const figure = fc
  .tuple(fc.stringMatching(/^[a-z0-9-]{1,12}$/), words, fc.option(words, { nil: '' }), fc.option(words, { nil: '' }))
  .map(([imageId, alt, caption, credit]): BodyNode => ({ type: 'figure', attrs: { imageId, alt, caption, credit } }));
const pullQuote = fc
  .tuple(fc.option(fc.stringMatching(/^[A-Za-z]{1,6}(?:[ ,.][A-Za-z]{1,6}){0,3}$/), { nil: '' }), inline(false))
  .map(([attribution, content]): BodyNode => ({ type: 'pullQuote', attrs: { attribution }, content }));
const cell = (type: 'tableHeader' | 'tableCell') =>
  inline(false).map((content): BodyNode => ({ type, content: [{ type: 'paragraph', content }] }));
const table = fc
  .integer({ min: 1, max: 3 })
  .chain((n) =>
    fc
      .tuple(
        fc.array(cell('tableHeader'), { minLength: n, maxLength: n }),
        fc.array(fc.array(cell('tableCell'), { minLength: n, maxLength: n }), { maxLength: 3 }),
      )
      .map(
        ([head, rows]): BodyNode => ({ type: 'table', content: [head, ...rows].map((cells) => ({ type: 'tableRow', content: cells })) }),
      ),
  );

const { block } = fc.letrec<{ block: BodyNode; item: BodyNode }>((tie) => ({
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    paragraph(),
    paragraph(),
    heading,
    codeBlock,
    figure,
    pullQuote,
    fc.constant<BodyNode>({ type: 'horizontalRule' }),
    fc.array(tie('item'), { minLength: 1, maxLength: 3 }).map((content): BodyNode => ({ type: 'bulletList', content })),
    fc
      .tuple(fc.integer({ min: 1, max: 20 }), fc.array(tie('item'), { minLength: 1, maxLength: 3 }))
      .map(([start, content]): BodyNode => ({ type: 'orderedList', attrs: { start }, content })),
    fc.array(tie('block'), { minLength: 1, maxLength: 3 }).map((content): BodyNode => ({ type: 'blockquote', content })),
  ),
  item: fc
    .tuple(paragraph(), fc.array(tie('block'), { maxLength: 2 }))
    .map(([first, rest]): BodyNode => ({ type: 'listItem', content: [first, ...rest] })),
}));
const docArb = fc
  .tuple(fc.array(fc.oneof(block, table), { minLength: 1, maxLength: 6 }), fc.option(fc.nat(6), { nil: undefined }))
  .map(([content, at]): BodyDoc => {
    const c = [...content];
    if (at !== undefined) c.splice(Math.min(at, c.length), 0, { type: 'paywallBreak' });
    return canon({ type: 'doc', content: c });
  });

describe('round trips', () => {
  it('doc → markdown → doc is the same document, for documents of every supported node', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const md = docToMarkdown(doc);
        const back = markdownToDoc(md);
        expect(() => bodySchema().nodeFromJSON(back).check()).not.toThrow();
        expect(canon(back), md).toEqual(doc);
      }),
      { numRuns: 300 },
    );
  });

  const demoDir = path.join(PACKAGE_ROOT, 'demo', 'articles');
  const bodies: [string, string][] = [
    ...readdirSync(demoDir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.md'))
      .map((f): [string, string] => [f, readFileSync(path.join(demoDir, f), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '')]),
    ['SAMPLE_BODY', SAMPLE_BODY],
    [
      'an imported body with pictures',
      `The harbour authority voted.\n\n![A dredger at its mooring](/media/${MEDIA_ID}/1600.jpg "The dredger has been idle since May.")\n\nOfficials said.\n\n![A sample jar](/media/${MEDIA_ID}/960.jpg)\n`,
    ],
  ];

  it('finds the demo paper', () => {
    expect(bodies.length).toBeGreaterThan(20);
  });

  it.each(bodies)('%s: markdown → doc → blocks has today’s text and markup, and survives doc → markdown → doc', (_name, md) => {
    const images = new Map([[MEDIA_ID, PICTURE]]);
    const today = renderBody(md, images);
    const doc = markdownToDoc(md);
    expect(() => parseBodyDoc(doc)).not.toThrow();
    const blocks = renderDoc(doc, images);
    expect(blocks.map((b) => [b.type, b.text])).toEqual(today.map((b) => [b.type, b.text]));
    expect(blocks.map((b) => b.html.replace(/\n/g, ''))).toEqual(today.map((b) => b.html.replace(/\n/g, '')));
    expect(markdownToDoc(docToMarkdown(doc))).toEqual(doc);
  });
});
