import { describe, expect, it } from 'vitest';
import { changedFields, EMPTY_FORM } from './story-form.js';

describe('changedFields (the conflict page)', () => {
  const id = '01a25039-5598-7230-8c5c-83bf51bc1d78';
  const saved = `Before.\n\n![A dredger](/media/${id}/original.jpg "Work resumed.")\n`;

  it('sees the same picture whichever of its files the body names', () => {
    const posted = `Before.\n\n![A dredger](/media/${id}/ "Work resumed.")\n`;
    expect(changedFields({ ...EMPTY_FORM, body: posted }, { ...EMPTY_FORM, body: saved })).toEqual([]);
  });

  it('still sees another picture, another caption or another word', () => {
    const other = '01a25039-5598-7230-8c5c-83bf51bc1d79';
    for (const body of [
      `Before.\n\n![A dredger](/media/${other}/ "Work resumed.")\n`,
      `Before.\n\n![A dredger](/media/${id}/ "Work stopped.")\n`,
      `After.\n\n![A dredger](/media/${id}/ "Work resumed.")\n`,
    ])
      expect(changedFields({ ...EMPTY_FORM, body }, { ...EMPTY_FORM, body: saved })).toEqual(['body']);
  });

  it('lists the fields that differ in form order', () => {
    expect(changedFields({ ...EMPTY_FORM, headline: 'A', dek: 'x' }, { ...EMPTY_FORM, headline: 'B', dek: 'x' })).toEqual(['headline']);
  });
});
