import { describe, expect, it } from 'vitest';
import { slugify } from '../http/slug.js';
import { clipText, previewSlug } from './preview-text.js';

describe('the previews’ text rules', () => {
  it('makes the slug the server makes', () => {
    for (const s of [
      'Harbour wall approved',
      'Café owners’ “fair” rents — at last!',
      '  --Ärger in Köln--  ',
      'x'.repeat(100),
      '',
      '2026: a year',
    ])
      expect(previewSlug(s)).toBe(slugify(s));
  });
  it('clips a description with an ellipsis', () => {
    expect(clipText('short', 160)).toBe('short');
    expect(clipText('a'.repeat(170), 160)).toBe(`${'a'.repeat(157)}…`);
    expect(clipText('a'.repeat(170), 160)).toHaveLength(158);
  });
});
