import { describe, expect, it } from 'vitest';
import type { Block, BlockType } from '../articles/article.js';
import { cutParagraph, leadInOf, MIN_CUT_CHARS } from './lead-in.js';

const block = (type: BlockType, text: string): Block => ({ type, html: `<${type}>${text}</${type}>`, text });
const para = (n: number, chars = 200) => block('paragraph', `P${n} ${'word '.repeat(chars / 5)}`.slice(0, chars));
const LIMITS = { blocks: 2, chars: 800, share: 25 };
const types = (bs: Block[]) => bs.map((b) => b.type);

describe('the lead-in', () => {
  it('is the first blocks of any kind, up to the policy’s number', () => {
    const story = [block('heading', 'A heading'), para(1), para(2), ...Array.from({ length: 10 }, (_, i) => para(i + 3))];
    expect(leadInOf(story, LIMITS, { cut: true })).toEqual(story.slice(0, 2));
    expect(leadInOf(story, { ...LIMITS, blocks: 3 }, { cut: true })).toEqual(story.slice(0, 3));
    expect(leadInOf(story, { ...LIMITS, blocks: 0 }, { cut: true })).toEqual([]);
  });

  it.each<[string, BlockType]>([
    ['a long list', 'list'],
    ['a long table', 'table'],
    ['a long quote', 'quote'],
    ['a long code listing', 'code'],
  ])('stops before %s that would pass the length cap, and never cuts it', (_, type) => {
    const story = [para(1), block(type, 'x'.repeat(2000)), ...Array.from({ length: 20 }, (_, i) => para(i + 2))];
    expect(types(leadInOf(story, LIMITS, { cut: true }))).toEqual(['paragraph']);
    // Opening with it: nothing of the body at all.
    expect(leadInOf(story.slice(1), LIMITS, { cut: true })).toEqual([]);
  });

  it('takes short blocks of any kind whole', () => {
    const story = [block('list', 'one two three'), block('table', 'a b c d'), ...Array.from({ length: 10 }, (_, i) => para(i))];
    expect(types(leadInOf(story, LIMITS, { cut: true }))).toEqual(['list', 'table']);
  });

  it('never shows more than the share of a short story', () => {
    // Four paragraphs of 200: a quarter is 200, one paragraph.
    const story = [para(1), para(2), para(3), para(4)];
    expect(leadInOf(story, LIMITS, { cut: true })).toEqual([story[0]]);
    const text = (bs: Block[]) => bs.reduce((n, b) => n + b.text.length, 0);
    for (let n = 1; n <= 12; n++) {
      const s = Array.from({ length: n }, (_, i) => para(i, 50 + 37 * i));
      const total = text(s);
      for (const share of [0, 10, 25, 50, 100]) {
        expect(text(leadInOf(s, { blocks: 10, chars: 10_000, share }, { cut: true }))).toBeLessThanOrEqual((total * share) / 100);
      }
    }
  });

  it('caps the characters however long the story', () => {
    const story = Array.from({ length: 40 }, (_, i) => para(i, 500));
    const lead = leadInOf(story, { blocks: 5, chars: 800, share: 25 }, { cut: true });
    expect(lead.reduce((n, b) => n + b.text.length, 0)).toBeLessThanOrEqual(800);
    expect(lead[0]).toBe(story[0]);
  });

  it('gives a one-paragraph story its opening sentences within the share, cut where a sentence ends', () => {
    const sentences = [
      'The harbour authority voted on Tuesday to delay the dredging until spring.',
      'Officials said the silt samples came back late.',
      'The ferry timetable is not affected, the chair said.',
      'Fishermen said they had heard that before, and would believe it when they saw the boats.',
    ];
    const text = Array.from({ length: 3 }, () => sentences.join(' ')).join(' ');
    const lead = leadInOf([block('paragraph', text)], LIMITS, { cut: true });
    expect(lead).toHaveLength(1);
    const [cut] = lead as [Block];
    expect(cut.type).toBe('paragraph');
    expect(cut.text.length).toBeLessThanOrEqual(text.length / 4);
    expect(cut.text).toMatch(/^The harbour authority voted on Tuesday/);
    expect(cut.text).toMatch(/\.$/);
    expect(cut.html).toBe(`<p>${cut.text}</p>`);
    // Without cutting (the reader may read it all anyway), nothing is made up.
    expect(leadInOf([block('paragraph', text)], LIMITS, { cut: false })).toEqual([]);
  });

  it('shows nothing of a story too short to cut sensibly', () => {
    expect(leadInOf([block('paragraph', 'A very short story of a single line that says it all.')], LIMITS, { cut: true })).toEqual([]);
  });

  it('cuts at a word when no sentence ends early enough, and escapes the text', () => {
    const cut = cutParagraph(`Fish & <chips> ${'and more words '.repeat(20)}`, 100) as Block;
    expect(cut.text.length).toBeLessThanOrEqual(100);
    expect(cut.text).toMatch(/…$/);
    expect(cut.html).toContain('Fish &amp; &lt;chips&gt;');
    expect(cutParagraph('x'.repeat(300), 100)).toBeNull();
    expect(cutParagraph('Some words here. '.repeat(10), MIN_CUT_CHARS - 1)).toBeNull();
  });
});

describe('the lead-in with an editor’s paywall break', () => {
  const story = Array.from({ length: 12 }, (_, i) => para(i, 60));

  it('ends at the break when the break comes before the caps', () => {
    const limits = { blocks: 5, chars: 800, share: 50 };
    expect(leadInOf(story, limits, { cut: true, breakAt: 1 })).toEqual(story.slice(0, 1));
    expect(leadInOf(story, limits, { cut: false, breakAt: 3 })).toEqual(story.slice(0, 3));
    // A break at the very top: nothing before the wall.
    expect(leadInOf(story, limits, { cut: true, breakAt: 0 })).toEqual([]);
    // Without a break, the caps alone decide.
    expect(leadInOf(story, limits, { cut: true, breakAt: null })).toHaveLength(5);
  });

  it('is still capped by the policy when the break comes late', () => {
    expect(leadInOf(story, { blocks: 2, chars: 800, share: 50 }, { cut: true, breakAt: 10 })).toEqual(story.slice(0, 2));
    const byChars = leadInOf(story, { blocks: 20, chars: 150, share: 100 }, { cut: false, breakAt: 10 });
    expect(byChars).toEqual(story.slice(0, 2));
    const byShare = leadInOf(story, { blocks: 20, chars: 10_000, share: 10 }, { cut: false, breakAt: 10 });
    expect(byShare.reduce((n, b) => n + b.text.length, 0)).toBeLessThanOrEqual((12 * 60 * 10) / 100);
  });
});
