import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/database.js';
import { DIALECTS, openTestDatabase } from '../db/test-databases.js';
import { parseApiKeyArgs, runApiKeyCommand } from './api-key-command.js';
import { createApiKeyService } from './api-key-service.js';

describe.each(DIALECTS)('masthead api-key on %s', (dialect) => {
  let handle: DbHandle;
  let now = new Date('2026-11-25T09:00:00Z');
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
  });
  afterAll(async () => {
    await handle.close();
  });

  async function run(...args: string[]) {
    let out = '';
    let err = '';
    const keys = createApiKeyService({ db: handle.db, clock: () => now });
    const code = await runApiKeyCommand(args, { keys, out: (s) => (out += s), err: (s) => (err += s), createdBy: 'cli:tester' });
    return { code, out, err, keys };
  }

  it('creates a key, printing its secret once, which then works', async () => {
    const r = await run('create', '--name', 'CMS bridge', '--role', 'editor');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const secret = /(mh_[0-9a-f]{32}_[A-Za-z0-9_-]{43})/.exec(r.out)?.[1];
    expect(secret).toBeDefined();
    expect(r.out).toContain('admin key (role editor) "CMS bridge"');
    const key = await r.keys.verify(secret as string);
    expect(key).toMatchObject({ name: 'CMS bridge', kind: 'admin', role: 'editor', createdBy: 'cli:tester' });

    const partner = await run('create', '--name', 'Wire service', '--kind', 'content-partner');
    expect(partner.code).toBe(0);
    expect(partner.out).toContain('content-partner key "Wire service"');
  });

  it('lists keys as a table, and revokes one', async () => {
    now = new Date('2026-11-25T10:30:00Z');
    const list = await run('list');
    expect(list.code).toBe(0);
    const lines = list.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+KIND\s+ROLE\s+CREATED\s+LAST USED\s+REVOKED$/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/CMS bridge\s+admin\s+editor\s+2026-11-25 09:00Z\s+2026-11-25 09:00Z\s+-$/);
    expect(lines[2]).toMatch(/Wire service\s+content-partner\s+-\s+2026-11-25 09:00Z\s+-\s+-$/);
    const id = lines[1]?.split(/\s+/)[0] as string;

    const revoked = await run('revoke', id);
    expect(revoked.code).toBe(0);
    expect(revoked.out).toContain(`Revoked key ${id}`);
    expect((await run('list')).out).toMatch(/CMS bridge.*2026-11-25 10:30Z\n/);
  });

  it('refuses bad arguments with a clear message and exit code 2', async () => {
    const cases: [string[], string][] = [
      [[], 'needs a command'],
      [['create', '--role', 'editor'], 'needs --name'],
      [['create', '--name', 'x'], 'needs --role'],
      [['create', '--name', 'x', '--role', 'admin'], '--role must be one of owner, editor, writer, business'],
      [['create', '--name', 'x', '--kind', 'robot', '--role', 'owner'], '--kind must be one of admin, content-partner'],
      [['create', '--name', 'x', '--kind', 'content-partner', '--role', 'owner'], 'take no --role'],
      [['create', '--name', 'x', '--role', 'owner', '--scope', 'y'], "Unknown option '--scope'"],
      [['create', '--name'], "'--name"],
      [['revoke'], 'exactly one key id'],
      [['revoke', 'a', 'b'], 'exactly one key id'],
      [['revoke', 'not-an-id'], 'No API key "not-an-id"'],
      [['revoke', '0190a6f1-2b3c-7d4e-8f90-a1b2c3d4e5f6'], 'No API key'],
      [['list', 'extra'], 'extra'],
      [['rotate'], 'Unknown api-key command "rotate"'],
    ];
    for (const [args, message] of cases) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toContain(message);
      expect(r.out).toBe('');
    }
    expect((await run('--help')).code).toBe(0);
  });
});

describe('api-key argument parsing', () => {
  it('defaults the kind to admin', () => {
    expect(parseApiKeyArgs(['create', '--name', 'N', '--role', 'owner'])).toEqual({
      action: 'create',
      name: 'N',
      kind: 'admin',
      role: 'owner',
      fullText: false,
    });
  });

  it('grants full text to content-partner keys only', () => {
    expect(parseApiKeyArgs(['create', '--name', 'P', '--kind', 'content-partner', '--full-text'])).toEqual({
      action: 'create',
      name: 'P',
      kind: 'content-partner',
      role: null,
      fullText: true,
    });
    expect(parseApiKeyArgs(['create', '--name', 'N', '--role', 'owner', '--full-text'])).toMatch(/content-partner/);
  });
});
