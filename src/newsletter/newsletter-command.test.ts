import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseNewsletterArgs } from './newsletter-command.js';

describe('masthead newsletter: arguments', () => {
  it.each([
    [['send'], { action: 'send', date: '2026-12-07' }],
    [['send', '--date', '2026-11-30'], { action: 'send', date: '2026-11-30' }],
    [['send', '--date=2028-02-29'], { action: 'send', date: '2028-02-29' }],
    [['help'], { action: 'help' }],
  ])('reads %j', (args, parsed) => {
    expect(parseNewsletterArgs(args, '2026-12-07')).toEqual(parsed);
  });

  it.each([
    [[], /needs a command: send/],
    [['post'], /Unknown newsletter command "post"/],
    [['send', '--date', '2026-02-30'], /--date must be a date as YYYY-MM-DD, e\.g\. 2026-12-07 \(got "2026-02-30"\)/],
    [['send', '--date', 'today'], /got "today"/],
    [['send', '--when', 'now'], /Unknown option '--when'/],
    [['send', 'extra'], /Unexpected argument 'extra'|positional/i],
  ])('refuses %j clearly', (args, message) => {
    const r = parseNewsletterArgs(args, '2026-12-07');
    expect(typeof r).toBe('string');
    expect(r).toMatch(message);
  });
});

describe('masthead newsletter send, as a command', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-nl-cmd-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['bin/masthead.js', 'newsletter', ...args], {
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: '', SMTP_URL: '', MASTHEAD_DATA_DIR: dataDir, ...env },
      encoding: 'utf8',
    });

  it('a date that is not a date: exit 2 and what is wrong, before touching the database', () => {
    const r = run(['send', '--date', '2026-13-01']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--date must be a date as YYYY-MM-DD');
    expect(fs.existsSync(path.join(dataDir, 'masthead.sqlite'))).toBe(false);
  });

  it('no SMTP relay: exit 1 saying which setting to make', () => {
    const r = run(['send', '--date', '2026-12-07']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('No SMTP relay is configured for the daily email: set SMTP_URL');
  });
});
