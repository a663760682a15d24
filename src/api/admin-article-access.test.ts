import { describe, expect, it } from 'vitest';
import type { AdminRole } from '../api-keys/index.js';
import { type ArticleSaveAttempt, decideArticleSave } from './admin-article-access.js';

const me = 'api-key:me';
const writer = { kind: 'admin', role: 'writer' } as const;

describe('decideArticleSave', () => {
  const cases: [string, ArticleSaveAttempt, ReturnType<typeof decideArticleSave>][] = [
    ['writer creates a draft', { key: writer, savedBy: me, newTags: [], requestedStatus: undefined }, { allow: true }],
    ['writer creates an explicit draft', { key: writer, savedBy: me, newTags: [], requestedStatus: 'draft' }, { allow: true }],
    [
      'writer creates a published story',
      { key: writer, savedBy: me, newTags: [], requestedStatus: 'published' },
      { allow: false, reason: 'status-not-draft' },
    ],
    [
      'writer edits own draft',
      { key: writer, savedBy: me, newTags: [], requestedStatus: 'draft', current: { status: 'draft', createdBy: me } },
      { allow: true },
    ],
    [
      'writer schedules own draft',
      { key: writer, savedBy: me, newTags: [], requestedStatus: 'scheduled', current: { status: 'draft', createdBy: me } },
      { allow: false, reason: 'status-not-draft' },
    ],
    [
      "writer edits another's draft",
      { key: writer, savedBy: me, newTags: [], requestedStatus: 'draft', current: { status: 'draft', createdBy: 'api-key:other' } },
      { allow: false, reason: 'not-creator' },
    ],
    [
      'writer edits an imported draft (no creator)',
      { key: writer, savedBy: me, newTags: [], requestedStatus: 'draft', current: { status: 'draft', createdBy: null } },
      { allow: false, reason: 'not-creator' },
    ],
    [
      'writer edits own published story',
      { key: writer, savedBy: me, newTags: [], requestedStatus: 'draft', current: { status: 'published', createdBy: me } },
      { allow: false, reason: 'not-a-draft' },
    ],
    [
      'writer tags a draft with a new tag',
      { key: writer, savedBy: me, newTags: ['harbour'], requestedStatus: undefined },
      { allow: false, reason: 'new-tags', tags: ['harbour'] },
    ],
  ];
  it.each(cases)('%s', (_name, attempt, expected) => {
    expect(decideArticleSave(attempt)).toEqual(expected);
  });

  it('leaves every other role to the route table', () => {
    for (const role of ['owner', 'editor', 'business'] satisfies AdminRole[]) {
      const attempt = {
        key: { kind: 'admin', role },
        savedBy: me,
        newTags: ['new'],
        requestedStatus: 'published',
        current: { status: 'published', createdBy: 'x' },
      } as const;
      expect(decideArticleSave(attempt)).toEqual({ allow: true });
    }
  });
});
