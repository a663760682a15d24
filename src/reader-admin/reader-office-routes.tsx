/**
 * The business office's reader screens (business and owner: readers' personal data):
 * GET /admin/readers (search, filter, keyset pages), POST /admin/readers/export (CSV, streamed),
 * GET /admin/readers/:id, and the reader's actions (comp, cancel, refund, link, export, close),
 * each a CSRF-checked POST that answers 303 to the reader's page with a notice, or the page again
 * with the problem (400, 404, 409, 503…). The audit trail records each: a comp and a refund in
 * their own transaction, the others just after the change.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type AuditInTransaction, adminRoute, BUSINESS, seeOther, sendAdminPage, staffOf } from '../admin/index.js';
import { AppError, type FieldProblem } from '../http/app-error.js';
import type { Csrf } from '../http/csrf.js';
import type { Clock } from '../platform.js';
import { parseRefundAmount } from '../subscriptions/index.js';
import { decodeCursor, normaliseSearch, parseShow, type ReaderShow } from './reader-list.js';
import type { ReaderCsvKind, ReaderOffice } from './reader-office-service.js';
import { ReaderListPage } from './views/reader-list-page.js';
import { ReaderPage } from './views/reader-page.js';
import type { RefundForm } from './views/reader-refunds.js';

export interface ReaderOfficeRouteDeps {
  office: ReaderOffice;
  csrf: Pick<Csrf, 'token' | 'guard'>;
  clock: Clock;
  timezone: string;
  /** The audit entry's writer for this request, to run inside the change's transaction. */
  auditWithin(request: FastifyRequest, status?: number): Promise<AuditInTransaction | undefined>;
}

const ID = '^[A-Za-z0-9_-]{1,64}$';
const IdParams = Type.Object({ id: Type.String({ pattern: ID }) });
const SubParams = Type.Object({ id: Type.String({ pattern: ID }), subscriptionId: Type.String({ pattern: ID }) });
const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  show: Type.Optional(Type.String({ maxLength: 80 })),
  after: Type.Optional(Type.String({ maxLength: 200 })),
});
const DONE = ['comp', 'cancel', 'refund', 'refund-demo', 'refund-repeated', 'link', 'limited', 'closed'] as const;
const ReaderQuery = Type.Object({ done: Type.Optional(Type.Union(DONE.map((d) => Type.Literal(d)))) });
const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const ExportBody = Type.Object({
  _csrf: text(200),
  q: text(200),
  show: text(80),
  kind: Type.Union([Type.Literal('readers'), Type.Literal('subscribers')]),
});
const CompBody = Type.Object({ _csrf: text(200), plan: text(80), until: text(40) });
const CancelBody = Type.Object({ _csrf: text(200), when: text(20), confirm: text(10) });
const ConfirmBody = Type.Object({ _csrf: text(200), confirm: text(10) });
// The reason's own limit (500) is checked by the service, which names it; this only stops abuse.
const RefundBody = Type.Object({
  _csrf: text(200),
  amount: text(40),
  reason: text(2000),
  access: text(20),
  confirm: text(10),
  idempotency_key: text(100),
});
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{16,100}$/;
const TokenBody = Type.Object({ _csrf: text(200) });

const NOTICES: Record<(typeof DONE)[number], string> = {
  comp: 'Comped. The reader has the plan from now.',
  cancel: 'Cancelled, as the payment provider answered.',
  refund: 'Refunded through the payment provider: the refund is listed under Refunds.',
  'refund-demo': 'Refund recorded. These are demo payments: no money moved.',
  'refund-repeated': 'This refund had already been made (the form was sent twice): nothing more was refunded.',
  link: 'A link is on its way to the reader.',
  limited: 'No email sent: this address has had as many links as the limit allows this hour. Try again in the next hour.',
  closed: 'The account is closed.',
};

const field = (raw: unknown, name: string) => {
  const v = raw && typeof raw === 'object' ? Reflect.get(raw, name) : undefined;
  return typeof v === 'string' ? v : '';
};

export function registerReaderOfficeRoutes(scope: FastifyInstance, deps: ReaderOfficeRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { office } = deps;
  const business = { config: adminRoute(BUSINESS) };
  const form = <B extends ReturnType<typeof Type.Object>>(body: B) => ({
    ...business,
    preValidation: deps.csrf.guard,
    attachValidation: true,
    schema: { params: IdParams, body },
  });
  const incomplete: FieldProblem[] = [{ field: 'form', message: 'This form was not complete or too long. Check it and try again.' }];

  async function sendReaderPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    opts: {
      problems?: FieldProblem[];
      status?: number;
      comp?: { plan: string; until: string };
      refund?: RefundForm | undefined;
      notice?: string | undefined;
    } = {},
  ) {
    const [record, plans] = await Promise.all([office.record(id), office.plans()]);
    const csrf = await deps.csrf.token(request, reply);
    const page = (
      <ReaderPage
        staff={staffOf(request)}
        csrf={csrf}
        record={record}
        plans={plans}
        problems={opts.problems ?? []}
        comp={opts.comp ?? { plan: '', until: '' }}
        refund={opts.refund}
        // The key the form was sent with, when it comes back with a problem: sent again, it can
        // never refund twice (a refund made before the problem, e.g. the cancel failing after it).
        idempotencyKey={opts.refund?.key && IDEMPOTENCY_KEY.test(opts.refund.key) ? opts.refund.key : randomUUID()}
        notice={opts.notice}
        now={deps.clock()}
        timeZone={deps.timezone}
      />
    );
    return sendAdminPage(reply, page, opts.status ?? 200);
  }

  /** Runs an action; an AppError it throws (but a 404) is shown on the reader's page with its status. */
  async function act(
    request: FastifyRequest & { validationError?: Error | undefined },
    reply: FastifyReply,
    id: string,
    run: () => Promise<(typeof DONE)[number] | FieldProblem[]>,
    comp?: { plan: string; until: string },
    refund?: RefundForm,
  ) {
    if (request.validationError) return sendReaderPage(request, reply, id, { problems: incomplete, status: 400, comp, refund });
    try {
      const done = await run();
      if (Array.isArray(done)) return sendReaderPage(request, reply, id, { problems: done, status: 400, comp, refund });
      return seeOther(reply, `/admin/readers/${id}?done=${done}`);
    } catch (err) {
      if (!(err instanceof AppError) || err.statusCode === 404) throw err;
      // A refund form's fields carry its subscription in their ids (a page may hold several).
      const rename = (f: string) => (refund && (f === 'amount' || f === 'reason') ? `refund-${f}-${refund.subscriptionId}` : f);
      const problems =
        err.fields.length > 0 ? err.fields.map((f) => ({ ...f, field: rename(f.field) })) : [{ field: 'form', message: err.message }];
      return sendReaderPage(request, reply, id, { problems, status: err.statusCode, comp, refund });
    }
  }

  app.get('/admin/readers', { ...business, schema: { querystring: ListQuery } }, async (request, reply) => {
    const search = (request.query.q ?? '').trim();
    const show = parseShow(request.query.show);
    const after = request.query.after ? decodeCursor(request.query.after) : undefined;
    const problems: FieldProblem[] = [];
    if (!show) problems.push({ field: 'show', message: 'Choose what to show from the list.' });
    if (request.query.after && !after)
      problems.push({ field: 'form', message: 'This page’s address is damaged: start again from the newest readers.' });
    const effective: ReaderShow = show ?? { kind: 'all' };
    const page =
      problems.length > 0 ? { rows: [], next: undefined } : await office.list({ search: normaliseSearch(search), show: effective, after });
    const csrf = await deps.csrf.token(request, reply);
    return sendAdminPage(
      reply,
      <ReaderListPage
        staff={staffOf(request)}
        csrf={csrf}
        plans={await office.plans()}
        view={{ search, show: effective, rows: page.rows, next: page.next, paged: after !== undefined }}
        problems={problems}
        timeZone={deps.timezone}
      />,
      problems.length > 0 ? 400 : 200,
    );
  });

  app.post(
    '/admin/readers/export',
    { ...business, preValidation: deps.csrf.guard, schema: { body: ExportBody } },
    async (request, reply) => {
      const show = parseShow(request.body.show);
      if (!show)
        throw new AppError('BAD_REQUEST', 400, 'The "show" filter names nothing we know.', [{ field: 'show', message: 'is not a filter' }]);
      const kind: ReaderCsvKind = request.body.kind;
      const day = deps.clock().toISOString().slice(0, 10);
      const lines = office.csv(kind, { search: normaliseSearch(request.body.q), show });
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${kind}-${day}.csv"`)
        .type('text/csv; charset=utf-8')
        .send(Readable.from(lines, { objectMode: false }));
    },
  );

  app.get('/admin/readers/:id', { ...business, schema: { params: IdParams, querystring: ReaderQuery } }, async (request, reply) => {
    const done = request.query.done;
    return sendReaderPage(request, reply, request.params.id, { notice: done ? NOTICES[done] : undefined });
  });

  app.post('/admin/readers/:id/comp', form(CompBody), async (request, reply) => {
    const id = request.params.id;
    const comp = { plan: field(request.body, 'plan').slice(0, 80), until: field(request.body, 'until').slice(0, 40) };
    return act(
      request,
      reply,
      id,
      async () => {
        if (comp.plan === '') return [{ field: 'plan', message: 'Choose a plan to comp.' }];
        const audit = await deps.auditWithin(request);
        await office.comp(id, { planId: comp.plan, lastDay: comp.until }, async (tx, target) => {
          await audit?.(tx, target);
        });
        return 'comp';
      },
      comp,
    );
  });

  app.post(
    '/admin/readers/:id/subscriptions/:subscriptionId/cancel',
    {
      ...business,
      preValidation: deps.csrf.guard,
      attachValidation: true,
      schema: { params: SubParams, body: CancelBody },
    },
    async (request, reply) => {
      const { id, subscriptionId } = request.params;
      return act(request, reply, id, async () => {
        const when = field(request.body, 'when');
        if (when !== 'period-end' && when !== 'now') return [{ field: `when-end-${subscriptionId}`, message: 'Choose when it ends.' }];
        if (field(request.body, 'confirm') !== 'yes')
          return [{ field: `confirm-${subscriptionId}`, message: 'Tick the box to confirm the cancellation.' }];
        await office.cancel(id, subscriptionId, when);
        return 'cancel';
      });
    },
  );

  app.post(
    '/admin/readers/:id/subscriptions/:subscriptionId/refund',
    {
      ...business,
      preValidation: deps.csrf.guard,
      attachValidation: true,
      schema: { params: SubParams, body: RefundBody },
    },
    async (request, reply) => {
      const { id, subscriptionId } = request.params;
      const body = request.body;
      const refund: RefundForm = {
        subscriptionId,
        amount: field(body, 'amount').slice(0, 40),
        reason: field(body, 'reason').slice(0, 2000),
        access: field(body, 'access') === 'now' ? 'now' : 'period-end',
        key: field(body, 'idempotency_key').slice(0, 100),
      };
      return act(
        request,
        reply,
        id,
        async () => {
          const problems: FieldProblem[] = [];
          const amount = parseRefundAmount(refund.amount);
          if (amount === null)
            problems.push({
              field: `refund-amount-${subscriptionId}`,
              message: 'Give the amount as a number, such as 4.50, or leave it empty to refund all that is left of the last payment.',
            });
          const access = field(body, 'access');
          if (access !== 'now' && access !== 'period-end')
            problems.push({ field: `refund-access-end-${subscriptionId}`, message: 'Choose when their access ends.' });
          if (field(body, 'confirm') !== 'yes')
            problems.push({ field: `refund-confirm-${subscriptionId}`, message: 'Tick the box to confirm the refund.' });
          const key = field(body, 'idempotency_key');
          if (!IDEMPOTENCY_KEY.test(key))
            problems.push({ field: 'form', message: 'This form is out of date: reload the reader’s page and fill it in again.' });
          if (problems.length > 0 || amount === null || (access !== 'now' && access !== 'period-end')) return problems;
          const staff = staffOf(request);
          const audit = await deps.auditWithin(request);
          const outcome = await office.refund(
            {
              readerId: id,
              subscriptionId,
              amountCents: amount,
              reason: refund.reason,
              access,
              idempotencyKey: key,
              staff: { id: staff.id, name: staff.name },
            },
            async (tx, target) => {
              await audit?.(tx, target);
            },
          );
          if (outcome.repeated) return 'refund-repeated';
          return outcome.refund.provider === 'demo' ? 'refund-demo' : 'refund';
        },
        undefined,
        refund,
      );
    },
  );

  app.post('/admin/readers/:id/link', form(TokenBody), async (request, reply) => {
    const id = request.params.id;
    return act(request, reply, id, async () => ((await office.resendLink(id)).kind === 'limited' ? 'limited' : 'link'));
  });

  app.post('/admin/readers/:id/export', form(TokenBody), async (request, reply) => {
    const id = request.params.id;
    if (request.validationError) return sendReaderPage(request, reply, id, { problems: incomplete, status: 400 });
    const { data } = await office.exportData(id);
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="reader-${id}.json"`)
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  });

  app.post('/admin/readers/:id/close', form(ConfirmBody), async (request, reply) => {
    const id = request.params.id;
    return act(request, reply, id, async () => {
      if (field(request.body, 'confirm') !== 'yes') return [{ field: 'close-confirm', message: 'Tick the box to confirm the closing.' }];
      await office.close(id);
      return 'closed';
    });
  });
}
