/**
 * Signing keys (HMAC): MASTHEAD_SECRET_KEYS when set (the first signs, all verify); otherwise one
 * key generated on first start and kept in the data directory, readable by its owner only.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';

export function loadSecretKeys(config: Pick<Config, 'secretKeys' | 'dataDir'>): string[] {
  if (config.secretKeys && config.secretKeys.length > 0) return config.secretKeys;
  const file = path.join(config.dataDir, 'secret-key');
  fs.mkdirSync(config.dataDir, { recursive: true });
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return [existing];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = randomBytes(32).toString('base64url');
  // `wx`: if another process made one first, use theirs.
  try {
    fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
    return [key];
  } catch {
    return [fs.readFileSync(file, 'utf8').trim()];
  }
}
