/**
 * Gift subscriptions on screens (business and owner): /admin/gifts lists them newest first, by
 * where each stands, 50 a page (keyset: `before=<created>_<id>`); /admin/gifts/:id shows one;
 * POST /admin/gifts/:id/resend sends the recipient a new code (the gift service's, as a
 * purchaser's own resend: the old code stops working, the email is a job enqueued with the new
 * code). The recipient's address counts against the per-recipient email limit every emailed
 * link counts against (src/accounts/email-send-limit.ts): past it, 429 and nothing changes.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { MailOutcome } from '../accounts/index.js';
import { adminRoute, BUSINESS, seeOther, sendAdminPage, setAuditTarget, staffOf } from '../admin/index.js';
import { AppError, type FieldProblem, invalid } from '../http/app-error.js';
import type { Csrf } from '../http/csrf.js';
import type { Clock } from '../platform.js';
import type { GiftService, GiftStanding } from '../subscriptions/index.js';
import { formatTime } from '../views/format.js';
import { GiftListPage, GiftPage, type GiftRow, standingOf } from './views/gift-pages.js';

export interface GiftOfficeRouteDeps {
  gifts: Pick<GiftService, 'listPage' | 'find' | 'resendCodeForStaff'>;
  /** Counts an email to this address against its per-recipient limit (src/accounts `auth.claimSend`). */
  claimSend(to: string): Promise<MailOutcome>;
  csrf: Pick<Csrf, 'token' | 'guard'>;
  clock: Clock;
  timezone: string;
}

export const GIFTS_PER_PAGE = 50;

const IdParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) });
const ListQuery = Type.Object({
  standing: Type.Optional(
    Type.Union([
      Type.Literal('unredeemed'),
      Type.Literal('redeemed'),
      Type.Literal('expired'),
      Type.Literal('pending'),
      Type.Literal('canceled'),
    ]),
  ),
  before: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z_[A-Za-z0-9_-]{1,64}$' })),
});
const PageQuery = Type.Object({ sent: Type.Optional(Type.String({ maxLength: 10 })) });
const CsrfOnly = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) });

const cursorOf = (g: GiftRow) => `${g.createdAt.toISOString()}_${g.id}`;

function parseCursor(before: string | undefined): { createdAt: Date; id: string } | undefined {
  if (before === undefined) return undefined;
  const at = before.indexOf('_');
  const createdAt = new Date(before.slice(0, at));
  if (Number.isNaN(createdAt.getTime())) throw invalid([{ field: 'before', message: 'is not a page of gifts' }]);
  return { createdAt, id: before.slice(at + 1) };
}

export function registerGiftOfficeRoutes(scope: FastifyInstance, deps: GiftOfficeRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { gifts } = deps;
  const business = { config: adminRoute(BUSINESS) };
  const missing = () => new AppError('NOT_FOUND', 404, 'No such gift.');

  async function sendGiftPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    problems: FieldProblem[],
    status: number,
    notice?: string,
  ) {
    const gift = await gifts.find(id);
    if (!gift) throw missing();
    const csrf = await deps.csrf.token(request, reply);
    const page = (
      <GiftPage
        staff={staffOf(request)}
        csrf={csrf}
        gift={gift}
        problems={problems}
        notice={notice}
        now={deps.clock()}
        timeZone={deps.timezone}
      />
    );
    return sendAdminPage(reply, page, status);
  }

  app.get('/admin/gifts', { ...business, schema: { querystring: ListQuery } }, async (request, reply) => {
    const { standing, before } = request.query;
    const rows = await gifts.listPage({ standing, before: parseCursor(before), limit: GIFTS_PER_PAGE + 1 });
    const shown = rows.slice(0, GIFTS_PER_PAGE);
    const last = shown[shown.length - 1];
    const params = (cursor: string) => new URLSearchParams({ ...(standing ? { standing } : {}), before: cursor }).toString();
    const next = rows.length > GIFTS_PER_PAGE && last ? `/admin/gifts?${params(cursorOf(last))}` : undefined;
    const csrf = await deps.csrf.token(request, reply);
    return sendAdminPage(
      reply,
      <GiftListPage
        staff={staffOf(request)}
        csrf={csrf}
        gifts={shown}
        standing={standing as GiftStanding | undefined}
        next={next}
        now={deps.clock()}
        timeZone={deps.timezone}
      />,
    );
  });

  app.get('/admin/gifts/:id', { ...business, schema: { params: IdParams, querystring: PageQuery } }, async (request, reply) => {
    const notice = request.query.sent ? 'A new code is on its way to the recipient. The old code no longer works.' : undefined;
    return sendGiftPage(request, reply, request.params.id, [], 200, notice);
  });

  app.post(
    '/admin/gifts/:id/resend',
    { ...business, preValidation: deps.csrf.guard, schema: { params: IdParams, body: CsrfOnly } },
    async (request, reply) => {
      const gift = await gifts.find(request.params.id);
      if (!gift) throw missing();
      // Only a code that can still be redeemed is worth sending; the address's limit is counted only then.
      if (standingOf(gift, deps.clock()) !== 'unredeemed') {
        const problem = {
          field: 'form',
          message: 'This gift cannot be redeemed any more (redeemed, expired or not paid), so no code was sent.',
        };
        return sendGiftPage(request, reply, gift.id, [problem], 409);
      }
      const mail = await deps.claimSend(gift.recipientEmail);
      if (mail.kind === 'limited') {
        const problem = {
          field: 'form',
          message: `This address has had as many emails from us as it may this hour. Try again after ${formatTime(mail.retryAt, deps.timezone)}. Nothing was sent; the code has not changed.`,
        };
        return sendGiftPage(request, reply, gift.id, [problem], 429);
      }
      await gifts.resendCodeForStaff(gift.id);
      setAuditTarget(request, gift.id);
      return seeOther(reply, `/admin/gifts/${gift.id}?sent=1`);
    },
  );
}
