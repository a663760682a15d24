/**
 * One error vocabulary: a stable code, an HTTP status and a message for people. The error
 * handler renders it as an HTML page or as JSON (src/http/error-pages.tsx), and never shows 5xx
 * detail.
 */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Every code a client may read, closed: a new one is added here first. Fastify's own `FST_*`
 * codes are never passed on; the error handler maps them to these (src/http/error-pages.tsx).
 */
export type ErrorCode =
  // Any route: the request itself.
  | 'BAD_REQUEST'
  | 'BAD_URL'
  | 'URL_TOO_LONG'
  | 'INVALID_JSON'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'BODY_TOO_LARGE'
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'FORBIDDEN'
  | 'CSRF_FAILED'
  | 'PRECONDITION_REQUIRED'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'INTERNAL'
  // Uploads.
  | 'FILE_TOO_LARGE'
  | 'MULTIPART_BAD_FIELD'
  | 'MULTIPART_NO_BOUNDARY'
  | 'MULTIPART_TOO_MANY_PARTS'
  | 'MULTIPART_TRUNCATED'
  | 'MULTIPART_UNREADABLE'
  | 'IMAGE_DIMENSIONS_TOO_LARGE'
  | 'IMAGE_TOO_LARGE'
  | 'IMAGE_UNREADABLE'
  | 'UNSUPPORTED_IMAGE_TYPE'
  // The content and the API keys.
  | 'API_KEY_INVALID'
  | 'API_KEY_NOT_FOUND'
  | 'API_KEY_REQUIRED'
  | 'ARTICLE_GONE'
  | 'ARTICLE_VERSION_CONFLICT'
  | 'AUTHOR_HAS_ARTICLES'
  | 'AUTHOR_NOT_FOUND'
  | 'SECTION_NOT_EMPTY'
  | 'SECTION_NOT_FOUND'
  | 'TAG_NOT_FOUND'
  // Accounts.
  | 'ACCOUNT_CLOSE_REFUSED'
  | 'MAIL_FAILED'
  | 'POSTAL_ADDRESS_REQUIRED'
  | 'STAFF_EXISTS'
  // Money: plans, offers, checkout, subscriptions, gifts, webhooks.
  | 'CHECKOUT_CLOSED'
  | 'CHECKOUT_NOT_FOUND'
  | 'EXPERIMENT_NOT_FOUND'
  | 'EXPERIMENT_NOT_RUNNING'
  | 'EXPERIMENT_ROLLED_OUT'
  | 'EXPERIMENT_RUNNING'
  | 'GIFT_CODE_INVALID'
  | 'GIFT_LINK_LIMIT'
  | 'GIFT_LINK_NOT_FOUND'
  | 'GIFT_NOT_RESENDABLE'
  | 'NO_BILLING_ACCOUNT'
  | 'NOTHING_TO_REFUND'
  | 'ALREADY_REFUNDED'
  | 'REFUND_REFUSED'
  | 'REFUND_TOO_LARGE'
  | 'OFFER_CODE_TAKEN'
  | 'OFFER_NOT_FOR_PLAN'
  | 'PAYMENTS_UNAVAILABLE'
  | 'PLAN_HAS_SUBSCRIBERS'
  | 'PLAN_NOT_ON_SALE'
  | 'PLAN_SLUG_TAKEN'
  | 'PROVIDER_MISMATCH'
  | 'SUBSCRIPTION_ENDED'
  | 'SUBSCRIPTION_NOT_CANCELLED'
  | 'WEBHOOK_BODY_INVALID'
  | 'WEBHOOK_SIGNATURE_INVALID'
  | 'WEBHOOKS_NOT_CONFIGURED';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly statusCode: number,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'page') => new AppError('NOT_FOUND', 404, `No such ${what}.`);

/** A list filter naming something that does not exist (`?section=nope`): a 404 that says which. */
export function unknownFilter(what: string, slug: string): AppError {
  return new AppError('NOT_FOUND', 404, `No ${what} "${slug}".`, [{ field: `querystring.${what}`, message: `no ${what} "${slug}"` }]);
}

export function invalid(fields: FieldProblem[]): AppError {
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return new AppError('VALIDATION_FAILED', 400, `Invalid input — ${summary}`, fields);
}
