/**
 * Property: whatever JSON arrives at POST /api/v1/admin/articles, the answer is never a 5xx, and a
 * 4xx leaves no article behind. Bodies range from any JSON at all to nearly valid articles with
 * one or more fields replaced by something random.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';

const anyJson = fc.jsonValue({ maxDepth: 3 });
const slugish = fc.oneof(
  fc.constantFrom('news', 'sport', 'mara-quint', 'tobias-renn', 'harbour', 'api'),
  fc.stringMatching(/^[a-z0-9-]{0,12}$/),
);
const dateish = fc.oneof(
  fc
    .date({ min: new Date('1700-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.constantFrom(
    '2026-02-30T00:00:00Z',
    '2026-12-31T23:59:60Z',
    '0000-01-01T00:00:00Z',
    '2026-11-25T10:00:00+14:00',
    '2026-11-25',
    'now',
    null,
  ),
  anyJson,
);
const text = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 30 }), anyJson);

const nearlyValid = fc.record(
  {
    headline: fc.oneof(fc.constantFrom('Harbour news', 'Rovers win'), text),
    dek: text,
    slug: fc.oneof(slugish, anyJson),
    section: fc.oneof(slugish, anyJson),
    authors: fc.oneof(fc.array(slugish, { maxLength: 3 }), anyJson),
    tags: fc.oneof(fc.array(slugish, { maxLength: 3 }), anyJson),
    dateline: text,
    access: fc.oneof(fc.constantFrom('metered', 'free', 'subscribers', 'paid'), anyJson),
    status: fc.oneof(fc.constantFrom('draft', 'scheduled', 'published', 'unpublished', 'live'), anyJson),
    published_at: dateish,
    revised_at: dateish,
    updates: fc.oneof(fc.array(fc.record({ at: dateish, note: text }, { requiredKeys: [] }), { maxLength: 2 }), anyJson),
    related: fc.oneof(fc.array(slugish, { maxLength: 2 }), anyJson),
    hero: fc.oneof(
      fc.constant(null),
      fc.record({ image_id: fc.oneof(fc.uuid(), anyJson), alt: text, caption: text }, { requiredKeys: [] }),
      anyJson,
    ),
    body: fc.oneof(fc.constantFrom('Para one.\n\nPara two.', '![x](/media/0190a000-0000-7000-8000-000000000000/x.jpg)'), text),
  },
  { requiredKeys: [] },
);

/** The required fields valid and at most one other field random: some of these get through. */
const mostlyValid = fc
  .tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,40}$/), fc.string({ maxLength: 200 }), nearlyValid)
  .chain(([headline, body, rest]) =>
    fc.option(fc.constantFrom(...Object.keys(rest)), { nil: undefined }).map((extra) => ({
      headline,
      section: 'news',
      authors: ['mara-quint'],
      body,
      ...(extra !== undefined && { [extra]: (rest as Record<string, unknown>)[extra] }),
    })),
  );

const payload = fc.oneof(
  { weight: 1, arbitrary: anyJson.map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 3, arbitrary: nearlyValid.map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: mostlyValid.map((v) => JSON.stringify(v)) },
);

describe.each(DIALECTS)('POST /api/v1/admin/articles with random JSON on %s', (dialect) => {
  let t: TestApp;
  let key: string;
  const count = async () =>
    Number(
      (
        await t.services.db
          .selectFrom('articles')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
    key = (await t.services.apiKeys.createKey({ name: 'fuzz', kind: 'admin', role: 'editor', createdBy: 'test' })).secret;
  });
  afterAll(async () => {
    await t.close();
  });

  it('never answers 5xx, and creates no article on a 4xx', async () => {
    let created = 0;
    await fc.assert(
      fc.asyncProperty(payload, async (body) => {
        const before = await count();
        const r = await t.app.inject({
          method: 'POST',
          url: '/api/v1/admin/articles',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          payload: body,
        });
        expect(r.statusCode, `${r.statusCode} ${r.body.slice(0, 300)} for ${body.slice(0, 300)}`).toBeLessThan(500);
        const after = await count();
        if (r.statusCode >= 400) {
          expect(after).toBe(before);
          expect(r.json().error.code).toEqual(expect.any(String));
        } else {
          expect(r.statusCode).toBe(201);
          expect(after).toBe(before + 1);
          created++;
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 150) },
    );
    // The generator is not so wild that nothing ever gets through.
    expect(created).toBeGreaterThan(0);
  });
});
