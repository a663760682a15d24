import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { TestBrowser } from './account-test-support.js';
import { executeStaffCommand, parseStaffArgs, type StaffCommandIo } from './staff-command.js';

describe('staff command arguments', () => {
  it.each([
    [[], /needs a command/],
    [['delete'], /Unknown staff command/],
    [['create', '--name', 'N', '--role', 'owner'], /needs --email/],
    [['create', '--email', 'e@x.co', '--role', 'owner'], /needs --name/],
    [['create', '--email', 'e@x.co', '--name', 'N'], /needs --role/],
    [['create', '--email', 'e@x.co', '--name', 'N', '--role', 'king'], /--role must be one of owner, editor, writer, business/],
    [['create', '--email', 'e@x.co', '--name', 'N', '--role', 'owner', '--password', 'x'], /Unknown option/],
  ])('refuses %j', (args, message) => {
    expect(parseStaffArgs(args)).toMatch(message);
  });

  it('parses a full create', () => {
    expect(parseStaffArgs(['create', '--email', 'E@x.co', '--name', 'Ed', '--role', 'editor', '--password-stdin'])).toEqual({
      action: 'create',
      email: 'E@x.co',
      name: 'Ed',
      role: 'editor',
      passwordStdin: true,
    });
  });
});

describe.each(DIALECTS)('masthead staff create on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  const run = async (args: string[], stdin = '') => {
    const out: string[] = [];
    const err: string[] = [];
    const io: StaffCommandIo = {
      db: t.services.db,
      clock: t.services.clock,
      publicUrl: t.config.publicUrl,
      out: (s) => void out.push(s),
      err: (s) => void err.push(s),
      readStdin: async () => stdin,
    };
    const cmd = parseStaffArgs(args);
    if (typeof cmd === 'string') throw new Error(cmd);
    const code = await executeStaffCommand(cmd, io);
    return { code, out: out.join(''), err: err.join('') };
  };

  it('makes the first owner and prints a one-time link to choose a password', async () => {
    const r = await run(['create', '--email', 'Owner@Paper.test', '--name', 'Olu Owner', '--role', 'owner']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Created staff account owner@paper.test (Olu Owner, role owner)');
    const link = r.out.match(/https:\/\/paper\.test(\/reset\/confirm\?token=[A-Za-z0-9_-]{43})/)?.[1];
    expect(link).toBeDefined();
    const b = new TestBrowser(t.app);
    const token = new URL(link as string, 'https://x').searchParams.get('token') as string;
    expect((await b.submit(link as string, '/reset/confirm', { token, password: 'the owner password' })).statusCode).toBe(303);
    expect((await b.get('/account')).body).toContain('role: owner');
  });

  it('takes the password from standard input', async () => {
    const r = await run(
      ['create', '--email', 'writer@paper.test', '--name', 'Wren Writer', '--role', 'writer', '--password-stdin'],
      'writer password 1\n',
    );
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('token=');
    expect(r.out).toContain('Sign in to the newsroom at https://paper.test/admin/sign-in');
    const b = new TestBrowser(t.app);
    expect((await b.submit('/signin', '/signin', { email: 'writer@paper.test', password: 'writer password 1' })).statusCode).toBe(303);
  });

  it('refuses a duplicate address and a short password with exit code 2', async () => {
    const dup = await run(['create', '--email', 'owner@paper.test', '--name', 'Again', '--role', 'editor']);
    expect(dup.code).toBe(2);
    expect(dup.err).toContain('already exists');
    const short = await run(['create', '--email', 'b@paper.test', '--name', 'Bea', '--role', 'business', '--password-stdin'], 'short');
    expect(short.code).toBe(2);
    expect(short.err).toContain('password');
    const badEmail = await run(['create', '--email', 'not-an-address', '--name', 'Bea', '--role', 'business']);
    expect(badEmail.code).toBe(2);
  });
});
