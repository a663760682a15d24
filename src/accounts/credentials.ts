/**
 * Secrets: passwords (argon2id, the OWASP Password Storage Cheat Sheet's first choice; the
 * library's defaults, m=19 MiB, t=2, p=1, are its minimum) and the random tokens of sessions and
 * emailed links (256 bits, kept only as SHA-256: a fast hash is enough for a random secret).
 */
import { createHash, randomBytes } from 'node:crypto';

// argon2's native module is loaded on the first password, not at start (a reader who never signs
// in never needs it).
let argon2: Promise<typeof import('@node-rs/argon2')> | undefined;
function loadArgon2(): Promise<typeof import('@node-rs/argon2')> {
  argon2 ??= import('@node-rs/argon2');
  return argon2;
}

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

export async function hashPassword(password: string): Promise<string> {
  const { hash } = await loadArgon2();
  return hash(password);
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. With no hash (unknown address, or an account
 * without a password) it checks against a dummy, so the answer takes as long either way.
 */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  const { hash, verify } = await loadArgon2();
  if (!stored) {
    dummyHash ??= hash(randomBytes(16).toString('base64url'));
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

/** A new random token: 32 bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export const TOKEN_PATTERN = '^[A-Za-z0-9_-]{43}$';
