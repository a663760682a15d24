/**
 * The CSV export is produced a page of readers at a time (both databases): its first lines are
 * out before the later pages are read (a reader added after the first page has left still comes
 * out at the end, in order), every reader exactly once across page edges, and only what the
 * filter shows. And the cell rules, table-driven: RFC 4180 quoting and formula defusing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertReader } from '../accounts/reader-repository.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { csvCell } from './reader-list.js';

describe('CSV cells', () => {
  it.each([
    ['plain', 'plain'],
    ['Smith, J', '"Smith, J"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+2', "'=1+2"],
    ['+44 20', "'+44 20"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['=cmd|"/c calc"!A0', `"'=cmd|""/c calc""!A0"`],
    ['Zoë Łódź 東京', 'Zoë Łódź 東京'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });
  it('writes numbers and empties as they are', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });
});

describe.each(DIALECTS)('the CSV export on %s', (dialect) => {
  let t: TestApp;
  const minutesAgo = (m: number) => new Date(t.clock.now.getTime() - m * 60_000);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    for (let i = 1; i <= 7; i++)
      await insertReader(t.services.db, { id: `r${i}`, email: `r${i}@example.org`, passwordHash: null, at: minutesAgo(i) });
    await t.services.db.updateTable('readers').set({ imported_at: t.clock.now }).where('id', 'in', ['r2', 'r5', 'r6']).execute();
  });
  afterAll(async () => {
    await t.close();
  });

  it('sends each page as it is read: a reader added after the first lines left still comes out, once', async () => {
    const lines = t.services.readerOffice.csv('readers', { search: '', show: { kind: 'all' } }, 2);
    const header = await lines.next();
    expect(String(header.value)).toMatch(/^\uFEFFid,email,/);
    const first = await lines.next();
    expect(
      String(first.value)
        .split('\r\n')
        .filter(Boolean)
        .map((l) => l.split(',')[0]),
    ).toEqual(['r1', 'r2']);
    // Made now, the oldest of all: only a page read from here on can hold it.
    await insertReader(t.services.db, { id: 'late', email: 'late@example.org', passwordHash: null, at: minutesAgo(100) });
    const rest: string[] = [];
    for await (const chunk of lines)
      rest.push(
        ...chunk
          .split('\r\n')
          .filter(Boolean)
          .map((l) => l.split(',')[0] ?? ''),
      );
    expect(rest).toEqual(['r3', 'r4', 'r5', 'r6', 'r7', 'late']);
    await t.services.db.deleteFrom('readers').where('id', '=', 'late').execute();
  });

  it('applies the filter across pages', async () => {
    const out: string[] = [];
    for await (const chunk of t.services.readerOffice.csv('readers', { search: '', show: { kind: 'imported' } }, 2)) out.push(chunk);
    const ids = out
      .join('')
      .split('\r\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => l.split(',')[0]);
    expect(ids).toEqual(['r2', 'r5', 'r6']);
  });
});
