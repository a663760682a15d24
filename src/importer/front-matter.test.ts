import { describe, expect, it } from 'vitest';
import { ImportFileError, parseArticleFile, splitFrontMatter } from './front-matter.js';

const GOOD = `---
headline: "Ferry timetable cut as crews run short"
dek: "One sentence on why the story matters."
slug: ferry-timetable-cut
section: news
authors: [mara-quint, tobias-renn]
tags: [harbour, transport]
dateline: PORT ELLERY
access: free
status: published
published_at: 2026-11-24T07:30:00Z
updated_at: "2026-11-24T15:10:00Z"
updates:
  - at: 2026-11-24T15:10:00Z
    note: "This story was updated with the operator's statement."
related: [harbour-dredging-vote]
image:
  file: pictures/ferry-terminal.jpg
  alt: "The ferry terminal at dawn."
  caption: "The terminal on Tuesday."
  credit: "Mara Quint / The Ellery Ledger"
---

The body, in Markdown.

## A sub-head
`;

function problemsOf(text: string, file = 'stories/ferry.md') {
  try {
    parseArticleFile(file, text);
  } catch (err) {
    expect(err).toBeInstanceOf(ImportFileError);
    const e = err as ImportFileError;
    expect(e.file).toBe(file);
    expect(e.message.startsWith(`${file}: `)).toBe(true);
    return e.problems;
  }
  throw new Error('expected the file to be rejected');
}

describe('article front matter', () => {
  it('parses every field of the documented format, dates as Dates', () => {
    const { frontMatter: fm, body } = parseArticleFile('ferry.md', GOOD);
    expect(fm.headline).toBe('Ferry timetable cut as crews run short');
    expect(fm.authors).toEqual(['mara-quint', 'tobias-renn']);
    expect(fm.access).toBe('free');
    expect(fm.published_at).toEqual(new Date('2026-11-24T07:30:00Z'));
    expect(fm.updated_at).toEqual(new Date('2026-11-24T15:10:00Z'));
    expect(fm.updates?.[0]?.at).toBeInstanceOf(Date);
    expect(fm.updates?.[0]?.note).toContain("operator's statement");
    expect(fm.image).toEqual({
      file: 'pictures/ferry-terminal.jpg',
      alt: 'The ferry terminal at dawn.',
      caption: 'The terminal on Tuesday.',
      credit: 'Mara Quint / The Ellery Ledger',
    });
    expect(body).toBe('The body, in Markdown.\n\n## A sub-head');
  });

  it('accepts a minimal draft', () => {
    const { frontMatter } = parseArticleFile('d.md', '---\nheadline: Draft\nsection: news\nauthors: [a]\n---\nText.\n');
    expect(frontMatter.status).toBeUndefined();
    expect(frontMatter.published_at).toBeUndefined();
  });

  it('handles CRLF line ends and a byte-order mark', () => {
    const { frontMatter, body } = parseArticleFile(
      'w.md',
      '\uFEFF---\r\nheadline: Win\r\nsection: news\r\nauthors: [a]\r\n---\r\nLine one.\r\nLine two.\r\n',
    );
    expect(frontMatter.headline).toBe('Win');
    expect(body).toBe('Line one.\nLine two.');
  });

  it('reports bad YAML with the file and the line', () => {
    const problems = problemsOf('---\nheadline: "unclosed\nsection: news\n---\nBody\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/^invalid YAML \(line \d+, column \d+\)/);
  });

  it('rejects an unknown key, naming it (also inside nested objects)', () => {
    const text = GOOD.replace('dateline: PORT ELLERY', 'dateline: PORT ELLERY\nkicker: Exclusive').replace(
      '    note: "This',
      '    by: desk\n    note: "This',
    );
    const problems = problemsOf(text);
    expect(problems).toContainEqual({ field: 'kicker', message: 'unknown key "kicker"' });
    expect(problems).toContainEqual({ field: 'updates[0].by', message: 'unknown key "by"' });
  });

  it('rejects a date that is not an ISO date-time, naming the field', () => {
    expect(problemsOf(GOOD.replace('published_at: 2026-11-24T07:30:00Z', 'published_at: last Tuesday'))).toEqual([
      { field: 'published_at', message: expect.stringContaining('ISO 8601') },
    ]);
    expect(problemsOf(GOOD.replace('  - at: 2026-11-24T15:10:00Z', '  - at: 2026-02-30T10:00:00Z'))).toEqual([
      { field: 'updates[0].at', message: expect.stringContaining('ISO 8601') },
    ]);
  });

  it('requires a headline', () => {
    const problems = problemsOf(GOOD.replace('headline: "Ferry timetable cut as crews run short"\n', ''));
    expect(problems).toEqual([{ field: 'headline', message: 'is required' }]);
    expect(problemsOf(GOOD.replace('headline: "Ferry timetable cut as crews run short"', 'headline: ""'))[0]?.field).toBe('headline');
    expect(problemsOf(GOOD.replace('headline: "Ferry timetable cut as crews run short"', `headline: "${'x'.repeat(201)}"`))[0]?.field).toBe(
      'headline',
    );
  });

  it('requires a dek and a publish time for a published story', () => {
    const text = GOOD.replace(/^dek: .*\n/m, '').replace(/^published_at: .*\n/m, '');
    expect(problemsOf(text)).toEqual([
      { field: 'dek', message: 'is required for a published story' },
      { field: 'published_at', message: 'is required for a published story' },
    ]);
  });

  it('names bad values of enumerations and slugs', () => {
    const problems = problemsOf(GOOD.replace('access: free', 'access: paid').replace('section: news', 'section: Big News'));
    expect(problems).toContainEqual({ field: 'access', message: expect.stringContaining('"paid"') });
    expect(problems).toContainEqual({ field: 'section', message: expect.stringContaining('slug') });
  });

  it('needs the opening and closing --- lines', () => {
    expect(() => splitFrontMatter('a.md', 'headline: x\n')).toThrow(/^a\.md: must start with a "---" line/);
    expect(() => splitFrontMatter('a.md', '---\nheadline: x\n')).toThrow(/^a\.md: the front matter has no closing "---" line/);
  });
});
