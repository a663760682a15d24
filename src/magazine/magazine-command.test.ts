import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalContentEvents } from '../cache/content-events.js';
import { loadConfig } from '../config.js';
import { openAndMigrate } from '../db/open-and-migrate.js';
import { createServices } from '../services.js';
import { seedBasics } from '../test-support/test-app.js';
import { parseMagazineArgs } from './magazine-command.js';
import { publishWeek } from './magazine-test-support.js';

describe('masthead magazine: arguments', () => {
  it.each([
    [['new'], { action: 'new', weekOf: undefined }],
    [['new', '--week-of', '2026-12-03'], { action: 'new', weekOf: '2026-12-03' }],
    [['list'], { action: 'list' }],
    [['pdf', '--edition', '3', '--out', 'e3.pdf'], { action: 'pdf', edition: 3, trim: 'a4', bleedMm: 3, out: 'e3.pdf' }],
    [
      ['pdf', '--edition', '3', '--cmyk', '--out', 'e3.pdf'],
      { action: 'pdf', edition: 3, trim: 'a4', bleedMm: 3, out: 'e3.pdf', cmyk: true },
    ],
    [
      ['pdf', '--edition=12', '--trim', 'letter', '--bleed', '5', '--out', 'x.pdf'],
      { action: 'pdf', edition: 12, trim: 'letter', bleedMm: 5, out: 'x.pdf' },
    ],
    [['help'], { action: 'help' }],
  ])('reads %j', (args, parsed) => {
    expect(parseMagazineArgs(args)).toEqual(parsed);
  });

  it.each([
    [[], /needs a command/],
    [['print'], /Unknown magazine command "print"/],
    [['new', '--week-of', '2026-02-30'], /--week-of must be a date as YYYY-MM-DD \(got "2026-02-30"\)/],
    [['new', '--when', 'now'], /Unknown option '--when'/],
    [['list', 'extra'], /Unexpected argument 'extra'|positional/i],
    [['pdf', '--out', 'x.pdf'], /pdf needs --edition N/],
    [['pdf', '--edition', 'one', '--out', 'x.pdf'], /--edition must be an edition's number, e\.g\. 3 \(got "one"\)/],
    [['pdf', '--edition', '1', '--trim', 'tabloid', '--out', 'x.pdf'], /--trim must be one of a4, letter \(got "tabloid"\)/],
    [['pdf', '--edition', '1', '--bleed', '30', '--out', 'x.pdf'], /--bleed must be millimetres from 0 to 10/],
    [['pdf', '--edition', '1'], /pdf needs --out FILE/],
  ])('refuses %j clearly', (args, message) => {
    const r = parseMagazineArgs(args);
    expect(typeof r).toBe('string');
    expect(r).toMatch(message);
  });
});

describe('masthead magazine, as a command', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-mag-cmd-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const run = (args: string[]) =>
    spawnSync(process.execPath, ['bin/masthead.js', 'magazine', ...args], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATABASE_URL: '',
        MASTHEAD_DATA_DIR: dataDir,
        MASTHEAD_TIMEZONE: 'Europe/Berlin',
      },
      encoding: 'utf8',
    });

  it('a week that is not a date: exit 2 and what is wrong, before touching the database', () => {
    const r = run(['new', '--week-of', 'last-week']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--week-of must be a date as YYYY-MM-DD');
    expect(fs.existsSync(path.join(dataDir, 'masthead.sqlite'))).toBe(false);
  });

  it('proposes an edition, prints its number, answers the same one for the same week, and lists it', () => {
    const first = run(['new', '--week-of', '2026-12-10']);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('Edition 1 (Vol. 1, No. 1), the week of 2026-12-07, cover date 2026-12-14: 0 stories proposed');
    expect(first.stdout.trim().split('\n').at(-1)).toBe('1');
    const again = run(['new', '--week-of', '2026-12-13']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('Edition 1 (Vol. 1, No. 1) already covers the week of 2026-12-07');
    const list = run(['list']);
    expect(list.status).toBe(0);
    expect(list.stdout).toBe('1\tVol. 1, No. 1\tweek of 2026-12-07\tcover 2026-12-14\tdraft\t0 stories\n');
    // Each run is a process of its own (about 6 s of CPU each on a loaded machine): no wall-time bound is meant.
  }, 300_000);

  it('pdf: an unknown trim is exit 2; no such edition and a story without a picture are exit 1 naming the problem, and no file is written', async () => {
    // The paper's database, made by this process: one edition whose story has no picture.
    const config = loadConfig({ NODE_ENV: 'test', MASTHEAD_DATA_DIR: dataDir, DATABASE_URL: '' });
    const handle = await openAndMigrate(config, pino({ level: 'silent' }));
    const services = createServices({
      config,
      handle,
      clock: () => new Date('2026-12-07T10:00:00Z'),
      log: pino({ level: 'silent' }),
      events: createLocalContentEvents(),
    });
    try {
      await seedBasics(services);
      const ids = await publishWeek({ services });
      const made = await services.magazine.propose('2026-12-02', 'test');
      await services.magazine.update(made.edition.number, { storyIds: [ids[3] ?? ''], coverArticleId: ids[3] ?? null }, 'test');
      expect(made.edition.number).toBe(2);
    } finally {
      await services.close();
      await handle.close();
    }
    const out = path.join(dataDir, 'edition.pdf');
    const trim = run(['pdf', '--edition', '2', '--trim', 'tabloid', '--out', out]);
    expect(trim.status).toBe(2);
    expect(trim.stderr).toContain('--trim must be one of a4, letter (got "tabloid")');
    const none = run(['pdf', '--edition', '9', '--out', out]);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('No magazine edition No. 9.');
    const noPicture = run(['pdf', '--edition', '2', '--out', out]);
    expect(noPicture.status).toBe(1);
    expect(noPicture.stderr).toContain('Edition No. 2 cannot be printed.');
    expect(noPicture.stderr).toContain(
      'stories[0]: "The night shift at the fish market" has no picture: give the story one, or take it out',
    );
    expect(fs.readdirSync(dataDir).filter((f) => f.includes('.pdf'))).toEqual([]);
  }, 300_000);
});
