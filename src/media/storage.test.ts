import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../http/app-error.js';
import { createLocalStorage, isValidStorageKey } from './storage.js';

describe('local storage', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-storage-'));
  const storage = createLocalStorage(path.join(root, 'uploads'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('round-trips bytes, overwrites, and deletes', async () => {
    const key = 'images/0193a5b2-7c1d-7e2f-8a3b-4c5d6e7f8091/original.jpg';
    expect(await storage.exists(key)).toBe(false);
    expect(await storage.get(key)).toBeUndefined();
    await storage.put(key, Buffer.from('first'), 'image/jpeg');
    expect(await storage.exists(key)).toBe(true);
    expect((await storage.get(key))?.toString()).toBe('first');
    expect(fs.readFileSync(path.join(root, 'uploads', ...key.split('/')), 'utf8')).toBe('first');
    await storage.put(key, Buffer.from('second'), 'image/jpeg');
    expect((await storage.get(key))?.toString()).toBe('second');
    // No temp files are left beside it.
    expect(fs.readdirSync(path.dirname(path.join(root, 'uploads', key)))).toEqual(['original.jpg']);
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
    await storage.delete(key);
  });

  it('treats a directory as no file', async () => {
    await storage.put('images/dir/320.webp', Buffer.from('x'), 'image/webp');
    expect(await storage.get('images/dir')).toBeUndefined();
    expect(await storage.exists('images/dir')).toBe(false);
  });

  it.each([
    '',
    '../etc/passwd',
    'images/../../etc/passwd',
    'images/a..b/x.jpg',
    '/etc/passwd',
    'images//x.jpg',
    'images/x.jpg/',
    './x.jpg',
    'images/.hidden',
    'images\\x.jpg',
    'images/x y.jpg',
    'images/%2e%2e/x.jpg',
    'images/ü.jpg',
    'C:/x.jpg',
    `images/${'a'.repeat(300)}`,
  ])('rejects the key %j', async (key) => {
    expect(isValidStorageKey(key)).toBe(false);
    await expect(storage.put(key, Buffer.from('x'), 'image/jpeg')).rejects.toBeInstanceOf(AppError);
    await expect(storage.get(key)).rejects.toMatchObject({ statusCode: 400 });
    await expect(storage.exists(key)).rejects.toMatchObject({ statusCode: 400 });
    await expect(storage.delete(key)).rejects.toMatchObject({ statusCode: 400 });
  });

  it('accepts the keys images use', () => {
    for (const key of ['images/0193a5b2-7c1d-7e2f-8a3b-4c5d6e7f8091/1600.webp', 'images/x/original.png', 'a']) {
      expect(isValidStorageKey(key)).toBe(true);
    }
  });
});
