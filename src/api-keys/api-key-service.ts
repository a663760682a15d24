/**
 * API keys: make one (its secret is shown once, then only its hash is kept), check a presented
 * secret, list and revoke.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/database.js';
import { AppError, type FieldProblem, invalid } from '../http/app-error.js';
import type { Clock } from '../platform.js';
import {
  type AdminRole,
  type ApiKey,
  type ApiKeyKind,
  formatSecret,
  isAdminRole,
  isApiKeyKind,
  keyIdOfSecret,
  normalizeKeyId,
} from './api-key.js';
import {
  apiKeyFromRow,
  findApiKeyNames,
  findApiKeyRowById,
  insertApiKey,
  listApiKeyRows,
  listApiKeyRowsOfStaff,
  revokeApiKeyRow,
  revokeApiKeyRowOfStaff,
  revokeKeysOfStaff,
  setRoleOfStaffKeys,
  touchApiKey,
} from './api-key-repository.js';

export interface NewApiKey {
  name: string;
  kind: ApiKeyKind;
  /** Required for admin keys; must be null for content-partner keys. */
  role: AdminRole | null;
  scopes?: string[] | undefined;
  /** Who made it: `cli:<user>` from the command line, `staff:<id>` in the admin. */
  createdBy: string;
  /** The staff member whose own key it is (made in the admin): its role is theirs and follows it. */
  staffId?: string | undefined;
}

export interface ApiKeyServiceDeps {
  db: Db;
  clock: Clock;
}

/** `last_used_at` is written at most this often per key, so checking a key is not a write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * SHA-256 of the whole secret, hex. A fast hash is the right one here: the secret carries 256
 * random bits, so there is nothing to guess and nothing for a slow password hash (argon2,
 * bcrypt) to protect; it would only make every API request slower.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function createApiKeyService(deps: ApiKeyServiceDeps) {
  const { db, clock } = deps;

  function validate(input: NewApiKey): void {
    const problems: FieldProblem[] = [];
    const name = input.name.trim();
    if (name === '') problems.push({ field: 'name', message: 'must not be empty' });
    if (name.length > 100) problems.push({ field: 'name', message: 'must be at most 100 characters' });
    if (!isApiKeyKind(input.kind)) problems.push({ field: 'kind', message: 'must be admin or content-partner' });
    if (input.kind === 'admin' && !isAdminRole(input.role)) {
      problems.push({ field: 'role', message: 'an admin key needs a role: owner, editor, writer or business' });
    }
    if (input.kind === 'content-partner' && input.role !== null)
      problems.push({ field: 'role', message: 'content-partner keys have no role' });
    for (const s of input.scopes ?? []) {
      if (!/^[a-z0-9][a-z0-9:._-]{0,63}$/.test(s)) problems.push({ field: 'scopes', message: `"${s}" is not a valid scope` });
    }
    if (problems.length > 0) throw invalid(problems);
  }

  return {
    /** Makes a key. The secret is in the result and nowhere else: it cannot be shown again. */
    async createKey(input: NewApiKey): Promise<{ key: ApiKey; secret: string }> {
      validate(input);
      const key: ApiKey = {
        id: uuidv7(),
        kind: input.kind,
        role: input.kind === 'admin' ? input.role : null,
        scopes: [...new Set(input.scopes ?? [])],
        name: input.name.trim(),
        createdBy: input.createdBy,
        createdAt: clock(),
        lastUsedAt: null,
        revokedAt: null,
        staffId: input.staffId ?? null,
      };
      const secret = formatSecret(key.id, randomBytes(32).toString('base64url'));
      await insertApiKey(db, key, hashSecret(secret));
      return { key, secret };
    },

    /** The live key a secret belongs to, or undefined (unknown, wrong, malformed or revoked). */
    async verify(secret: string): Promise<ApiKey | undefined> {
      const id = keyIdOfSecret(secret);
      if (!id) return undefined;
      const row = await findApiKeyRowById(db, id);
      if (!row) return undefined;
      const presented = Buffer.from(hashSecret(secret), 'hex');
      const stored = Buffer.from(row.secret_hash, 'hex');
      if (presented.length !== stored.length || !timingSafeEqual(presented, stored)) return undefined;
      if (row.revoked_at !== null) return undefined;
      const key = apiKeyFromRow(row);
      const now = clock();
      if (key.lastUsedAt === null || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
        const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS + 1);
        // Best effort: a busy database must not turn a valid key into a failed request.
        await touchApiKey(db, key.id, now, staleBefore).catch(() => undefined);
        key.lastUsedAt = now;
      }
      return key;
    },

    /**
     * How people are told who used a key: id → "<maker> (API key “<name>”)", revoked keys too
     * (a revision or an audit entry outlives its key). Unknown ids are left out.
     */
    async ownerNames(ids: readonly string[]): Promise<Map<string, string>> {
      const keys = await findApiKeyNames(db, [...new Set(ids)]);
      return new Map(keys.map((k) => [k.id, `${k.createdBy} (API key “${k.name}”)`]));
    },

    async list(): Promise<ApiKey[]> {
      return (await listApiKeyRows(db)).map(apiKeyFromRow);
    },

    /** A staff member's own keys, newest first (revoked ones too). */
    async listOfStaff(staffId: string): Promise<ApiKey[]> {
      return (await listApiKeyRowsOfStaff(db, staffId)).map(apiKeyFromRow);
    },

    /** Revokes one of a staff member's own keys; another's key, or one already revoked, is a 404. */
    async revokeOwn(staffId: string, id: string): Promise<void> {
      const normalized = normalizeKeyId(id);
      if (!normalized || !(await revokeApiKeyRowOfStaff(db, staffId, normalized, clock()))) {
        throw new AppError('API_KEY_NOT_FOUND', 404, 'You have no live API key with that id.');
      }
    },

    /** A staff member's role changed: their keys carry the new one (in the caller's transaction). */
    staffRoleChanged: (tx: Db, staffId: string, role: AdminRole) => setRoleOfStaffKeys(tx, staffId, role),

    /** A staff member was disabled: every key of theirs stops working (in the caller's transaction). */
    staffDisabled: (tx: Db, staffId: string, at: Date) => revokeKeysOfStaff(tx, staffId, at),

    /** Revokes a key (by id, with or without dashes). Revoking a revoked key changes nothing. */
    async revoke(id: string): Promise<ApiKey> {
      const normalized = normalizeKeyId(id);
      const existing = normalized ? await findApiKeyRowById(db, normalized) : undefined;
      if (!normalized || !existing) throw new AppError('API_KEY_NOT_FOUND', 404, `No API key "${id}".`);
      await revokeApiKeyRow(db, normalized, clock());
      const revoked = await findApiKeyRowById(db, normalized);
      if (!revoked) throw new AppError('API_KEY_NOT_FOUND', 404, `No API key "${id}".`);
      return apiKeyFromRow(revoked);
    },
  };
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;
