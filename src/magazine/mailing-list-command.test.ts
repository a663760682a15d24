/**
 * `masthead magazine mailing-list` as a child process: its arguments, its exit codes, the two
 * files (nothing written on a refusal), and the address requests emailed once.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertReader, updateReaderProfile } from '../accounts/reader-repository.js';
import { createLocalContentEvents } from '../cache/content-events.js';
import { loadConfig } from '../config.js';
import { openAndMigrate } from '../db/open-and-migrate.js';
import { readOutbox } from '../mail/eml-reader.js';
import { createServices } from '../services.js';
import { seedDemoPlans } from '../subscriptions/index.js';
import { listPlans } from '../subscriptions/plan-repository.js';
import { insertSubscription } from '../subscriptions/subscription-repository.js';
import { seedBasics } from '../test-support/test-app.js';
import { parseMagazineArgs } from './magazine-command.js';
import { publishWeek } from './magazine-test-support.js';

describe('masthead magazine mailing-list: arguments', () => {
  it.each([
    [
      ['mailing-list', '--edition', '3', '--out', 'e3.csv'],
      { action: 'mailing-list', edition: 3, out: 'e3.csv', incomplete: 'e3-incomplete.csv' },
    ],
    [
      ['mailing-list', '--edition=4', '--out', 'a.csv', '--incomplete', 'b.csv'],
      { action: 'mailing-list', edition: 4, out: 'a.csv', incomplete: 'b.csv' },
    ],
  ])('reads %j', (args, parsed) => {
    expect(parseMagazineArgs(args)).toEqual(parsed);
  });

  it.each([
    [['mailing-list', '--out', 'x.csv'], /mailing-list needs --edition N/],
    [['mailing-list', '--edition', 'latest', '--out', 'x.csv'], /--edition must be an edition's number, e\.g\. 3 \(got "latest"\)/],
    [['mailing-list', '--edition', '1'], /mailing-list needs --out FILE\.csv/],
    [['mailing-list', '--edition', '1', '--out', 'x.csv', '--incomplete', ''], /--incomplete needs a file name/],
    [['mailing-list', '--edition', '1', '--out', 'x.csv', '--sort', 'name'], /Unknown option '--sort'/],
  ])('refuses %j clearly', (args, message) => {
    const r = parseMagazineArgs(args);
    expect(typeof r).toBe('string');
    expect(r).toMatch(message);
  });
});

describe('masthead magazine mailing-list, as a command', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-mail-list-'));
  const outDir = path.join(dataDir, 'out');
  const ids: Record<string, string> = {};
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const run = (args: string[]) =>
    spawnSync(process.execPath, ['bin/masthead.js', 'magazine', 'mailing-list', ...args], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATABASE_URL: '',
        SMTP_URL: '',
        MASTHEAD_DATA_DIR: dataDir,
        MASTHEAD_TIMEZONE: 'UTC',
      },
      encoding: 'utf8',
    });
  const written = () => fs.readdirSync(outDir);

  beforeAll(async () => {
    fs.mkdirSync(outDir);
    const config = loadConfig({ NODE_ENV: 'test', MASTHEAD_DATA_DIR: dataDir, DATABASE_URL: '' });
    const handle = await openAndMigrate(config, pino({ level: 'silent' }));
    const at = new Date('2026-12-07T10:00:00Z');
    const services = createServices({
      config,
      handle,
      clock: () => at,
      log: pino({ level: 'silent' }),
      events: createLocalContentEvents(),
    });
    try {
      await seedBasics(services);
      await seedDemoPlans(services.db, () => at);
      const plan = (await listPlans(services.db, { activeOnly: true })).find((p) => p.slug === 'all-access-yearly');
      if (!plan) throw new Error('no print plan');
      for (const [key, address] of [
        ['ada', { line1: 'Rue 1', line2: '', city: 'Lyon', region: '', postcode: '69001', country: 'France' }],
        ['bo', null],
      ] as const) {
        const id = uuidv7();
        ids[key] = id;
        await insertReader(services.db, { id, email: `${key}@example.com`, passwordHash: null, at });
        await updateReaderProfile(services.db, id, { name: key.toUpperCase(), address }, at);
        await insertSubscription(services.db, {
          id: uuidv7(),
          readerId: id,
          planId: plan.id,
          status: 'active',
          currentPeriodEnd: new Date('2027-06-30T12:00:00Z'),
          cancelAtPeriodEnd: false,
          trialEnd: null,
          graceUntil: null,
          provider: 'demo',
          providerSubscriptionId: id,
          providerCustomerId: null,
          providerVersion: 0,
          createdAt: at,
          updatedAt: at,
        });
      }
      const stories = await publishWeek({ services });
      const first = await services.magazine.propose('2026-12-01', 'test');
      await services.magazine.update(first.edition.number, { storyIds: [stories[0] ?? ''], coverArticleId: stories[0] ?? null }, 'test');
      expect((await services.magazine.freeze(first.edition.number, 'test')).number).toBe(1);
      expect((await services.magazine.propose('2026-12-09', 'test')).edition.number).toBe(2);
    } finally {
      await services.close();
      await handle.close();
    }
  }, 120_000);

  it('no such edition, a draft, no folder, a folder in the file’s place: exit 1 naming the problem, nothing written', () => {
    const out = path.join(outDir, 'list.csv');
    const none = run(['--edition', '9', '--out', out]);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('No magazine edition No. 9.');
    const draft = run(['--edition', '2', '--out', out]);
    expect(draft.status).toBe(1);
    expect(draft.stderr).toContain('Edition No. 2 is a draft: its mailing list is made once it goes to the printer.');
    const noFolder = run(['--edition', '1', '--out', path.join(outDir, 'missing', 'list.csv')]);
    expect(noFolder.status).toBe(1);
    expect(noFolder.stderr).toContain(`No folder ${path.join(outDir, 'missing')} to write`);
    fs.mkdirSync(path.join(outDir, 'taken.csv'));
    const folder = run(['--edition', '1', '--out', path.join(outDir, 'taken.csv')]);
    expect(folder.status).toBe(1);
    expect(folder.stderr).toContain('taken.csv is a folder: give a file name.');
    fs.rmdirSync(path.join(outDir, 'taken.csv'));
    const bad = run(['--edition', 'x', '--out', out]);
    expect(bad.status).toBe(2);
    expect(written()).toEqual([]);
    expect(readOutbox(path.join(dataDir, 'outbox'))).toEqual([]);
  }, 300_000);

  it('writes both files, emails the reader without an address once, and not again on a second run', () => {
    const out = path.join(outDir, 'edition-1.csv');
    const first = run(['--edition', '1', '--out', out]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('entitlements at its cut-off 2026-12-07 10:00 UTC');
    expect(first.stdout).toContain(`1 copy to mail: ${out}`);
    expect(first.stdout).toContain('1 reader with an incomplete address');
    expect(first.stdout).toContain('Emailed 1 reader to complete their address.');
    expect(written().sort()).toEqual(['edition-1-incomplete.csv', 'edition-1.csv']);
    expect(fs.readFileSync(out, 'utf8')).toBe(
      '"name","company","address_line1","address_line2","city","region","postcode","country","subscriber_id","subscription_end"\r\n' +
        `"ADA","","Rue 1","","Lyon","","69001","FR","${ids.ada}","2027-06-30"\r\n`,
    );
    expect(fs.readFileSync(path.join(outDir, 'edition-1-incomplete.csv'), 'utf8')).toContain(`"${ids.bo}","bo@example.com","BO"`);
    const mail = readOutbox(path.join(dataDir, 'outbox'));
    expect(mail.map((m) => m.to)).toEqual(['bo@example.com']);

    const second = run(['--edition', '1', '--out', out, '--incomplete', path.join(outDir, 'again-incomplete.csv')]);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('Emailed 0 readers to complete their address (1 asked before for this edition, not again).');
    expect(readOutbox(path.join(dataDir, 'outbox'))).toHaveLength(1);
    // No scratch file is left beside the lists.
    expect(written().filter((f) => f.endsWith('.partial'))).toEqual([]);
  }, 300_000);
});
