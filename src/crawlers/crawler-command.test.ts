import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/database.js';
import { DIALECTS, openTestDatabase } from '../db/test-databases.js';
import { parseCrawlersArgs, runCrawlersCommand } from './crawler-command.js';
import { readStoredRanges } from './crawler-range-repository.js';
import { createCrawlerVerifier } from './crawler-service.js';

describe.each(DIALECTS)('masthead crawlers on %s', (dialect) => {
  let handle: DbHandle;
  let dir: string;
  const now = new Date('2026-12-06T09:30:00Z');

  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-crawlers-'));
  });
  afterAll(async () => {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function file(name: string, content: unknown): string {
    const p = path.join(dir, name);
    fs.writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return p;
  }

  async function run(...args: string[]) {
    let out = '';
    let err = '';
    const code = await runCrawlersCommand(args, { db: handle.db, clock: () => now, out: (s) => (out += s), err: (s) => (err += s) });
    return { code, out, err };
  }

  const storedKeys = async () =>
    (await handle.db.selectFrom('settings').select('key').where('key', 'like', 'crawler_ranges:%').execute()).map((r) => r.key);

  it('lists the shipped Googlebot list and no Bing list', async () => {
    const r = await run('list');
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CRAWLER\s+SOURCE\s+CREATED\s+IPV4\s+IPV6\s+LOADED$/);
    expect(lines[1]).toMatch(/^googlebot\s+shipped\s+2026-08-20T14:46:45.000000\s+169\s+146\s+-$/);
    expect(lines[2]).toMatch(/^bingbot\s+none \(reverse DNS only\)\s+-\s+0\s+0\s+-$/);
  });

  it('rejects a bad file with a message naming the bad entries, and writes nothing', async () => {
    const cases: [string, string][] = [
      [
        file('bad-cidr.json', {
          creationTime: '2026-12-01T00:00:00.000000',
          prefixes: [{ ipv4Prefix: '157.55.39.0/24' }, { ipv4Prefix: '157.55.300.0/24' }, { ipv6Prefix: '2620:1ec:zz::/48' }],
        }),
        '2 prefixes are not valid CIDR ranges: "157.55.300.0/24" (ipv4Prefix), "2620:1ec:zz::/48" (ipv6Prefix)',
      ],
      [file('not-json.json', '{"creationTime": '), 'is not JSON'],
      [file('wrong-shape.json', { prefixes: [{ ipv4Prefix: '157.55.39.0/24' }] }), 'creationTime'],
      [file('empty.json', { creationTime: 'x', prefixes: [] }), '/prefixes'],
      [path.join(dir, 'missing.json'), 'Cannot read'],
      [dir, 'is not a file'],
    ];
    for (const [f, message] of cases) {
      const r = await run('load', '--crawler', 'bingbot', '--file', f);
      expect(r.code, f).toBe(2);
      expect(r.err, f).toContain(message);
      expect(r.out, f).toBe('');
    }
    expect(await storedKeys()).toEqual([]);
  });

  it('loads a list into the database, where every verifier then uses it instead of the shipped one', async () => {
    const f = file('bingbot.json', {
      creationTime: '2026-12-01T08:00:00.000000',
      prefixes: [{ ipv4Prefix: '157.55.39.0/24' }, { ipv4Prefix: '207.46.13.0/24' }, { ipv6Prefix: '2620:1ec:c11::/48' }],
    });
    const r = await run('load', '--crawler', 'bingbot', '--file', f);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain("Loaded bingbot's ranges from");
    expect(r.out).toContain('created 2026-12-01T08:00:00.000000, 2 IPv4 and 1 IPv6 prefixes');

    const stored = await readStoredRanges(handle.db, ['googlebot', 'bingbot']);
    expect(stored.get('bingbot')?.ranges).toEqual({
      creationTime: '2026-12-01T08:00:00.000000',
      ipv4: ['157.55.39.0/24', '207.46.13.0/24'],
      ipv6: ['2620:1ec:c11::/48'],
    });
    expect(stored.has('googlebot')).toBe(false);

    const verifier = createCrawlerVerifier({ db: handle.db, clock: () => now, log: { debug() {}, warn() {} } });
    await verifier.reloadRanges();
    expect(verifier.verifyFast('bingbot', '157.55.39.1')).toBe(true);
    expect(verifier.verifyFast('bingbot', '2620:1ec:c11::9')).toBe(true);

    // A second load replaces the first.
    const g = file('googlebot.json', { creationTime: '2026-12-02T08:00:00.000000', prefixes: [{ ipv4Prefix: '66.249.64.0/27' }] });
    expect((await run('load', '--crawler', 'googlebot', '--file', g)).code).toBe(0);
    const list = (await run('list')).out.trimEnd().split('\n');
    expect(list[1]).toMatch(/^googlebot\s+loaded\s+2026-12-02T08:00:00.000000\s+1\s+0\s+2026-12-06 09:30Z$/);
    expect(list[2]).toMatch(/^bingbot\s+loaded\s+2026-12-01T08:00:00.000000\s+2\s+1\s+2026-12-06 09:30Z$/);
  });

  it('refuses bad arguments with a clear message and exit code 2', async () => {
    const cases: [string[], string][] = [
      [[], 'needs a command'],
      [['load', '--file', 'x.json'], 'needs --crawler'],
      [['load', '--crawler', 'yandexbot', '--file', 'x.json'], '--crawler must be one of googlebot, bingbot (got "yandexbot")'],
      [['load', '--crawler', 'googlebot'], 'needs --file'],
      [['load', '--crawler', 'googlebot', '--file', 'x.json', '--force'], "Unknown option '--force'"],
      [['list', 'extra'], 'extra'],
      [['refresh'], 'Unknown crawlers command "refresh"'],
    ];
    for (const [args, message] of cases) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toContain(message);
      expect(r.out).toBe('');
    }
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('masthead crawlers load --crawler googlebot|bingbot --file path.json');
  });
});

describe('crawlers argument parsing', () => {
  it('reads load and list', () => {
    expect(parseCrawlersArgs(['load', '--crawler', 'googlebot', '--file', 'g.json'])).toEqual({
      action: 'load',
      crawler: 'googlebot',
      file: 'g.json',
    });
    expect(parseCrawlersArgs(['list'])).toEqual({ action: 'list' });
  });
});
