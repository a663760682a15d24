import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/database.js';
import { DIALECTS, openTestDatabase } from '../db/test-databases.js';
import { ADMIN_ROLES, ADMIN_ROUTE_ROLES, type AdminAction, formatSecret, keyIdOfSecret, mayPerform, normalizeKeyId } from './api-key.js';
import { createApiKeyService, hashSecret } from './api-key-service.js';

describe('API key rules', () => {
  it('lets each role do exactly what the newsroom and the business side agreed', () => {
    // Spelled out once more, on purpose: a change to ADMIN_ROUTE_ROLES must change this too.
    const ALL = ['owner', 'editor', 'writer', 'business'] as const;
    const EXPECTED: Record<AdminAction, readonly string[]> = {
      'articles.read': ALL,
      'articles.write': ['owner', 'editor', 'writer'],
      'articles.publish': ['owner', 'editor'],
      'articles.delete': ['owner', 'editor'],
      'sections.write': ['owner', 'editor'],
      'authors.write': ['owner', 'editor'],
      'tags.write': ['owner', 'editor'],
      'images.upload': ['owner', 'editor'],
      'plans.read': ALL,
      'plans.write': ['owner', 'business'],
      'offers.read': ALL,
      'offers.write': ['owner', 'business'],
      'readers.read': ['owner', 'business'],
      'organisations.read': ['owner', 'business'],
      'organisations.write': ['owner', 'business'],
      'meter.read': ['owner', 'editor', 'business'],
      'meter.write': ['owner', 'business'],
      'funnel.read': ['owner', 'business'],
      'experiments.read': ['owner', 'business'],
      'experiments.write': ['owner', 'business'],
      'newsletter.read': ['owner', 'editor'],
      'newsletter.write': ['owner', 'editor'],
      'magazine.read': ['owner', 'editor'],
      'magazine.write': ['owner', 'editor'],
    };
    expect(Object.keys(ADMIN_ROUTE_ROLES).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const action of Object.keys(ADMIN_ROUTE_ROLES) as AdminAction[]) {
      expect(mayPerform({ kind: 'content-partner', role: null }, action)).toBe(false);
      for (const role of ADMIN_ROLES)
        expect(mayPerform({ kind: 'admin', role }, action), `${role} ${action}`).toBe(EXPECTED[action].includes(role));
    }
  });

  it('reads the key id out of a secret, and nothing out of anything else', () => {
    const id = '0190a6f1-2b3c-7d4e-8f90-a1b2c3d4e5f6';
    const secret = formatSecret(id, `${'A'.repeat(42)}_`);
    expect(secret).toBe(`mh_0190a6f12b3c7d4e8f90a1b2c3d4e5f6_${'A'.repeat(42)}_`);
    expect(keyIdOfSecret(secret)).toBe(id);
    for (const bad of [
      '',
      'mh_',
      `${secret}x`,
      secret.replace('mh_', 'mk_'),
      secret.slice(0, -1),
      `mh_${'g'.repeat(32)}_${'A'.repeat(43)}`,
    ]) {
      expect(keyIdOfSecret(bad)).toBeUndefined();
    }
    expect(normalizeKeyId('0190A6F12B3C7D4E8F90A1B2C3D4E5F6')).toBe(id);
    expect(normalizeKeyId(id)).toBe(id);
    expect(normalizeKeyId('nope')).toBeUndefined();
  });
});

describe.each(DIALECTS)('API key service on %s', (dialect) => {
  let handle: DbHandle;
  let now = new Date('2026-11-25T09:00:00Z');
  const keys = () => createApiKeyService({ db: handle.db, clock: () => now });
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
  });
  afterAll(async () => {
    await handle.close();
  });

  it('names the person behind each key, revoked keys too, and leaves unknown ids out', async () => {
    const svc = keys();
    const { key } = await svc.createKey({ name: 'Importer', kind: 'admin', role: 'editor', createdBy: 'cli:mara' });
    await svc.revoke(key.id);
    const names = await svc.ownerNames([key.id, key.id, '01900000-0000-7000-8000-000000000000']);
    expect([...names]).toEqual([[key.id, 'cli:mara (API key “Importer”)']]);
    expect((await svc.ownerNames([])).size).toBe(0);
  });

  it('shows the secret once and keeps only its hash', async () => {
    const { key, secret } = await keys().createKey({
      name: ' CMS bridge ',
      kind: 'admin',
      role: 'editor',
      scopes: [],
      createdBy: 'cli:test',
    });
    expect(secret).toMatch(/^mh_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    expect(key).toMatchObject({
      name: 'CMS bridge',
      kind: 'admin',
      role: 'editor',
      createdBy: 'cli:test',
      lastUsedAt: null,
      revokedAt: null,
    });
    const row = await handle.db.selectFrom('api_keys').selectAll().where('id', '=', key.id).executeTakeFirstOrThrow();
    expect(row.secret_hash).toBe(hashSecret(secret));
    expect(JSON.stringify(row)).not.toContain(secret.slice(-43));
  });

  it('verifies live keys only, and records use at most once a minute', async () => {
    const svc = keys();
    const { key, secret } = await svc.createKey({ name: 'partner', kind: 'content-partner', role: null, createdBy: 'test' });
    const verified = await svc.verify(secret);
    expect(verified?.id).toBe(key.id);
    expect(verified?.kind).toBe('content-partner');
    const lastUsed = async () => (await svc.list()).find((k) => k.id === key.id)?.lastUsedAt?.toISOString();
    expect(await lastUsed()).toBe('2026-11-25T09:00:00.000Z');
    now = new Date('2026-11-25T09:00:59Z');
    await svc.verify(secret);
    expect(await lastUsed()).toBe('2026-11-25T09:00:00.000Z');
    now = new Date('2026-11-25T09:01:00Z');
    await svc.verify(secret);
    expect(await lastUsed()).toBe('2026-11-25T09:01:00.000Z');

    expect(await svc.verify(`${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    expect(await svc.verify(formatSecret('0190a6f1-2b3c-7d4e-8f90-a1b2c3d4e5f6', secret.slice(-43)))).toBeUndefined();
    expect(await svc.verify('Bearer nonsense')).toBeUndefined();

    const revoked = await svc.revoke(key.id.replace(/-/g, ''));
    expect(revoked.revokedAt?.toISOString()).toBe(now.toISOString());
    expect(await svc.verify(secret)).toBeUndefined();
    now = new Date('2026-11-26T00:00:00Z');
    expect((await svc.revoke(key.id)).revokedAt?.toISOString()).toBe('2026-11-25T09:01:00.000Z');
    await expect(svc.revoke('0190a6f1-2b3c-7d4e-8f90-a1b2c3d4e5f6')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('refuses keys that do not make sense', async () => {
    const svc = keys();
    await expect(svc.createKey({ name: '', kind: 'admin', role: 'owner', createdBy: 't' })).rejects.toMatchObject({
      fields: [{ field: 'name' }],
    });
    await expect(svc.createKey({ name: 'x', kind: 'admin', role: null, createdBy: 't' })).rejects.toMatchObject({
      fields: [{ field: 'role' }],
    });
    await expect(svc.createKey({ name: 'x', kind: 'content-partner', role: 'owner', createdBy: 't' })).rejects.toMatchObject({
      fields: [{ field: 'role' }],
    });
    await expect(svc.createKey({ name: 'x', kind: 'admin', role: 'owner', scopes: ['Bad Scope'], createdBy: 't' })).rejects.toMatchObject({
      fields: [{ field: 'scopes' }],
    });
  });
});
