import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { orgsTable, parseOrgsArgs } from './organisation-command.js';

// The command in its own process, on a SQLite database in a temporary data directory.
describe('masthead orgs', { timeout: 120_000 }, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-orgs-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['bin/masthead.js', 'orgs', ...args], {
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: '', MASTHEAD_DATA_DIR: dataDir, MASTHEAD_TIMEZONE: 'Europe/London' },
      encoding: 'utf8',
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('creates licences and lists them; refuses bad input with exit code 2 and writes nothing', () => {
    const bad = run('create', '--name', 'Bad', '--range', '10.0.0.0/33', '--seats', '5');
    expect(bad.status, bad.stderr).toBe(2);
    expect(bad.stderr).toContain('--range: "10.0.0.0/33" is not an address range');
    expect(run('create', '--name', 'No seats', '--range', '10.0.0.0/8').stderr).toContain('needs --seats');
    expect(run('create', '--name', 'Zero', '--range', '10.0.0.0/8', '--seats', '0').status).toBe(2);
    expect(run('create', '--name', 'Date', '--domain', 'x.example', '--seats', '3', '--until', '2027-02-30').stderr).toContain('--until');
    expect(run('create', '--name', 'Nothing', '--seats', '3').stderr).toContain('at least one address range or email domain');
    expect(run('create', '--nmae', 'Typo').status).toBe(2);
    expect(run('frobnicate').status).toBe(2);

    const made = run(
      'create',
      '--name',
      'Port Ellery Library',
      '--range',
      '192.0.2.0/24',
      '--range',
      '2001:db8::/32',
      '--domain',
      'Library.Example.org',
      '--seats',
      '40',
      '--until',
      '2027-08-31',
      '--contact-name',
      'Ada Lovelace',
      '--contact-email',
      'ada@library.example.org',
    );
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toContain('Created the group licence "Port Ellery Library"');
    expect(run('create', '--name', 'Old School', '--domain', 'old.example', '--seats', '2', '--until', '2020-01-31').status).toBe(0);

    const list = run('list');
    expect(list.status, list.stderr).toBe(0);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+RANGES\s+DOMAINS\s+SEATS\s+UNTIL\s+ACTIVE$/);
    expect(lines.slice(1)).toHaveLength(2);
    expect(lines[1]).toMatch(/^Old School\s+-\s+old\.example\s+0\/2\s+2020-01-31\s+no \(ended\)$/);
    expect(lines[2]).toMatch(/^Port Ellery Library\s+192\.0\.2\.0\/24,2001:db8::\/32\s+library\.example\.org\s+0\/40\s+2027-08-31\s+yes$/);
  });

  it('parses without a database, and says what is wrong', () => {
    expect(parseOrgsArgs([])).toBe('orgs needs a command: create or list.');
    expect(parseOrgsArgs(['list', 'extra'])).toMatch(/Unexpected argument/);
    expect(parseOrgsArgs(['create', '--name', 'X', '--domain', 'x.example', '--seats', 'many'])).toBe(
      '--seats must be a whole number, at least 1 (got "many").',
    );
    expect(orgsTable([], new Date(), 'UTC')).toContain('No group licences yet');
  });
});
