/**
 * Gift subscriptions on the site: /gift (buy), its demo checkout, /gift/redeem, sending a code
 * again from /account. The emails a code goes out in are jobs (subscriber-email-jobs.ts),
 * enqueued with the code by the payment processor and `gifts.resendCode`. In their own plugin scope,
 * so the rate limiter (@fastify/rate-limit, per client address, as on the sign-in form) applies
 * to these routes only; every answer is `no-store` (the pages carry tokens and addresses).
 *
 * Buying needs a signed-in reader, as /checkout does: the receipt and billing record stay with
 * an account, and a lost code can be sent again from it.
 */
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { Type } from 'typebox';
import { AppError, type FieldProblem } from '../http/app-error.js';
import { formatDate } from '../views/format.js';
import type { PageChrome } from '../views/layout.js';
import { addressFromForm, addressProblems, type CheckoutAddress } from './checkout-address.js';
import { DEMO_LABEL, isDemoGateway } from './demo-gateway.js';
import { GIFT_CODE_REFUSED, GIFT_MESSAGE_PATTERN, monthsLabel } from './gift.js';
import { registerGiftDemoRoutes } from './gift-demo-routes.js';
import { ENTITLEMENT_LABELS } from './plan.js';
import type { PlanService } from './plan-service.js';
import type { ReaderAccounts } from './subscription-route-deps.js';
import type { SubscriptionService } from './subscription-service.js';
import { GiftCancelPage, type GiftFormValues, GiftPage, GiftRedeemedPage, GiftThanksPage, RedeemPage } from './views/gift-pages.js';

/** What the gift pages need: the feature's own services, the signed-in reader and the page shell. */
export interface GiftRouteDeps {
  subscriptions: SubscriptionService;
  plans: PlanService;
  accounts: ReaderAccounts;
  config: { timezone: string };
  chrome(): Promise<PageChrome>;
}

/** Per client address, like the sign-in form's (accounts/auth-routes.ts). */
export const GIFT_RATE_LIMITS = {
  redeem: { max: 20, timeWindow: '10 minutes' },
  buy: { max: 20, timeWindow: '1 hour' },
  /** Each sends an email to someone else. */
  resend: { max: 5, timeWindow: '1 hour' },
} as const;

/** The same rule as account addresses (accounts/reader.ts); the subscriptions feature does not import accounts. */
const EMAIL_PATTERN = '^[^\\s@<>()\\[\\],;:"]+@[^\\s@<>()\\[\\],;:"]+\\.[^\\s@<>()\\[\\],;:".]{2,}$';
const CSRF = Type.Optional(Type.String({ maxLength: 200 }));
const ID = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

const GiftBody = Type.Object({
  plan: ID,
  months: Type.Union([Type.Literal(1), Type.Literal(3), Type.Literal(6), Type.Literal(12)]),
  recipient: Type.String({ minLength: 3, maxLength: 254, pattern: EMAIL_PATTERN }),
  // Up to 500 characters once line ends are \n: a browser sends each as \r\n, so room for both.
  message: Type.Optional(Type.String({ maxLength: 1000, pattern: GIFT_MESSAGE_PATTERN })),
  _csrf: CSRF,
});
const LINE = Type.Optional(Type.String({ maxLength: 1000 }));
const RedeemBody = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 64 }),
  _csrf: CSRF,
  /** Present when the address fields of a print gift were sent: save them, then redeem. */
  step: Type.Optional(Type.Literal('address')),
  line1: LINE,
  line2: LINE,
  city: LINE,
  region: LINE,
  postcode: LINE,
  country: LINE,
});
const RedeemQuery = Type.Object({ code: Type.Optional(Type.String({ maxLength: 64 })) });
const CsrfOnly = Type.Object({ _csrf: CSRF });

const FIELD_MESSAGES: Record<string, string> = {
  plan: 'Choose one of the plans on offer.',
  months: 'Choose 1, 3, 6 or 12 months.',
  recipient: 'Enter their email address, like name@example.com.',
  message: 'Use at most 500 characters in the message.',
  code: 'Enter the code from your gift email.',
};

/** Fastify's attached validation error as one problem per field, in people's words. */
function problemsOf(request: FastifyRequest): FieldProblem[] {
  const issues: unknown = request.validationError?.validation;
  const fields = new Set<string>();
  for (const issue of Array.isArray(issues) ? issues : []) {
    const missing = fieldOf(fieldOf(issue, 'params'), 'missingProperty');
    const path = fieldOf(issue, 'instancePath');
    fields.add(typeof missing === 'string' ? missing : ((typeof path === 'string' ? path : '').split('/')[1] ?? 'form'));
  }
  if (fields.size === 0) fields.add('form');
  return [...fields].map((field) => ({ field, message: FIELD_MESSAGES[field] ?? 'Check this form and try again.' }));
}

/** A property of a value that may be anything (a form as sent, a validation issue). */
function fieldOf(value: unknown, name: string): unknown {
  return value !== null && typeof value === 'object' && name in value ? Reflect.get(value, name) : undefined;
}

/** A field of a form as sent (valid or not), as text for the form shown again. */
const text = (body: unknown, name: string, max: number): string => {
  const v = fieldOf(body, name);
  return typeof v === 'string' || typeof v === 'number' ? String(v).slice(0, max) : '';
};

function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${renderToString(page)}`);
}

const FORM_ERROR = (err: unknown): err is AppError => err instanceof AppError && err.statusCode === 400 && err.fields.length > 0;

export async function registerGiftRoutes(app: FastifyInstance, s: GiftRouteDeps): Promise<void> {
  const gifts = s.subscriptions.gifts;

  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    // global: false: only routes that name a limit in `config.rateLimit` are limited.
    await scope.register(rateLimit, { global: false });
    scope.addHook('onRequest', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });
    const guard = s.accounts.csrf.guard;
    const chromeFor = async (signedIn: boolean): Promise<PageChrome> => ({ ...(await s.chrome()), signedIn });
    const demoLabel = () => (isDemoGateway(s.subscriptions.gateway) ? DEMO_LABEL : null);

    type Reader = Awaited<ReturnType<ReaderAccounts['readerFromRequest']>>;
    async function giftPage(
      request: FastifyRequest,
      reply: FastifyReply,
      reader: Reader,
      form: { values: GiftFormValues; problems: FieldProblem[] },
      status = 200,
    ) {
      const { values, problems } = form;
      // Only a signed-in reader sees the form, so only they need its token.
      const [chrome, plans, csrf] = await Promise.all([
        chromeFor(reader !== undefined),
        s.plans.listActive(),
        reader ? s.accounts.csrf.token(request, reply) : '',
      ]);
      const page = (
        <GiftPage
          chrome={chrome}
          plans={plans}
          purchaserEmail={reader?.email ?? null}
          csrf={csrf}
          demoLabel={demoLabel()}
          problems={problems}
          values={{ ...values, plan: values.plan || (plans[0]?.id ?? '') }}
        />
      );
      return sendPage(reply, page, status);
    }

    scope.get('/gift', async (request, reply) => {
      const reader = await s.accounts.readerFromRequest(request);
      return giftPage(request, reply, reader, { values: { plan: '', months: '1', recipient: '', message: '' }, problems: [] });
    });

    scope.post(
      '/gift',
      { preValidation: guard, schema: { body: GiftBody }, attachValidation: true, config: { rateLimit: GIFT_RATE_LIMITS.buy } },
      async (request, reply) => {
        const reader = await s.accounts.readerFromRequest(request);
        if (!reader) return reply.redirect('/signin?return=%2Fgift', 303);
        const values = {
          plan: text(request.body, 'plan', 64),
          months: text(request.body, 'months', 4),
          recipient: text(request.body, 'recipient', 254),
          message: text(request.body, 'message', 1000),
        };
        if (request.validationError) return giftPage(request, reply, reader, { values, problems: problemsOf(request) }, 400);
        const body = request.body;
        try {
          const { url } = await gifts.startCheckout({
            purchaser: { id: reader.id, email: reader.email },
            planId: body.plan,
            months: body.months,
            recipientEmail: body.recipient,
            message: body.message,
          });
          return reply.redirect(url, 303);
        } catch (err) {
          if (FORM_ERROR(err)) return giftPage(request, reply, reader, { values, problems: err.fields }, 400);
          throw err;
        }
      },
    );

    scope.get('/gift/thanks', async (request, reply) => {
      const reader = await s.accounts.readerFromRequest(request);
      return sendPage(reply, <GiftThanksPage chrome={await chromeFor(reader !== undefined)} demoLabel={demoLabel()} />);
    });
    scope.get('/gift/cancel', async (request, reply) => {
      const reader = await s.accounts.readerFromRequest(request);
      return sendPage(reply, <GiftCancelPage chrome={await chromeFor(reader !== undefined)} />);
    });

    // --- Redeeming ------------------------------------------------------------------------------
    async function redeemPage(
      request: FastifyRequest,
      reply: FastifyReply,
      code: string,
      problems: FieldProblem[],
      status = 200,
      address?: { values: CheckoutAddress; problems: FieldProblem[] },
    ) {
      const reader = await s.accounts.readerFromRequest(request);
      const chrome = await chromeFor(reader !== undefined);
      const csrf = reader ? await s.accounts.csrf.token(request, reply) : null;
      const page = <RedeemPage chrome={chrome} csrf={csrf} code={code} problems={problems} demoLabel={demoLabel()} address={address} />;
      return sendPage(reply, page, status);
    }

    scope.get('/gift/redeem', { schema: { querystring: RedeemQuery } }, async (request, reply) =>
      redeemPage(request, reply, request.query.code ?? '', []),
    );

    scope.post(
      '/gift/redeem',
      { preValidation: guard, schema: { body: RedeemBody }, attachValidation: true, config: { rateLimit: GIFT_RATE_LIMITS.redeem } },
      async (request, reply) => {
        const code = text(request.body, 'code', 64);
        const reader = await s.accounts.readerFromRequest(request);
        if (!reader) {
          const back = code ? `/gift/redeem?code=${encodeURIComponent(code)}` : '/gift/redeem';
          return reply.redirect(`/signin?return=${encodeURIComponent(back)}`, 303);
        }
        if (request.validationError) return redeemPage(request, reply, code, problemsOf(request), 400);
        // A print gift asks for the address in the same form (as checkout does); it is saved first.
        let hasAddress = reader.address !== null;
        if (request.body.step === 'address') {
          const address = addressFromForm(request.body);
          const problems = addressProblems(address);
          if (problems.length > 0) return redeemPage(request, reply, code, [], 400, { values: address, problems });
          await s.accounts.updateProfile(reader, { name: reader.name, address });
          hasAddress = true;
        }
        let redeemed: Awaited<ReturnType<typeof gifts.redeem>>;
        try {
          redeemed = await gifts.redeem({ id: reader.id, email: reader.email, hasPostalAddress: hasAddress }, code);
        } catch (err) {
          if (FORM_ERROR(err)) return redeemPage(request, reply, code, [{ field: 'code', message: GIFT_CODE_REFUSED }], 400);
          if (err instanceof AppError && err.code === 'POSTAL_ADDRESS_REQUIRED') {
            const values = reader.address ?? { line1: '', line2: '', city: '', region: '', postcode: '', country: '' };
            return redeemPage(request, reply, code, [], 409, { values, problems: [] });
          }
          throw err;
        }
        return reply.redirect(`/gift/redeemed?gift=${encodeURIComponent(redeemed.gift.id)}`, 303);
      },
    );

    // After redeeming: what the reader got, until when, and where to start reading.
    scope.get('/gift/redeemed', { schema: { querystring: Type.Object({ gift: ID }) } }, async (request, reply) => {
      const reader = await s.accounts.readerFromRequest(request);
      if (!reader) return reply.redirect('/signin?return=%2Faccount', 303);
      const id = request.query.gift;
      const gift = (await gifts.receivedBy(reader.id)).find((g) => g.id === id);
      if (!gift) throw new AppError('NOT_FOUND', 404, 'No such gift on your account.');
      const page = (
        <GiftRedeemedPage
          chrome={await chromeFor(true)}
          planName={gift.planName}
          duration={monthsLabel(gift.months)}
          until={formatDate(gift.until, s.config.timezone)}
          includes={gift.entitlements.map((e) => ENTITLEMENT_LABELS[e])}
        />
      );
      return sendPage(reply, page);
    });

    scope.post(
      '/account/gifts/:gift/resend',
      {
        preValidation: guard,
        schema: { params: Type.Object({ gift: ID }), body: CsrfOnly },
        config: { rateLimit: GIFT_RATE_LIMITS.resend },
      },
      async (request, reply) => {
        const reader = await s.accounts.readerFromRequest(request);
        if (!reader) return reply.redirect('/signin?return=%2Faccount', 303);
        await gifts.resendCode(reader.id, request.params.gift);
        return reply.redirect('/account#subscription', 303);
      },
    );

    registerGiftDemoRoutes(plain, { subscriptions: s.subscriptions, accounts: s.accounts, chromeFor });
  });
}
