import { describe, expect, it } from 'vitest';
import {
  addEntry,
  composeFront,
  emptyLayout,
  type FrontEntry,
  type FrontLayout,
  moveEntry,
  placedEntries,
  removeEntry,
  type StoryFacts,
  sameStories,
} from './front.js';

const NEWS = 'sec-news';
const SPORT = 'sec-sport';
const NOW = new Date('2026-12-07T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000);
const hoursAhead = (h: number) => new Date(NOW.getTime() + h * 3600_000);

function story(id: string, publishedHoursAgo: number, p: { section?: string; status?: string } = {}): StoryFacts {
  return { id, status: p.status ?? 'published', section: { id: p.section ?? NEWS }, publishedAt: hoursAgo(publishedHoursAgo) };
}

/** Stories a … f, a the newest; all in News. */
const STORIES = ['a', 'b', 'c', 'd', 'e', 'f'].map((id, i) => story(id, i + 1));
const byId = (list: StoryFacts[]) => new Map(list.map((s) => [s.id, s]));
const entry = (articleId: string, tier: FrontEntry['tier'] = 'secondary', pinnedUntil: Date | null = null): FrontEntry => ({
  articleId,
  tier,
  pinnedUntil,
});
const layout = (entries: FrontEntry[], p: Partial<FrontLayout> = {}): FrontLayout => ({
  key: 'home',
  newStories: 'none',
  laidOutAt: hoursAgo(0.5),
  entries,
  ...p,
});
const view = (l: FrontLayout, stories = STORIES, sectionId: string | null = null, now = NOW) =>
  composeFront(l, byId(stories), stories, sectionId, now).items.map((i) => `${i.story.id}:${i.tier}${i.placed ? '' : '~'}`);

describe('composeFront', () => {
  it('a front nobody laid out: newest leads, four secondaries, the rest a list', () => {
    expect(view(emptyLayout('home'))).toEqual(['a:lead~', 'b:secondary~', 'c:secondary~', 'd:secondary~', 'e:secondary~', 'f:list~']);
  });

  it('a front with no stories at all is empty, not broken', () => {
    expect(composeFront(emptyLayout('home'), new Map(), [], null, NOW)).toEqual({ items: [], changesAt: null });
  });

  it('placed stories come first in their order and tiers; the rest follow by recency as a list', () => {
    expect(view(layout([entry('d', 'lead'), entry('f', 'secondary'), entry('b', 'list')]))).toEqual([
      'd:lead',
      'f:secondary',
      'b:list',
      'a:list~',
      'c:list~',
      'e:list~',
    ]);
  });

  it('keeps one lead: a second lead is shown as secondary', () => {
    expect(view(layout([entry('c', 'lead'), entry('a', 'lead')])).slice(0, 2)).toEqual(['c:lead', 'a:secondary']);
  });

  it('a laid-out front without a lead is led by its first story', () => {
    expect(view(layout([entry('e', 'secondary'), entry('a', 'list')])).slice(0, 2)).toEqual(['e:lead', 'a:list']);
  });

  it('drops placed stories that are no longer live, and lets the next one lead', () => {
    const stories = STORIES.map((s) => (s.id === 'd' ? { ...s, status: 'unpublished' } : s));
    expect(view(layout([entry('d', 'lead'), entry('b', 'secondary')]), stories)).toEqual([
      'b:lead',
      'a:list~',
      'c:list~',
      'e:list~',
      'f:list~',
    ]);
  });

  it('drops placed stories that no longer exist', () => {
    expect(view(layout([entry('gone', 'lead'), entry('c')]))[0]).toBe('c:lead');
  });

  it('shows a story placed twice once, in its first place and tier', () => {
    const items = view(layout([entry('b', 'lead'), entry('c'), entry('b', 'list')]));
    expect(items.filter((i) => i.startsWith('b:'))).toEqual(['b:lead']);
    expect(items.slice(0, 2)).toEqual(['b:lead', 'c:secondary']);
  });

  it('a story moved to another section leaves this section front and follows its new one', () => {
    const stories = STORIES.map((s) => (s.id === 'b' ? { ...s, section: { id: SPORT } } : s));
    const l = layout([entry('b', 'lead'), entry('c')], { key: NEWS });
    expect(view(l, stories, NEWS)).toEqual(['c:lead', 'a:list~', 'd:list~', 'e:list~', 'f:list~']);
    expect(view(emptyLayout(SPORT), stories, SPORT)).toEqual(['b:lead~']);
  });

  it('the front page takes stories of every section', () => {
    const stories = [...STORIES, story('s', 0.1, { section: SPORT })];
    expect(view(layout([entry('s', 'lead')]), stories)[0]).toBe('s:lead');
  });

  it('a pinned story keeps its slot while others above it go', () => {
    const l = layout([entry('a', 'lead'), entry('b'), entry('c', 'secondary', hoursAhead(2)), entry('d')]);
    const stories = STORIES.map((s) => (s.id === 'a' || s.id === 'b' ? { ...s, status: 'unpublished' } : s));
    // a and b are gone; c was pinned to slot 2, and there are only d and the recency list to fill.
    expect(view(l, stories).slice(0, 2)).toEqual(['d:lead', 'c:secondary']);
  });

  it('a pin expires: the story falls back, out of the layout, to its place by recency', () => {
    const l = layout([entry('f', 'lead', hoursAhead(1)), entry('a', 'secondary')]);
    expect(view(l)[0]).toBe('f:lead');
    const later = hoursAhead(1);
    expect(view(l, STORIES, null, later)).toEqual(['a:lead', 'b:list~', 'c:list~', 'd:list~', 'e:list~', 'f:list~']);
  });

  it('reports when the next pin expires, so a cached front does not outlive it', () => {
    const l = layout([entry('a', 'lead', hoursAhead(3)), entry('b', 'secondary', hoursAhead(1)), entry('c')]);
    expect(composeFront(l, byId(STORIES), STORIES, null, NOW).changesAt).toEqual(hoursAhead(1));
    expect(composeFront(layout([entry('a')]), byId(STORIES), STORIES, null, NOW).changesAt).toBeNull();
  });

  describe('new stories', () => {
    const fresh = [story('n2', 0.1), story('n1', 0.2), ...STORIES];

    it('rule "top": stories published after the layout was saved go on top, the newest as lead', () => {
      const l = layout([entry('c', 'lead'), entry('d')], { newStories: 'top' });
      expect(view(l, fresh).slice(0, 4)).toEqual(['n2:lead', 'n1:secondary', 'c:secondary', 'd:secondary']);
    });

    it('rule "top" does not take the slot or the lead of a pinned lead', () => {
      const l = layout([entry('c', 'lead', hoursAhead(2)), entry('d')], { newStories: 'top' });
      expect(view(l, fresh).slice(0, 4)).toEqual(['c:lead', 'n2:secondary', 'n1:secondary', 'd:secondary']);
    });

    it('rule "none": new stories are not laid out; they follow by recency below the placed ones', () => {
      const l = layout([entry('c', 'lead'), entry('d')], { newStories: 'none' });
      expect(view(l, fresh).slice(0, 4)).toEqual(['c:lead', 'd:secondary', 'n2:list~', 'n1:list~']);
    });

    it('stories published before the layout was saved are not new', () => {
      const l = layout([entry('c', 'lead')], { newStories: 'top', laidOutAt: hoursAgo(0.15) });
      expect(view(l, fresh).slice(0, 3)).toEqual(['n2:lead', 'c:secondary', 'n1:list~']);
    });

    it('a new story of another section does not go on top of a section front', () => {
      const stories = [story('x', 0.1, { section: SPORT }), ...STORIES];
      const l = layout([entry('c', 'lead')], { key: NEWS, newStories: 'top' });
      expect(view(l, stories, NEWS)[0]).toBe('c:lead');
    });
  });
});

describe('placedEntries (what the editor edits)', () => {
  it('holds the placed, live stories with their pins, not the recency list', () => {
    const l = layout([entry('a', 'lead'), entry('zz'), entry('b', 'list', hoursAhead(1)), entry('c', 'list', hoursAgo(1))]);
    expect(placedEntries(l, byId(STORIES), STORIES, null, NOW)).toEqual([entry('a', 'lead'), entry('b', 'list', hoursAhead(1))]);
  });
});

describe('editing operations', () => {
  const list = [entry('a', 'lead'), entry('b'), entry('c', 'list')];
  const ids = (l: FrontEntry[]) => l.map((e) => e.articleId);

  it('moves a story up and down, and not past either end', () => {
    expect(ids(moveEntry(list, 'b', -1))).toEqual(['b', 'a', 'c']);
    expect(ids(moveEntry(list, 'b', 1))).toEqual(['a', 'c', 'b']);
    expect(ids(moveEntry(list, 'a', -1))).toEqual(['a', 'b', 'c']);
    expect(ids(moveEntry(list, 'c', 1))).toEqual(['a', 'b', 'c']);
    expect(ids(moveEntry(list, 'nope', 1))).toEqual(['a', 'b', 'c']);
  });

  it('removes a story', () => {
    expect(ids(removeEntry(list, 'b'))).toEqual(['a', 'c']);
  });

  it('adds a story on top as secondary, once', () => {
    expect(addEntry(list, 'd')[0]).toEqual(entry('d', 'secondary'));
    expect(ids(addEntry(list, 'c'))).toEqual(['a', 'b', 'c']);
  });

  it('accepts a new order only of exactly the placed stories', () => {
    expect(sameStories(list, ['c', 'a', 'b'])).toBe(true);
    expect(sameStories(list, ['c', 'a'])).toBe(false);
    expect(sameStories(list, ['c', 'a', 'a'])).toBe(false);
    expect(sameStories(list, ['c', 'a', 'x'])).toBe(false);
  });
});
