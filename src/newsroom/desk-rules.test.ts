import { describe, expect, it } from 'vitest';
import {
  decideStorySave,
  localDateTimeValue,
  mayEdit,
  mayPublish,
  maySee,
  parseLocalDateTime,
  planBulk,
  readingMinutes,
  saverName,
  searchWords,
  slugList,
} from './desk-rules.js';

const writer = { id: 'w1', role: 'writer' as const };
const editor = { id: 'e1', role: 'editor' as const };
const owner = { id: 'o1', role: 'owner' as const };

describe('who may do what on the desk', () => {
  it.each([
    [writer, 'staff:w1', 'draft', true, true],
    [writer, 'staff:w1', 'published', true, false],
    [writer, 'staff:e1', 'draft', false, false],
    [writer, null, 'draft', false, false],
    [editor, 'staff:w1', 'published', true, true],
    [owner, null, 'scheduled', true, true],
  ] as const)('%o on a story by %s (%s): sees %s, edits %s', (staff, createdBy, status, sees, edits) => {
    expect(maySee(staff, createdBy)).toBe(sees);
    expect(mayEdit(staff, { status, createdBy })).toBe(edits);
  });

  it('only editors and owners publish', () => {
    expect([writer, editor, owner].map(mayPublish)).toEqual([false, true, true]);
  });

  it('a writer may not create tags or ask for a status', () => {
    expect(decideStorySave(writer, { requestedStatus: 'draft', newTags: ['new-one'] })).toEqual({
      allow: false,
      reason: 'new-tags',
      tags: ['new-one'],
    });
    expect(decideStorySave(writer, { requestedStatus: 'published', newTags: [] })).toEqual({ allow: false, reason: 'status-not-draft' });
    expect(decideStorySave(editor, { requestedStatus: 'published', newTags: ['new-one'] })).toEqual({ allow: true });
  });
});

describe('bulk actions', () => {
  it('skip what is already as asked', () => {
    const stories = [
      { id: 'a', headline: 'A', status: 'draft' },
      { id: 'b', headline: 'B', status: 'published' },
    ];
    expect(planBulk('publish', stories)).toEqual({ apply: ['a'], skip: [{ id: 'b', headline: 'B', reason: 'already published' }] });
    expect(planBulk('unpublish', stories)).toEqual({ apply: ['b'], skip: [{ id: 'a', headline: 'A', reason: 'not published' }] });
    expect(planBulk('delete', stories).apply).toEqual(['a', 'b']);
  });
});

describe('the paper’s wall clock', () => {
  it.each([
    ['2026-12-07T09:30', 'Europe/Berlin', '2026-12-07T08:30:00.000Z'],
    ['2026-07-07T09:30', 'Europe/Berlin', '2026-07-07T07:30:00.000Z'],
    ['2026-12-07', 'America/New_York', '2026-12-07T05:00:00.000Z'],
    ['2026-03-29T02:30', 'Europe/Berlin', '2026-03-29T01:30:00.000Z'],
  ])('%s in %s is %s', (local, tz, iso) => {
    expect(parseLocalDateTime(local, tz)?.toISOString()).toBe(iso);
  });

  it.each(['', 'tomorrow', '2026-02-30T10:00', '2026-13-01T10:00', '2026-12-07T25:00'])('refuses %j', (v) => {
    expect(parseLocalDateTime(v, 'Europe/Berlin')).toBeUndefined();
  });

  it('round-trips a form value', () => {
    const at = new Date('2026-12-07T08:30:00Z');
    expect(localDateTimeValue(at, 'Europe/Berlin')).toBe('2026-12-07T09:30');
    expect(parseLocalDateTime(localDateTimeValue(at, 'Europe/Berlin'), 'Europe/Berlin')).toEqual(at);
  });
});

describe('small things', () => {
  it('reading time', () => {
    expect([0, 1, 230, 600].map(readingMinutes)).toEqual([0, 1, 1, 3]);
  });
  it('search words and slug lists', () => {
    expect(searchWords('  harbour   vote ')).toEqual(['harbour', 'vote']);
    expect(slugList('Harbour, ferry\nharbour,, ')).toEqual(['harbour', 'ferry']);
  });
  it('names the saver', () => {
    const names = new Map([['w1', 'Wren Writer']]);
    const keys = new Map([['k1', 'ops (API key “cms”)']]);
    expect(saverName('staff:w1', names, keys)).toBe('Wren Writer');
    expect(saverName('api-key:k1', names, keys)).toBe('ops (API key “cms”)');
    expect(saverName('staff:gone', names, keys)).toBe('a former staff member');
    expect(saverName('scheduler', names, keys)).toBe('the scheduler (at its publish time)');
  });
});
