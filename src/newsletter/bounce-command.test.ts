/**
 * `masthead newsletter bounces` in its own process, on a SQLite database in a temporary data
 * directory: the delivery is written here first (as the sender leaves it), then an mbox holding a
 * Postfix hard bounce for it, a report that is not ours and an unreadable one is fed to the
 * command; then a directory of the same. The address is stopped, the summary counts each outcome,
 * and a second run counts the bounce once. Bad arguments exit 2 before touching the database.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { openAndMigrate } from '../db/open-and-migrate.js';
import { loadSecretKeys } from '../secrets.js';
import { editionReportCounts, findUndeliverable } from './bounce-repository.js';
import { fillSample } from './bounce-test-support.js';
import { signBounceToken, verpAddress } from './bounce-token.js';
import { messageIdFor } from './delivery.js';
import { parseNewsletterArgs } from './newsletter-command.js';

const READER = '01938f2e-6b1c-7a00-8000-00000000b001';
const EDITION = '01938f2e-6b1c-7a00-8000-00000000e001';

describe('masthead newsletter bounces, as a command', { timeout: 120_000 }, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-bounces-'));
  const env = { NODE_ENV: 'test', DATABASE_URL: '', MASTHEAD_DATA_DIR: dataDir, PUBLIC_URL: 'https://paper.test' };
  const config = loadConfig(env);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/masthead.js', 'newsletter', 'bounces', ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      encoding: 'utf8',
    });
  const withDb = async <T>(f: (db: Awaited<ReturnType<typeof openAndMigrate>>['db']) => Promise<T>): Promise<T> => {
    const handle = await openAndMigrate(config, pino({ level: 'silent' }));
    try {
      return await f(handle.db);
    } finally {
      await handle.close();
    }
  };

  beforeAll(async () => {
    const at = new Date('2026-12-08T07:00:00Z');
    await withDb(async (db) => {
      await db
        .insertInto('readers')
        .values({
          id: READER,
          email: 'gone@x.test',
          email_verified_at: at,
          password_hash: null,
          email_preferences: JSON.stringify({ dailyEmail: true, offers: false }),
          closed_at: null,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await db
        .insertInto('newsletter_editions')
        .values({
          id: EDITION,
          edition_date: '2026-12-08',
          subject: 'Morning',
          status: 'sent',
          created_at: at,
          updated_at: at,
          updated_by: 'test',
        })
        .execute();
      await db
        .insertInto('newsletter_deliveries')
        .values({
          edition_id: EDITION,
          reader_id: READER,
          email: 'gone@x.test',
          message_id: messageIdFor(EDITION, READER, 'paper.test'),
          status: 'accepted',
          first_tried_at: at,
        })
        .execute();
    });
  });

  it('reads an mbox, stops the bounced address and counts every outcome; a second run counts the bounce once', async () => {
    const verp = verpAddress('bounces@bounce.paper.test', signBounceToken(READER, '2026-12-08', loadSecretKeys(config)));
    const values = { verp, rcpt: 'gone@x.test', mid: messageIdFor(EDITION, READER, 'paper.test') };
    const other = { verp: 'bounces@bounce.paper.test', rcpt: 'someone@elsewhere.example', mid: '<x@elsewhere.example>' };
    const mbox = path.join(dataDir, 'bounces.mbox');
    const entry = (b: Buffer) => `From MAILER-DAEMON Tue Dec  8 07:01:05 2026\n${b.toString('utf8').replace(/^(>*From )/gm, '>$1')}\n`;
    fs.writeFileSync(
      mbox,
      entry(fillSample('postfix-hard-user-unknown.eml', values)) +
        entry(fillSample('dsn-not-ours.eml', other)) +
        entry(fillSample('malformed-missing-boundary.eml', other)),
    );
    const r = run(mbox);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^3 messages read\.$/m);
    expect(r.stdout).toMatch(/^\s+1\s+hard bounces \(address stopped\)$/m);
    expect(r.stdout).toMatch(/^\s+1\s+not matched to anything we sent$/m);
    expect(r.stdout).toMatch(/^\s+1\s+unreadable$/m);
    expect(await withDb((db) => findUndeliverable(db, 'gone@x.test'))).toMatchObject({ reason: 'hard_bounce' });

    const dir = path.join(dataDir, 'maildir-new');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, '1.eml'), fillSample('gmail-hard-no-such-user.eml', values));
    fs.writeFileSync(path.join(dir, '2.eml'), fillSample('arf-yahoo-style-complaint.eml', values));
    const again = run(dir);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^2 messages read\.$/m);
    expect(again.stdout).toMatch(/^\s+1\s+complaints \(reader unsubscribed\)$/m);
    const counts = await withDb((db) => editionReportCounts(db, { id: EDITION, date: '2026-12-08' }));
    expect(counts).toMatchObject({ recipients: 1, hardBounces: 1, complaints: 1 });
  });

  it('a missing path or no path: exit 2 and what is wrong', () => {
    const missing = run(path.join(dataDir, 'nope.mbox'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('No such file or directory');
    expect(parseNewsletterArgs(['bounces'], '2026-12-08')).toMatch(/bounces needs one path/);
    expect(parseNewsletterArgs(['bounces', 'a', 'b'], '2026-12-08')).toMatch(/bounces needs one path/);
    expect(parseNewsletterArgs(['bounces', 'a.mbox'], '2026-12-08')).toEqual({ action: 'bounces', path: 'a.mbox' });
  });
});
