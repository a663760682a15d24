/**
 * One error vocabulary: a stable code, an HTTP status and a message for people. The error
 * handler renders it as an HTML page or as JSON under /api, and never shows 5xx detail.
 */
export interface FieldProblem {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'page') => new AppError('NOT_FOUND', 404, `No such ${what}.`);

export function invalid(fields: FieldProblem[]): AppError {
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return new AppError('VALIDATION_FAILED', 400, `Invalid input — ${summary}`, fields);
}
