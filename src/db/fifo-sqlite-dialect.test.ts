import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promiseHooks } from 'node:v8';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { must } from '../test-support/must.js';
import { onSqliteConnection, openSqlite, sqliteHandleOf } from './connect.js';
import type { DbHandle } from './database.js';
import { FifoLock } from './fifo-sqlite-dialect.js';

describe('FifoLock', () => {
  it('hands the lock to one waiter per release, in the order they asked', async () => {
    const lock = new FifoLock();
    const got: number[] = [];
    await lock.acquire();
    const waiters = [1, 2, 3].map((n) => lock.acquire().then(() => got.push(n)));
    expect(lock.waiting).toBe(3);
    lock.release();
    await waiters[0];
    // One release, one waiter through; the others still wait.
    expect(got).toEqual([1]);
    expect(lock.waiting).toBe(2);
    lock.release();
    lock.release();
    await Promise.all(waiters);
    expect(got).toEqual([1, 2, 3]);
    lock.release();
    // Free again: the next caller gets it at once.
    let immediate = false;
    void lock.acquire().then(() => {
      immediate = true;
    });
    await Promise.resolve();
    expect(immediate).toBe(true);
  });
});

describe('the SQLite connection under many callers', () => {
  let handle: DbHandle;
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-fifo-'));
    handle = openSqlite(path.join(dir, 'test.sqlite'));
  });
  afterAll(async () => {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves 500 queued callers first come, first served, waking one per release, transactions included', async () => {
    const raw = must(sqliteHandleOf(handle.db)).raw;
    raw.exec('create table seen (n integer)');
    const insert = raw.prepare('insert into seen (n) values (?)');
    const order: number[] = [];
    let made = 0;
    const stop = promiseHooks.onInit(() => {
      made++;
    });
    const work = Array.from({ length: 500 }, (_, n) =>
      n % 5 === 0
        ? handle.db.transaction().execute(async (tx) => {
            order.push(n);
            await sql`select 1`.execute(tx);
            insert.run(n);
          })
        : onSqliteConnection(handle.db, () => {
            order.push(n);
            insert.run(n);
          }),
    );
    await Promise.all(work);
    stop();
    expect(order).toEqual(Array.from({ length: 500 }, (_, n) => n));
    // Each release wakes one caller: ~30 promises per call here. Kysely's own mutex wakes every
    // waiter at each release: ~270 per call with 500 queued (137,000 in all), growing with the queue.
    expect(made).toBeLessThan(500 * 60);
    expect(raw.prepare('select count(*) as c from seen').get()).toEqual({ c: 500 });
  });
});
