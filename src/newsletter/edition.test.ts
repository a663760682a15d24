import { describe, expect, it } from 'vitest';
import {
  addStory,
  assembleStories,
  decideEdit,
  decideSchedule,
  dropStory,
  editionDateOf,
  firstAssembly,
  isPublic,
  localInstant,
  nextAssemblyAfter,
  parseEditionDate,
  parseLocalTime,
  type StoryFacts,
} from './edition.js';

const NOW = new Date('2026-12-07T06:00:00Z');
const H = 3_600_000;
const story = (id: string, hoursAgo: number | null, status = 'published'): StoryFacts => ({
  id,
  status,
  publishedAt: hoursAgo === null ? null : new Date(NOW.getTime() - hoursAgo * H),
});
const LIMITS = { minStories: 5, maxStories: 12 };

describe('assembleStories', () => {
  it('takes the last 24 hours in front order, not by time', () => {
    const front = [story('pinned', 20), story('b', 1), story('c', 5), story('d', 2), story('e', 3), story('f', 4)];
    const a = assembleStories(front, NOW, LIMITS);
    expect(a.storyIds).toEqual(['pinned', 'b', 'c', 'd', 'e', 'f']);
    expect(a).toMatchObject({ recent: 6, filled: 0, thin: false });
  });

  it('fills up to the minimum from the front’s other stories, in front order, after the recent ones', () => {
    const front = [story('old-lead', 50), story('new1', 2), story('old2', 30), story('new2', 3), story('old3', 40), story('old4', 70)];
    const a = assembleStories(front, NOW, LIMITS);
    expect(a.storyIds).toEqual(['new1', 'new2', 'old-lead', 'old2', 'old3']);
    expect(a).toMatchObject({ recent: 2, filled: 3, thin: false });
  });

  it('fills the whole edition from the front when nothing was published in 24 hours', () => {
    const front = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id, i) => story(id, 30 + i));
    const a = assembleStories(front, NOW, LIMITS);
    expect(a.storyIds).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(a).toMatchObject({ recent: 0, filled: 5, thin: false });
  });

  it('says thin when the paper has fewer live stories than the minimum, and never takes a dead one', () => {
    const front = [story('a', 1), story('draft', null, 'draft'), story('b', 30), story('gone', 2, 'unpublished')];
    const a = assembleStories(front, NOW, LIMITS);
    expect(a.storyIds).toEqual(['a', 'b']);
    expect(a.thin).toBe(true);
    expect(assembleStories([], NOW, LIMITS)).toEqual({ storyIds: [], recent: 0, filled: 0, thin: true });
  });

  it('leaves out scheduled stories and stories published after the assembly', () => {
    const front = [story('scheduled', -2, 'scheduled'), story('future', -1), story('a', 1)];
    expect(assembleStories(front, NOW, { minStories: 1, maxStories: 12 }).storyIds).toEqual(['a']);
  });

  it('keeps members-only and walled stories (access is not its business), and each story once', () => {
    const front = [story('a', 1), story('a', 1), story('b', 2)];
    expect(assembleStories(front, NOW, { minStories: 1, maxStories: 12 }).storyIds).toEqual(['a', 'b']);
  });

  it('takes at most maxStories from the last 24 hours; exactly 24 hours ago is out', () => {
    const front = Array.from({ length: 20 }, (_, i) => story(`s${i}`, i + 0.5));
    expect(assembleStories(front, NOW, LIMITS).storyIds).toHaveLength(12);
    const edge = [story('edge', 24), story('in', 23.9)];
    expect(assembleStories(edge, NOW, { minStories: 1, maxStories: 12 })).toMatchObject({ storyIds: ['in'], recent: 1 });
  });
});

describe('dates and times', () => {
  it('parses real dates only', () => {
    expect(parseEditionDate('2026-12-07')).toBe('2026-12-07');
    expect(parseEditionDate('2028-02-29')).toBe('2028-02-29');
    for (const bad of ['2026-02-30', '2026-13-01', '2026-1-1', 'today', '', '1999-12-31', '2026-12-07T00:00'])
      expect(parseEditionDate(bad), bad).toBeUndefined();
    expect(parseLocalTime('06:00')).toEqual({ h: 6, min: 0 });
    expect(parseLocalTime('24:00')).toBeUndefined();
  });

  it('places a local time on a date in the paper’s time zone, across DST', () => {
    expect(localInstant('2026-12-07', { h: 6, min: 0 }, 'UTC').toISOString()).toBe('2026-12-07T06:00:00.000Z');
    expect(localInstant('2026-12-07', { h: 6, min: 0 }, 'America/New_York').toISOString()).toBe('2026-12-07T11:00:00.000Z');
    expect(localInstant('2026-07-07', { h: 6, min: 0 }, 'America/New_York').toISOString()).toBe('2026-07-07T10:00:00.000Z');
    // 2026-03-08 is the US spring-forward day: 06:00 EDT.
    expect(localInstant('2026-03-08', { h: 6, min: 0 }, 'America/New_York').toISOString()).toBe('2026-03-08T10:00:00.000Z');
    expect(editionDateOf(new Date('2026-12-07T03:00:00Z'), 'America/New_York')).toBe('2026-12-06');
  });

  it('assembles today at its time, at once when a worker starts late, then each next date', () => {
    const s = { assembleAt: { h: 6, min: 0 } };
    expect(firstAssembly(new Date('2026-12-07T05:00:00Z'), s, 'UTC')).toEqual({
      date: '2026-12-07',
      runAt: new Date('2026-12-07T06:00:00Z'),
    });
    const late = new Date('2026-12-07T09:30:00Z');
    expect(firstAssembly(late, s, 'UTC')).toEqual({ date: '2026-12-07', runAt: late });
    expect(nextAssemblyAfter('2026-12-31', s, 'Europe/Berlin')).toEqual({ date: '2027-01-01', runAt: new Date('2027-01-01T05:00:00Z') });
  });
});

describe('what may change, scheduling, and the public page', () => {
  const ahead = new Date(NOW.getTime() + H);
  const past = new Date(NOW.getTime() - H);
  it.each([
    ['draft', null, true],
    ['held', null, true],
    ['scheduled', ahead, true],
    ['scheduled', past, false],
    ['sending', past, false],
    ['sent', past, false],
  ] as const)('a %s edition (send at %s) may change: %s', (status, sendAt, allow) => {
    expect(decideEdit({ status, sendAt }, NOW).allow).toBe(allow);
  });

  it('schedules only with the minimum of live stories, never in the past', () => {
    const draft = { status: 'draft' as const, sendAt: null };
    expect(decideSchedule(draft, 4, undefined, ahead, NOW, 5)).toEqual({ allow: false, reason: 'too-few-stories' });
    expect(decideSchedule(draft, 5, undefined, ahead, NOW, 5)).toEqual({ allow: true, sendAt: ahead });
    expect(decideSchedule(draft, 5, undefined, past, NOW, 5)).toEqual({ allow: true, sendAt: NOW });
    expect(decideSchedule(draft, 5, undefined, null, NOW, 5)).toEqual({ allow: true, sendAt: NOW });
    expect(decideSchedule(draft, 5, past, ahead, NOW, 5)).toEqual({ allow: false, reason: 'in-the-past' });
    expect(decideSchedule(draft, 5, new Date(NOW.getTime() - 30_000), ahead, NOW, 5)).toEqual({ allow: true, sendAt: NOW });
    expect(decideSchedule({ status: 'sent', sendAt: past }, 9, ahead, ahead, NOW, 5)).toEqual({ allow: false, reason: 'sent' });
  });

  it('shows an edition publicly once sent or due, never a draft, a held one or one still ahead', () => {
    expect(isPublic({ status: 'sent', sendAt: past }, NOW)).toBe(true);
    expect(isPublic({ status: 'sending', sendAt: past }, NOW)).toBe(true);
    expect(isPublic({ status: 'scheduled', sendAt: past }, NOW)).toBe(true);
    expect(isPublic({ status: 'scheduled', sendAt: ahead }, NOW)).toBe(false);
    expect(isPublic({ status: 'draft', sendAt: null }, NOW)).toBe(false);
    expect(isPublic({ status: 'held', sendAt: null }, NOW)).toBe(false);
  });

  it('adds at a position (or last) once, and drops', () => {
    expect(addStory(['a', 'b'], 'c', 0)).toEqual(['c', 'a', 'b']);
    expect(addStory(['a', 'b'], 'c')).toEqual(['a', 'b', 'c']);
    expect(addStory(['a', 'b'], 'c', 99)).toEqual(['a', 'b', 'c']);
    expect(addStory(['a', 'b'], 'a', 1)).toEqual(['a', 'b']);
    expect(dropStory(['a', 'b'], 'a')).toEqual(['b']);
  });
});
