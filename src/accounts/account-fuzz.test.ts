import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import { csrfIn, freshIp } from './account-test-support.js';

// The public account forms under arbitrary input: never a 5xx, and a refused request (4xx)
// leaves no reader, session or emailed link behind.
const ROUTES = ['/signup', '/signin', '/signin/link', '/reset', '/reset/confirm', '/signin/link/confirm'] as const;

const emailish = fc.oneof(
  fc.constantFrom('fuzz@example.com', 'FUZZ@Example.COM', 'a@b.co', '', ' ', '@', 'no-at-sign', 'x@y', '<a@b.co>', 'a@b.co\r\nBcc: c@d.co'),
  fc.emailAddress(),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constant(`${'a'.repeat(300)}@example.com`),
);
const passwordish = fc.oneof(
  fc.constantFrom('', 'short', 'long enough password', '\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000'),
  fc.string({ maxLength: 30 }),
  fc.constant('p'.repeat(2000)),
);
const returnish = fc.oneof(fc.constantFrom('/news', '//evil.example', 'https://evil.example', '/\\x', ''), fc.string({ maxLength: 30 }));
const tokenish = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), fc.string({ maxLength: 60 }));

const formValue = (v: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 4, arbitrary: v }, { weight: 1, arbitrary: fc.array(v, { minLength: 2, maxLength: 3 }) });
const formFields = fc.record(
  {
    email: formValue(emailish),
    password: formValue(passwordish),
    return: formValue(returnish),
    token: formValue(tokenish),
    extra: formValue(fc.string({ maxLength: 10 })),
  },
  { requiredKeys: [] },
);
const jsonFields = fc.oneof(
  fc.dictionary(fc.constantFrom('email', 'password', 'return', 'token', '__proto__', 'constructor'), fc.jsonValue({ maxDepth: 2 }), {
    maxKeys: 5,
  }),
  fc.jsonValue({ maxDepth: 2 }),
);

describe.each(DIALECTS)('account forms under fuzzing on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
  });
  afterAll(async () => {
    await t.close();
  });

  const counts = async () => {
    const db = t.services.db;
    const n = async (table: 'readers' | 'sessions' | 'email_tokens') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return { readers: await n('readers'), sessions: await n('sessions'), tokens: await n('email_tokens') };
  };

  it('never answers 5xx, and a 4xx changes no row', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.constantFrom('valid', 'valid', 'valid', 'missing', 'junk'),
        fc.oneof(
          { weight: 3, arbitrary: fc.record({ kind: fc.constant('form' as const), fields: formFields }) },
          { weight: 1, arbitrary: fc.record({ kind: fc.constant('json' as const), fields: jsonFields }) },
        ),
        async (route, csrf, body) => {
          const ip = freshIp();
          const page = await t.app.inject({ url: '/signin', remoteAddress: ip });
          const cookie = String(page.headers['set-cookie']).split(';')[0] as string;
          const token = csrf === 'valid' ? csrfIn(page.body) : csrf === 'junk' ? 'AAAA' : undefined;
          let payload: string;
          let contentType: string;
          if (body.kind === 'form') {
            const params = new URLSearchParams();
            if (token !== undefined) params.append('_csrf', token);
            for (const [k, v] of Object.entries(body.fields)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
            payload = params.toString();
            contentType = 'application/x-www-form-urlencoded';
          } else {
            const fields = body.fields;
            const merged =
              fields !== null && typeof fields === 'object' && !Array.isArray(fields) && token !== undefined
                ? { ...fields, _csrf: token }
                : fields;
            payload = JSON.stringify(merged);
            contentType = 'application/json';
          }
          const before = await counts();
          const r = await t.app.inject({
            method: 'POST',
            url: route,
            remoteAddress: ip,
            headers: { cookie, 'content-type': contentType },
            payload,
          });
          expect(r.statusCode, `${route} ${payload.slice(0, 200)} → ${r.body.slice(0, 200)}`).toBeLessThan(500);
          if (r.statusCode >= 400) expect(await counts()).toEqual(before);
          // Without a good token nothing gets through (a body that cannot be parsed is refused even earlier, 400).
          if (csrf !== 'valid') expect([400, 403, 413, 415]).toContain(r.statusCode);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 80) },
    );
  });
});
