/**
 * `masthead readers import` as an operator runs it: the real command in its own process, on an
 * embedded SQLite database in a temporary data directory, its exit codes, its summary, the
 * report of refused rows, and no mail (the outbox, where mail goes without SMTP, stays empty).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatReadersSummary, parseReadersArgs } from './reader-import-command.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-readers-cli-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function masthead(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/masthead.js', ...args], {
    env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: '', MASTHEAD_DATA_DIR: dataDir, SMTP_URL: '' },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const file = (name: string, text: string) => {
  const f = path.join(dataDir, name);
  fs.writeFileSync(f, text);
  return f;
};

describe('masthead readers import', { timeout: 60_000 }, () => {
  it('imports a list (exit 0), then refuses rows by line (exit 1) with the full list in --report or on stderr', () => {
    const ok = masthead('readers', 'import', file('ok.csv', 'email,name,newsletter\nann@example.com,Ann,yes\nbob@example.com,Bob,no\n'));
    expect(ok.stdout).toContain('Readers from a plain list: 2 rows.\n  imported 2, updated 0, unchanged 0, refused 0');
    expect(ok.status, ok.stderr).toBe(0);

    const rows = ['email,name,country', 'ann@example.com,Ann Lee,NZ'];
    for (let i = 0; i < 12; i++) rows.push(`bad${i},Nobody,`);
    const bad = file('bad.csv', `${rows.join('\n')}\n`);
    const report = path.join(dataDir, 'refused.txt');
    const withReport = masthead('readers', 'import', bad, '--report', report);
    expect(withReport.status).toBe(1);
    expect(withReport.stdout).toContain('imported 0, updated 1, unchanged 0, refused 12');
    expect(withReport.stdout).toContain(`Refused (the first 10; all 12 in ${report}):\n  line 3: "bad0" is not an email address`);
    expect(withReport.stdout).not.toContain('line 14');
    const listed = fs.readFileSync(report, 'utf8').trim().split('\n');
    expect(listed).toHaveLength(12);
    expect(listed[11]).toBe('line 14: "bad11" is not an email address');

    const onStderr = masthead('readers', 'import', bad);
    expect(onStderr.status).toBe(1);
    expect(onStderr.stdout).toContain('imported 0, updated 0, unchanged 1, refused 12');
    expect(onStderr.stderr).toContain('Refused rows:\nline 3: "bad0" is not an email address');
    expect(onStderr.stderr).toContain('line 14: "bad11" is not an email address');
  });

  it('refuses a malformed file with exit 65 and bad arguments with exit 2, writing nothing', () => {
    const malformed = masthead('readers', 'import', file('quote.csv', 'email,name\ncat@example.com,Cat\ndee@example.com,"Dee\n'));
    expect(malformed.status).toBe(65);
    expect(malformed.stderr).toMatch(/quote\.csv: the file is not valid CSV: Quote Not Closed/);
    const noEmail = masthead('readers', 'import', file('names.csv', 'name\nCat\n'));
    expect(noEmail.status).toBe(65);
    expect(noEmail.stderr).toContain('the header has no "email" column');
    // Nothing was written: cat@example.com (before the bad line) is not there.
    const again = masthead('readers', 'import', file('cat.csv', 'email\ncat@example.com\n'));
    expect(again.stdout).toContain('imported 1');

    expect(masthead('readers', 'import').status).toBe(2);
    expect(masthead('readers', 'import', path.join(dataDir, 'nope.csv')).status).toBe(65);
  });

  it('sends no email: the outbox stays empty', () => {
    const outbox = path.join(dataDir, 'outbox');
    expect(fs.existsSync(outbox) ? fs.readdirSync(outbox) : []).toEqual([]);
  });
});

describe('arguments and summary', () => {
  it('reads the arguments', () => {
    expect(parseReadersArgs(['import', 'a.csv', '--comp-plan', 'digital-monthly', '--report', 'r.txt'])).toEqual({
      file: 'a.csv',
      compPlan: 'digital-monthly',
      report: 'r.txt',
    });
    expect(parseReadersArgs(['import', 'a.csv', 'b.csv'])).toBe('readers import takes one file (got also b.csv).');
    expect(parseReadersArgs(['help'])).toBe('help');
    expect(parseReadersArgs(['export', 'a.csv'])).toBe('Unknown readers command "export".');
    expect(parseReadersArgs(['import', 'a.csv', '--colour'])).toMatch(/Unknown option '--colour'/);
  });

  it('keeps the screen short for a big file', () => {
    const text = formatReadersSummary(
      {
        format: 'ghost',
        rows: 1_000_000,
        imported: 990_000,
        updated: 9_000,
        unchanged: 0,
        refused: 1_000,
        comps: 50,
        ignoredColumns: ['id', 'labels'],
      },
      [{ line: 17, reason: 'no email address' }],
      'refused.txt',
    );
    expect(text).toBe(
      [
        "Readers from Ghost's members export: 1,000,000 rows.",
        '  imported 990,000, updated 9,000, unchanged 0, refused 1,000; complimentary subscriptions given: 50.',
        '  Columns not kept here: id, labels.',
        '',
        'Refused (the first 1; all 1,000 in refused.txt):',
        '  line 17: no email address',
        '',
      ].join('\n'),
    );
  });
});
