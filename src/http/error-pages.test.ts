import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.js';
import { toErrorBody } from './error-pages.js';

describe('toErrorBody', () => {
  it('answers 409 CONFLICT, not 500, for a unique violation of either dialect no service named', () => {
    for (const code of ['23505', 'SQLITE_CONSTRAINT_UNIQUE']) {
      const err = Object.assign(new Error('duplicate key value violates unique constraint "offers_code_key"'), { code });
      const body = toErrorBody(err);
      expect(body).toMatchObject({ statusCode: 409, error: { code: 'CONFLICT' } });
      expect(body.error.message).not.toContain('offers_code_key');
    }
  });

  it('keeps other database errors a 500 that says nothing of the database', () => {
    const body = toErrorBody(Object.assign(new Error('relation "plans" does not exist'), { code: '42P01' }));
    expect(body).toEqual({ statusCode: 500, error: { code: 'INTERNAL', message: expect.not.stringContaining('plans'), fields: [] } });
  });

  it("passes an AppError's status, code and fields through", () => {
    const body = toErrorBody(new AppError('PLAN_SLUG_TAKEN', 409, 'taken', [{ field: 'slug', message: 'is taken' }]));
    expect(body).toEqual({
      statusCode: 409,
      error: { code: 'PLAN_SLUG_TAKEN', message: 'taken', fields: [{ field: 'slug', message: 'is taken' }] },
    });
  });

  it("maps Fastify's own errors to our codes: an FST_* code never reaches the body", () => {
    const fst = (code: string, statusCode: number) => Object.assign(new Error('from fastify'), { code, statusCode });
    expect(toErrorBody(fst('FST_ERR_CTP_INVALID_JSON_BODY', 400)).error.code).toBe('INVALID_JSON');
    expect(toErrorBody(fst('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415))).toMatchObject({
      statusCode: 415,
      error: { code: 'UNSUPPORTED_MEDIA_TYPE' },
    });
    expect(toErrorBody(fst('FST_ERR_CTP_BODY_TOO_LARGE', 413))).toMatchObject({ statusCode: 413, error: { code: 'BODY_TOO_LARGE' } });
    // One we have not named is mapped by its status, and a code that is a property of every object is not a name.
    expect(toErrorBody(fst('FST_ERR_SOMETHING_NEW', 405))).toMatchObject({ statusCode: 405, error: { code: 'METHOD_NOT_ALLOWED' } });
    expect(toErrorBody(fst('constructor', 400))).toMatchObject({ statusCode: 400, error: { code: 'BAD_REQUEST' } });
  });
});
