import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { must } from '../test-support/must.js';
import { onSqliteConnection, openSqlite, sqliteHandleOf } from './connect.js';
import type { DbHandle } from './database.js';
import { HOLD_AFTER_FRAMES, mustHold } from './wal-checkpointer.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-wal-'));
  dirs.push(dir);
  return path.join(dir, 'test.sqlite');
}

const PAGE = 4096;
const walPages = (file: string) => (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size / PAGE : 0);

/** ~3,000 pages of commits, one row (about a page) per transaction, as requests commit. */
async function writePages(handle: DbHandle, pages: number): Promise<void> {
  const raw = must(sqliteHandleOf(handle.db)).raw;
  raw.exec('create table if not exists filler (id integer primary key, body text)');
  const insert = raw.prepare('insert into filler (body) values (?)');
  const body = 'x'.repeat(PAGE - 200);
  for (let i = 0; i < pages; i++) await onSqliteConnection(handle.db, () => insert.run(body));
}

describe('WAL checkpoints in a worker thread', () => {
  it('no commit checkpoints (the WAL grows past SQLite’s 1,000 pages); the worker copies it all; close is clean', async () => {
    const file = tempFile();
    const handle = openSqlite(file, { backgroundCheckpoints: true, checkpointEveryMs: 3_600_000 });
    const { raw, checkpointer } = must(sqliteHandleOf(handle.db));
    expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await writePages(handle, 3000);
    // With SQLite's automatic checkpoint a commit would have copied the WAL back at 1,000 pages
    // and the log would have started again from its beginning: it never passes ~1,000 pages.
    const grown = walPages(file);
    expect(grown).toBeGreaterThan(2900);
    const result = await must(checkpointer).checkpointNow();
    expect(result.busy).toBe(0);
    expect(result.log).toBeGreaterThan(2900);
    expect(result.checkpointed).toBe(result.log);
    // The next commits reuse the log from its start: it does not grow (nor shrink: SQLite keeps the file).
    await writePages(handle, 100);
    expect(walPages(file)).toBe(grown);
    expect((await must(checkpointer).checkpointNow()).log).toBeLessThan(500);
    expect(Number((await sql<{ n: number }>`select count(*) as n from filler`.execute(handle.db)).rows[0]?.n)).toBe(3100);
    await handle.close();
    // Both connections closed: the last one checkpointed and removed the log.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    await expect(must(checkpointer).checkpointNow()).rejects.toThrow(/stopped/);
  }, 60_000);

  it('rewinds the log under steady writes: a round ends with a pass no commit can overtake', async () => {
    const file = tempFile();
    const handle = openSqlite(file, { backgroundCheckpoints: true, checkpointEveryMs: 3_600_000 });
    const { raw, checkpointer } = must(sqliteHandleOf(handle.db));
    const c = must(checkpointer);
    raw.exec('create table filler (id integer primary key, body text)');
    const insert = raw.prepare('insert into filler (body) values (?)');
    const write = () => onSqliteConnection(handle.db, () => insert.run('x'.repeat(PAGE - 200)));
    for (let i = 0; i < 500; i++) await write();
    // A PASSIVE checkpoint while commits keep landing copies what it saw; the log does not rewind.
    const passive = c.checkpointNow();
    let during = 0;
    for (let settled = false; !settled; during++) {
      await write();
      settled = await Promise.race([passive.then(() => true), new Promise<boolean>((r) => setImmediate(() => r(false)))]);
    }
    await write();
    const afterPassive = await c.checkpointNow();
    expect(afterPassive.log).toBeGreaterThan(1500);
    // A round, with commits landing all through it: it holds the connection, and the next commit
    // starts the log again.
    const round = c.round();
    for (let settled = false; !settled; ) {
      await write();
      settled = await Promise.race([round.then(() => true), new Promise<boolean>((r) => setImmediate(() => r(false)))]);
    }
    await write();
    // The log started again during the round (once every frame was copied, or after the held
    // pass): it holds only what was written since, a fraction of the 1,500+ frames before.
    expect((await c.checkpointNow()).log).toBeLessThan(afterPassive.log / 4);
    expect(during).toBeGreaterThan(0);
    await c.stop();
    await c.stop();
    expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await handle.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  }, 60_000);

  it('holds the connection only for a long log with frames left to copy', () => {
    expect(mustHold({ busy: 0, log: HOLD_AFTER_FRAMES, checkpointed: HOLD_AFTER_FRAMES - 1 })).toBe(true);
    expect(mustHold({ busy: 0, log: 50_000, checkpointed: 10 })).toBe(true);
    expect(mustHold({ busy: 0, log: 50_000, checkpointed: 50_000 })).toBe(false);
    expect(mustHold({ busy: 0, log: HOLD_AFTER_FRAMES - 1, checkpointed: 0 })).toBe(false);
    expect(mustHold({ busy: 0, log: 0, checkpointed: 0 })).toBe(false);
  });

  it('a round that copied every frame, or found a short log, leaves the connection alone', async () => {
    const file = tempFile();
    const handle = openSqlite(file, { backgroundCheckpoints: true, checkpointEveryMs: 3_600_000 });
    const c = must(must(sqliteHandleOf(handle.db)).checkpointer);
    await writePages(handle, 50);
    // Someone holds the connection (a long transaction): a round that needs it would wait.
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const holding = handle.db.transaction().execute(() => gate);
    // Nothing lands during the first pass: every frame copied, nothing to hold the connection for.
    expect(await c.round()).toBe('copied');
    release();
    await holding;
    // Writes left over from a pass, in a log shorter than HOLD_AFTER_FRAMES, wait for the next round.
    await writePages(handle, 10);
    expect(await c.round()).toBe('copied');
    await c.stop();
    await handle.close();
  }, 60_000);

  it('rounds run on the timer', async () => {
    const file = tempFile();
    const handle = openSqlite(file, { backgroundCheckpoints: true, checkpointEveryMs: 20 });
    const { raw, checkpointer } = must(sqliteHandleOf(handle.db));
    raw.exec('create table filler (id integer primary key, body text)');
    const insert = raw.prepare('insert into filler (body) values (?)');
    insert.run('x'.repeat(PAGE - 200));
    const oneWrite = must(raw.pragma('wal_checkpoint(NOOP)') as { log: number }[])[0]?.log ?? 0;
    expect(oneWrite).toBeGreaterThan(0);
    // Once a round has run, the next write starts the log again: the log then holds that write alone.
    let rewound = false;
    for (let i = 0; i < 200 && !rewound; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const before = must(raw.pragma('wal_checkpoint(NOOP)') as { log: number }[])[0]?.log ?? 0;
      insert.run('x'.repeat(PAGE - 200));
      const after = must(raw.pragma('wal_checkpoint(NOOP)') as { log: number }[])[0]?.log ?? 0;
      rewound = after <= oneWrite && before > 0;
    }
    expect(rewound).toBe(true);
    void checkpointer;
    await handle.close();
  }, 60_000);

  it('is off unless asked for: commands and tests keep SQLite’s own checkpoints', async () => {
    const handle = openSqlite(tempFile());
    const h = must(sqliteHandleOf(handle.db));
    expect(h.checkpointer).toBeUndefined();
    expect(h.raw.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await handle.close();
  });
});
