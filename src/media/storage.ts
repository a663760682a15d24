/**
 * Where uploaded files live. Services depend on the narrow `Storage` interface; the local-disk
 * implementation here keeps files under `<dataDir>/uploads`, and a shared object store can replace
 * it when several machines serve the site.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { invalid } from '../http/app-error.js';

export interface Storage {
  /** Writes `data` under `key`, replacing what was there; readers never see a half-written file. */
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer | undefined>;
  exists(key: string): Promise<boolean>;
  /** Removes `key`; removing a key that does not exist is not an error. */
  delete(key: string): Promise<void>;
}

const MAX_KEY_LENGTH = 300;
/**
 * Segments of letters, digits, `.`, `_` and `-`, each starting with a letter or digit, joined by
 * single slashes: no absolute paths, no `.`/`..` segments, no hidden files, no backslashes.
 * Object stores accept the same keys, so a key that works here works there.
 */
const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

export function isValidStorageKey(key: string): boolean {
  return key.length > 0 && key.length <= MAX_KEY_LENGTH && KEY_RE.test(key) && !key.includes('..');
}

export function assertValidStorageKey(key: string): void {
  if (!isValidStorageKey(key)) {
    throw invalid([{ field: 'key', message: 'must be slash-separated segments of letters, digits, ".", "_" and "-", without ".."' }]);
  }
}

/** No file at that key: nothing there, a file where a directory was expected, or a directory. */
function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

/** Files on local disk under `rootDir` (made on first write). The content type is not kept: keys carry their extension. */
export function createLocalStorage(rootDir: string): Storage {
  const root = path.resolve(rootDir);

  function fileFor(key: string): string {
    assertValidStorageKey(key);
    const file = path.resolve(root, ...key.split('/'));
    // The key pattern already rules out escaping the root; this keeps it true if the pattern changes.
    if (!file.startsWith(root + path.sep)) throw invalid([{ field: 'key', message: 'points outside the storage root' }]);
    return file;
  }

  return {
    async put(key, data) {
      const file = fileFor(key);
      const dir = path.dirname(file);
      await fs.mkdir(dir, { recursive: true });
      // Temp file in the same directory, then rename: rename is atomic within one file system.
      // The leading dot keeps temp files outside the key space, so no key can name one.
      const temp = path.join(dir, `.${path.basename(file)}.${randomUUID()}.tmp`);
      try {
        const handle = await fs.open(temp, 'wx');
        try {
          await handle.writeFile(data);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await fs.rename(temp, file);
      } catch (err) {
        await fs.rm(temp, { force: true });
        throw err;
      }
    },

    async get(key) {
      try {
        return await fs.readFile(fileFor(key));
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw err;
      }
    },

    async exists(key) {
      try {
        return (await fs.stat(fileFor(key))).isFile();
      } catch (err) {
        if (isMissing(err)) return false;
        throw err;
      }
    },

    async delete(key) {
      try {
        await fs.unlink(fileFor(key));
      } catch (err) {
        if (!isMissing(err)) throw err;
      }
    },
  };
}
