/**
 * POST /webhooks/newsletter-bounces: a relay (or a mail server's pipe) posts one report that came
 * back to the bounce address, as the raw message (`Content-Type: message/rfc822`), with the shared
 * secret (`MASTHEAD_BOUNCE_WEBHOOK_SECRET`) in `X-Masthead-Bounce-Secret`. Answers 202 with what
 * the report meant (`hard`, `soft`, `complaint`, `ignored`, `unattributed`, `malformed`): a report
 * we cannot use is still taken (a relay must not retry it forever). 401 for a wrong secret, 415
 * for another type, 400 for an empty body, 413 for one over 2 MB; 404 while no secret is set.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../http/app-error.js';
import { toErrorBody } from '../http/error-pages.js';
import { type BounceIntake, INTAKE_OUTCOMES, MAX_REPORT_BYTES } from './bounce-intake.js';

export const BOUNCE_WEBHOOK_PATH = '/webhooks/newsletter-bounces';
export const BOUNCE_SECRET_HEADER = 'x-masthead-bounce-secret';

export interface BounceRouteDeps {
  intake: Pick<BounceIntake, 'ingest'>;
  /** Absent: the route answers 404. */
  secret: string | undefined;
}

const Headers = Type.Object({
  [BOUNCE_SECRET_HEADER]: Type.Optional(Type.String({ maxLength: 500 })),
  'content-type': Type.Optional(Type.String({ maxLength: 200 })),
});

const Reply = Type.Object({ outcome: Type.String({ enum: [...INTAKE_OUTCOMES] }) });

const digest = (s: string) => createHash('sha256').update(s).digest();

export function registerBounceRoutes(app: FastifyInstance, deps: BounceRouteDeps): void {
  app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    // The report is kept as the bytes that came: mailparser decodes it.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_REPORT_BYTES }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((err, request, reply) => {
      const body = toErrorBody(err);
      if (body.statusCode >= 500) request.log.error({ err }, 'bounce webhook failed');
      return reply.code(body.statusCode).send(body);
    });
    scope.post(BOUNCE_WEBHOOK_PATH, { schema: { headers: Headers, response: { 202: Reply } } }, async (request, reply) => {
      if (deps.secret === undefined) throw new AppError('NOT_FOUND', 404, 'No bounce webhook is configured here.');
      const given = request.headers[BOUNCE_SECRET_HEADER];
      if (typeof given !== 'string' || !timingSafeEqual(digest(given), digest(deps.secret)))
        throw new AppError('WEBHOOK_SIGNATURE_INVALID', 401, `The ${BOUNCE_SECRET_HEADER} header is missing or wrong.`, [
          { field: `headers.${BOUNCE_SECRET_HEADER}`, message: 'missing or wrong' },
        ]);
      const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'message/rfc822')
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415, 'Post the report as the raw message with Content-Type: message/rfc822.', [
          { field: 'headers.content-type', message: 'must be message/rfc822' },
        ]);
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (raw.length === 0)
        throw new AppError('WEBHOOK_BODY_INVALID', 400, 'The body is empty: post the whole report message.', [
          { field: 'body', message: 'empty' },
        ]);
      const outcome = await deps.intake.ingest(raw, 'webhook');
      return reply.code(202).send({ outcome });
    });
  });
}
