import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { createMediaService } from './media-service.js';
import type { Storage } from './storage.js';

describe.each(DIALECTS)('media service on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  const countRows = async () =>
    Number(
      (
        await t.services.db
          .selectFrom('images')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** The app's storage, counting writes. */
  function countingStorage(): Storage & { puts: string[] } {
    const inner = t.services.storage;
    const puts: string[] = [];
    return {
      puts,
      put: (key, data, type) => {
        puts.push(key);
        return inner.put(key, data, type);
      },
      get: (key) => inner.get(key),
      exists: (key) => inner.exists(key),
      delete: (key) => inner.delete(key),
    };
  }

  it('stores the original and its variants, and records the image', async () => {
    const bytes = await sharp({ create: { width: 700, height: 350, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();
    const image = await t.services.media.ingestImage(bytes);
    expect(image).toMatchObject({ width: 700, height: 350, contentType: 'image/jpeg', originalKey: `images/${image.id}/original.jpg` });
    expect(image.variants.map((v) => v.key).sort()).toEqual(
      ['320.jpg', '320.webp', '640.jpg', '640.webp'].map((f) => `images/${image.id}/${f}`),
    );
    expect((await t.services.storage.get(image.originalKey))?.equals(bytes)).toBe(true);
    for (const v of image.variants) expect(await t.services.storage.exists(v.key)).toBe(true);
    expect(await t.services.media.getImage(image.id)).toEqual(image);
    const row = await t.services.db.selectFrom('images').selectAll().where('id', '=', image.id).executeTakeFirstOrThrow();
    expect(row.bytes).toBe(bytes.length);
    expect(row.created_at.toISOString()).toBe('2026-11-25T09:00:00.000Z');
  });

  it('is idempotent: the same bytes give the same image, one row, no new files', async () => {
    const storage = countingStorage();
    const media = createMediaService({ db: t.services.db, storage, clock: () => t.clock.now });
    const bytes = await sharp({ create: { width: 300, height: 200, channels: 4, background: '#ff000080' } })
      .png()
      .toBuffer();
    const before = await countRows();
    const first = await media.ingestImage(bytes);
    const writes = storage.puts.length;
    expect(writes).toBe(3); // original, 300.png, 300.webp
    const second = await media.ingestImage(Buffer.from(bytes));
    expect(second).toEqual(first);
    expect(storage.puts.length).toBe(writes);
    // Concurrent ingests of the same new bytes also end as one image.
    const other = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#00ff00' } })
      .webp()
      .toBuffer();
    const [a, b] = await Promise.all([media.ingestImage(other), media.ingestImage(other)]);
    expect(a.id).toBe(b.id);
    // And so do two services (as in two processes) racing on the unique sha256.
    const rival = createMediaService({ db: t.services.db, storage: t.services.storage, clock: () => t.clock.now });
    const third = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#0000ff' } })
      .jpeg()
      .toBuffer();
    const [c, d] = await Promise.all([media.ingestImage(third), rival.ingestImage(third)]);
    expect(c.id).toBe(d.id);
    expect(await countRows()).toBe(before + 3);
    expect(await t.services.db.selectFrom('images').select('id').where('id', '=', first.id).execute()).toHaveLength(1);
  });

  it('rejects a bad upload before writing anything', async () => {
    const storage = countingStorage();
    const media = createMediaService({ db: t.services.db, storage, clock: () => t.clock.now });
    const before = await countRows();
    await expect(media.ingestImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).rejects.toMatchObject({ statusCode: 415 });
    expect(storage.puts).toEqual([]);
    expect(await countRows()).toBe(before);
  });

  it('leaves no row when the insert fails', async () => {
    const bytes = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#123456' } })
      .jpeg()
      .toBuffer();
    // A clock that is not a date makes the insert itself fail, after the files are written.
    const broken = createMediaService({ db: t.services.db, storage: t.services.storage, clock: () => new Date(Number.NaN) });
    const before = await countRows();
    await expect(broken.ingestImage(bytes)).rejects.toThrow();
    expect(await countRows()).toBe(before);
    // A later good attempt stores it normally.
    const image = await t.services.media.ingestImage(bytes);
    expect(await countRows()).toBe(before + 1);
    expect(await t.services.media.getImage(image.id)).toEqual(image);
  });

  it('answers undefined for an unknown id', async () => {
    expect(await t.services.media.getImage('0193a5b2-7c1d-7e2f-8a3b-4c5d6e7f8091')).toBeUndefined();
  });
});
