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
});
