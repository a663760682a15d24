/**
 * Test support: a local HTTP server that answers the few Stripe API endpoints we use (customers,
 * coupons, Checkout Sessions in subscription and payment mode, billing portal sessions,
 * subscriptions retrieve/update/cancel, invoices list/retrieve, invoice payments list, refunds
 * create/list) with JSON shaped like Stripe's published API objects, so tests
 * drive the real `stripe` SDK. It also plays Stripe's part in a checkout (`completeCheckout`,
 * `completePayment`, `expireSession`) and builds the events Stripe would send. A POST repeated
 * with the same Idempotency-Key gets the first answer again, as Stripe's API does.
 * Everything lives in memory; nothing leaves the machine.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

type Json = Record<string, unknown>;

export interface RecordedRequest {
  method: string;
  path: string;
  params: Json;
  idempotencyKey: string | undefined;
}

export interface FakeStripe {
  port: number;
  requests: RecordedRequest[];
  customers: Map<string, Json>;
  sessions: Map<string, Json>;
  subscriptions: Map<string, Json>;
  /** Coupons made through the API, by id. */
  coupons: Map<string, Json>;
  /** Refunds, by id (made through the API or `refundInDashboard`). */
  refunds: Map<string, Json>;
  /** Answers 503 to every request while set (Stripe unreachable, for tests of refusals). */
  failing: boolean;
  /** Stripe's side of a finished checkout: makes the subscription and marks the session complete. */
  completeCheckout(sessionId: string, opts: { now: number; trialDays?: number }): { session: Json; subscription: Json };
  /** Stripe's side of a finished one-off payment (mode=payment): the session complete and paid. */
  completePayment(sessionId: string, opts: { now: number }): Json;
  /** A session left unpaid until it expires (checkout.session.expired carries it). */
  expireSession(sessionId: string): Json;
  /** Changes a subscription as Stripe would (status, period, cancellation) and answers the new object. */
  changeSubscription(
    id: string,
    patch: {
      status?: string;
      periodEnd?: number;
      cancelAtPeriodEnd?: boolean;
      trialEnd?: number | null;
      endedAt?: number;
      /** Stripe's `pause_collection`: set by "pause payment collection", null when resumed. */
      pauseCollection?: { behavior: 'keep_as_draft' | 'mark_uncollectible' | 'void'; resumes_at: number | null } | null;
    },
  ): Json;
  /**
   * Stripe's side of a paid invoice of a subscription: the invoice (status paid), the
   * PaymentIntent and charge that paid it and the InvoicePayment joining them, all retrievable.
   */
  payInvoice(
    subscriptionId: string,
    opts: { now: number; amount: number; currency?: string },
  ): { invoice: Json; paymentIntent: string; charge: Json };
  /** A refund made in Stripe's dashboard (no metadata of ours); answers the refund and the charge after it. */
  refundInDashboard(paymentIntentId: string, amount: number): { refund: Json; charge: Json };
  /** An invoice for a subscription, as carried by invoice.paid / invoice.payment_failed. */
  invoiceFor(subscriptionId: string, opts: { now: number; paid: boolean; periodEnd: number }): Json;
  close(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/** Stripe's form encoding (`a[b][0][c]=v`) back into objects and arrays. */
export function decodeStripeForm(body: string): Json {
  const out: Json = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.split(/\[|\]\[|\]/).filter((p) => p !== '');
    let node: Record<string, unknown> | unknown[] = out;
    path.forEach((segment, i) => {
      const last = i === path.length - 1;
      const nextIsIndex = /^\d+$/.test(path[i + 1] ?? '');
      const k = Array.isArray(node) ? Number(segment) : segment;
      const container = node as Record<string | number, unknown>;
      if (last) container[k] = value;
      else {
        if (container[k] === undefined) container[k] = nextIsIndex ? [] : {};
        node = container[k] as Record<string, unknown> | unknown[];
      }
    });
  }
  return out;
}

function stripeError(status: number, message: string, type = 'invalid_request_error', code?: string) {
  return { status, body: { error: { type, message, ...(code ? { code } : {}) } } };
}

/**
 * `now`: Stripe's clock in Unix seconds (a test passes its own, so times Stripe writes, such as
 * a cancelled subscription's `ended_at`, agree with the app's); the real clock by default.
 */
export async function startFakeStripe(opts: { secretKey: string; now?: () => number }): Promise<FakeStripe> {
  const requests: RecordedRequest[] = [];
  const customers = new Map<string, Json>();
  const sessions = new Map<string, Json>();
  const subscriptions = new Map<string, Json>();
  const coupons = new Map<string, Json>();
  const invoices = new Map<string, Json>();
  const invoicePayments: Json[] = [];
  /** Charges by their PaymentIntent. */
  const charges = new Map<string, Json>();
  const refunds = new Map<string, Json>();
  const idempotent = new Map<string, { status: number; body: unknown }>();
  const nowSeconds = opts.now ?? (() => Math.floor(Date.now() / 1000));
  const list = (data: Json[], url: string) => ({ object: 'list', data, has_more: false, url });
  const money = (cents: number, currency: string) => `${currency === 'usd' ? '$' : ''}${(cents / 100).toFixed(2)}`;

  /** A refund of a PaymentIntent's charge, as Stripe makes it (the charge's refunded total follows). */
  function makeRefund(paymentIntent: string, amount: number, extra: { reason?: unknown; metadata?: unknown }): Json {
    const charge = charges.get(paymentIntent) as Json;
    const r: Json = {
      id: id('re'),
      object: 'refund',
      amount,
      balance_transaction: id('txn'),
      charge: charge.id,
      created: nowSeconds(),
      currency: charge.currency,
      metadata: extra.metadata ?? {},
      payment_intent: paymentIntent,
      reason: extra.reason ?? null,
      status: 'succeeded',
    };
    refunds.set(String(r.id), r);
    charge.amount_refunded = Number(charge.amount_refunded) + amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    return r;
  }
  const state = { failing: false };

  function subscriptionObject(
    subId: string,
    p: { customer: string; metadata: Json; price: Json; now: number; periodEnd: number; trialEnd: number | null },
  ): Json {
    return {
      id: subId,
      object: 'subscription',
      billing_cycle_anchor: p.now,
      cancel_at: null,
      cancel_at_period_end: false,
      canceled_at: null,
      collection_method: 'charge_automatically',
      created: p.now,
      currency: p.price.currency,
      customer: p.customer,
      discounts: [],
      ended_at: null,
      items: {
        object: 'list',
        data: [
          {
            id: id('si'),
            object: 'subscription_item',
            created: p.now,
            current_period_start: p.now,
            current_period_end: p.periodEnd,
            metadata: {},
            price: p.price,
            quantity: 1,
            subscription: subId,
          },
        ],
        has_more: false,
        url: `/v1/subscription_items?subscription=${subId}`,
      },
      latest_invoice: id('in'),
      livemode: false,
      metadata: p.metadata,
      start_date: p.now,
      status: p.trialEnd ? 'trialing' : 'active',
      trial_end: p.trialEnd,
      trial_start: p.trialEnd ? p.now : null,
    };
  }

  /** An invoice as the API answers it (without our filter key). */
  function publicInvoice(i: Json): Json {
    const { subscription_details_subscription: _, ...parent } = i.parent as Json;
    return { ...i, parent };
  }

  /** A one-off payment's session: the amount is the line items' sum, nothing recurs. */
  function paymentSession(params: Json): Json {
    const items = (params.line_items ?? []) as Json[];
    const amountTotal = items.reduce((sum, item) => {
      const priceData = (item.price_data ?? {}) as Json;
      return sum + Number(priceData.unit_amount ?? 0) * Number(item.quantity ?? 1);
    }, 0);
    const first = (items[0]?.price_data ?? {}) as Json;
    const s: Json = {
      id: id('cs_test'),
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_subtotal: amountTotal,
      amount_total: amountTotal,
      currency: first.currency ?? 'usd',
      created: nowSeconds(),
      expires_at: nowSeconds() + 86400,
      customer: params.customer ?? null,
      customer_email: params.customer_email ?? null,
      client_reference_id: params.client_reference_id ?? null,
      metadata: params.metadata ?? {},
      line_items_params: params.line_items,
      payment_intent_data_params: params.payment_intent_data ?? null,
      payment_intent: null,
      subscription: null,
      success_url: params.success_url,
      cancel_url: params.cancel_url,
      livemode: false,
    };
    s.url = `https://checkout.stripe.com/c/pay/${s.id}`;
    sessions.set(String(s.id), s);
    return s;
  }

  function route(method: string, path: string, params: Json): { status: number; body: unknown } {
    const customerPath = /^\/v1\/customers\/([^/]+)$/.exec(path);
    const subscriptionPath = /^\/v1\/subscriptions\/([^/]+)$/.exec(path);
    const couponPath = /^\/v1\/coupons\/([^/]+)$/.exec(path);
    if (method === 'POST' && path === '/v1/customers') {
      const c = {
        id: id('cus'),
        object: 'customer',
        created: nowSeconds(),
        email: params.email ?? null,
        livemode: false,
        metadata: params.metadata ?? {},
      };
      customers.set(c.id, c);
      return { status: 200, body: c };
    }
    if (method === 'GET' && customerPath) {
      const c = customers.get(customerPath[1] ?? '');
      return c ? { status: 200, body: c } : stripeError(404, `No such customer: '${customerPath[1]}'`);
    }
    if (method === 'GET' && couponPath) {
      const c = coupons.get(couponPath[1] ?? '');
      return c
        ? { status: 200, body: c }
        : stripeError(404, `No such coupon: '${couponPath[1]}'`, 'invalid_request_error', 'resource_missing');
    }
    if (method === 'POST' && path === '/v1/coupons') {
      if (typeof params.id === 'string' && coupons.has(params.id))
        return stripeError(400, 'Coupon already exists.', 'invalid_request_error', 'resource_already_exists');
      const c = {
        id: typeof params.id === 'string' ? params.id : id('co'),
        object: 'coupon',
        amount_off: params.amount_off ? Number(params.amount_off) : null,
        percent_off: params.percent_off ? Number(params.percent_off) : null,
        currency: params.currency ?? null,
        duration: params.duration,
        duration_in_months: params.duration_in_months ? Number(params.duration_in_months) : null,
        name: params.name ?? null,
        metadata: params.metadata ?? {},
        valid: true,
        livemode: false,
        created: nowSeconds(),
      };
      coupons.set(c.id, c);
      return { status: 200, body: c };
    }
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      if (params.mode !== 'subscription' && params.mode !== 'payment')
        return stripeError(400, 'Only subscription and payment modes are faked.');
      if (typeof params.customer === 'string' && !customers.has(params.customer))
        return stripeError(400, `No such customer: '${params.customer}'`);
      if (params.mode === 'payment') return { status: 200, body: paymentSession(params) };
      for (const d of (params.discounts ?? []) as Json[])
        if (typeof d.coupon === 'string' && !coupons.has(d.coupon)) return stripeError(400, `No such coupon: '${d.coupon}'`);
      const s = {
        id: id('cs_test'),
        object: 'checkout.session',
        mode: 'subscription',
        status: 'open',
        payment_status: 'unpaid',
        created: nowSeconds(),
        expires_at: nowSeconds() + 86400,
        customer: params.customer ?? null,
        client_reference_id: params.client_reference_id ?? null,
        metadata: params.metadata ?? {},
        line_items_params: params.line_items,
        subscription_data_params: params.subscription_data ?? null,
        discounts: params.discounts ?? [],
        subscription: null,
        success_url: params.success_url,
        cancel_url: params.cancel_url,
        livemode: false,
        url: '',
      };
      s.url = `https://checkout.stripe.com/c/pay/${s.id}`;
      sessions.set(s.id, s);
      return { status: 200, body: s };
    }
    const invoicePath = /^\/v1\/invoices\/([^/]+)$/.exec(path);
    if (method === 'GET' && path === '/v1/invoices') {
      // Newest first, as Stripe lists them.
      const found = [...invoices.values()]
        .filter((i) => params.subscription === undefined || (i.parent as Json).subscription_details_subscription === params.subscription)
        .filter((i) => params.status === undefined || i.status === params.status)
        .reverse()
        .slice(0, Number(params.limit ?? 10));
      return { status: 200, body: list(found.map(publicInvoice), '/v1/invoices') };
    }
    if (method === 'GET' && invoicePath) {
      const i = invoices.get(invoicePath[1] ?? '');
      return i ? { status: 200, body: publicInvoice(i) } : stripeError(404, `No such invoice: '${invoicePath[1]}'`);
    }
    if (method === 'GET' && path === '/v1/invoice_payments') {
      const payment = (params.payment ?? {}) as Json;
      const found = invoicePayments
        .filter((p) => params.invoice === undefined || p.invoice === params.invoice)
        .filter((p) => params.status === undefined || p.status === params.status)
        .filter((p) => payment.payment_intent === undefined || (p.payment as Json).payment_intent === payment.payment_intent)
        .slice(0, Number(params.limit ?? 10));
      return { status: 200, body: list(found, '/v1/invoice_payments') };
    }
    if (method === 'GET' && path === '/v1/refunds') {
      const found = [...refunds.values()]
        .filter((r) => params.payment_intent === undefined || r.payment_intent === params.payment_intent)
        .filter((r) => params.charge === undefined || r.charge === params.charge)
        .reverse();
      return { status: 200, body: list(found, '/v1/refunds') };
    }
    // https://docs.stripe.com/api/refunds/create
    if (method === 'POST' && path === '/v1/refunds') {
      const pi = typeof params.payment_intent === 'string' ? params.payment_intent : '';
      const charge = charges.get(pi);
      if (!charge) return stripeError(400, `No such payment_intent: '${pi}'`, 'invalid_request_error', 'resource_missing');
      const left = Number(charge.amount) - Number(charge.amount_refunded);
      if (left <= 0)
        return stripeError(
          400,
          `Charge ${String(charge.id)} has already been refunded.`,
          'invalid_request_error',
          'charge_already_refunded',
        );
      const amount = params.amount === undefined ? left : Number(params.amount);
      if (!Number.isInteger(amount) || amount <= 0) return stripeError(400, 'Invalid positive integer');
      if (amount > left)
        return stripeError(
          400,
          `Refund amount (${money(amount, String(charge.currency))}) is greater than unrefunded amount on charge (${money(left, String(charge.currency))})`,
        );
      return { status: 200, body: makeRefund(pi, amount, { reason: params.reason, metadata: params.metadata }) };
    }
    if (method === 'POST' && path === '/v1/billing_portal/sessions') {
      if (typeof params.customer !== 'string' || !customers.has(params.customer))
        return stripeError(400, `No such customer: '${String(params.customer)}'`);
      const s = {
        id: id('bps'),
        object: 'billing_portal.session',
        created: nowSeconds(),
        customer: params.customer,
        livemode: false,
        return_url: params.return_url ?? null,
      };
      return { status: 200, body: { ...s, url: `https://billing.stripe.com/p/session/${s.id}` } };
    }
    if (subscriptionPath) {
      const sub = subscriptions.get(subscriptionPath[1] ?? '');
      if (!sub) return stripeError(404, `No such subscription: '${subscriptionPath[1]}'`);
      if (method === 'GET') return { status: 200, body: sub };
      if (method === 'POST') {
        if (sub.status === 'canceled')
          return stripeError(400, 'A canceled subscription can only update its cancellation_details and metadata.');
        if (params.cancel_at_period_end !== undefined) sub.cancel_at_period_end = params.cancel_at_period_end === 'true';
        sub.canceled_at = sub.cancel_at_period_end ? nowSeconds() : null;
        return { status: 200, body: sub };
      }
      // Cancel now (https://docs.stripe.com/api/subscriptions/cancel).
      if (method === 'DELETE') {
        if (sub.status === 'canceled') return stripeError(400, 'This subscription is already canceled.');
        Object.assign(sub, { status: 'canceled', canceled_at: nowSeconds(), ended_at: nowSeconds(), cancel_at_period_end: false });
        return { status: 200, body: sub };
      }
    }
    return stripeError(404, `Unrecognized request URL (${method}: ${path}).`);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const body = Buffer.concat(chunks).toString('utf8');
      const params = req.method === 'GET' ? decodeStripeForm(url.searchParams.toString()) : decodeStripeForm(body);
      const header = req.headers['idempotency-key'];
      const key = typeof header === 'string' ? header : undefined;
      requests.push({ method: req.method ?? '', path: url.pathname, params, idempotencyKey: key });
      const cacheKey = key && req.method === 'POST' ? `${url.pathname} ${key}` : undefined;
      const answer = state.failing
        ? stripeError(503, 'Stripe is down (fake).', 'api_error')
        : req.headers.authorization !== `Bearer ${opts.secretKey}`
          ? stripeError(401, 'Invalid API Key provided.', 'invalid_request_error')
          : ((cacheKey ? idempotent.get(cacheKey) : undefined) ?? route(req.method ?? '', url.pathname, params));
      if (cacheKey && answer.status < 500) idempotent.set(cacheKey, answer);
      res.writeHead(answer.status, { 'content-type': 'application/json', 'request-id': id('req') });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const fake: FakeStripe = {
    get failing() {
      return state.failing;
    },
    set failing(v: boolean) {
      state.failing = v;
    },
    port,
    requests,
    customers,
    sessions,
    subscriptions,
    coupons,
    refunds,
    payInvoice(subId, o) {
      const sub = subscriptions.get(subId);
      if (!sub) throw new Error(`no subscription ${subId}`);
      const currency = o.currency ?? String(sub.currency ?? 'usd');
      const paymentIntent = id('pi');
      const charge: Json = {
        id: id('ch'),
        object: 'charge',
        amount: o.amount,
        amount_captured: o.amount,
        amount_refunded: 0,
        captured: true,
        created: o.now,
        currency,
        customer: sub.customer,
        livemode: false,
        paid: true,
        payment_intent: paymentIntent,
        refunded: false,
        status: 'succeeded',
      };
      charges.set(paymentIntent, charge);
      const invoice: Json = {
        id: id('in'),
        object: 'invoice',
        amount_due: o.amount,
        amount_paid: o.amount,
        amount_remaining: 0,
        billing_reason: 'subscription_cycle',
        created: o.now,
        currency,
        customer: sub.customer,
        livemode: false,
        parent: {
          type: 'subscription_details',
          quote_details: null,
          subscription_details: { metadata: sub.metadata ?? {}, subscription: subId },
          subscription_details_subscription: subId,
        },
        status: 'paid',
        status_transitions: { finalized_at: o.now, paid_at: o.now },
      };
      invoices.set(String(invoice.id), invoice);
      invoicePayments.push({
        id: id('inpay'),
        object: 'invoice_payment',
        amount_paid: o.amount,
        amount_requested: o.amount,
        created: o.now,
        currency,
        invoice: invoice.id,
        is_default: true,
        livemode: false,
        payment: { type: 'payment_intent', payment_intent: paymentIntent },
        status: 'paid',
        status_transitions: { canceled_at: null, paid_at: o.now },
      });
      sub.latest_invoice = invoice.id;
      return { invoice: publicInvoice(invoice), paymentIntent, charge: { ...charge } };
    },
    refundInDashboard(paymentIntentId, amount) {
      if (!charges.has(paymentIntentId)) throw new Error(`no payment ${paymentIntentId}`);
      const refund = makeRefund(paymentIntentId, amount, { reason: 'requested_by_customer' });
      return { refund: { ...refund }, charge: { ...(charges.get(paymentIntentId) as Json) } };
    },
    completeCheckout(sessionId, o) {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`no session ${sessionId}`);
      const lineItems = session.line_items_params as Json[];
      const item = lineItems[0] ?? {};
      const priceData = (item.price_data ?? {}) as Json;
      const recurring = (priceData.recurring ?? {}) as Json;
      const price = {
        id: typeof item.price === 'string' ? item.price : id('price'),
        object: 'price',
        currency: priceData.currency ?? 'usd',
        unit_amount: Number(priceData.unit_amount ?? 0),
        recurring: { interval: recurring.interval ?? 'month', interval_count: 1 },
        type: 'recurring',
      };
      const subData = (session.subscription_data_params ?? {}) as Json;
      const trialDays = o.trialDays ?? Number(subData.trial_period_days ?? 0);
      const trialEnd = trialDays > 0 ? o.now + trialDays * 86400 : null;
      const periodEnd = trialEnd ?? o.now + (price.recurring.interval === 'year' ? 365 : 30) * 86400;
      const subId = id('sub');
      const subscription = subscriptionObject(subId, {
        customer: String(session.customer),
        metadata: (subData.metadata ?? {}) as Json,
        price,
        now: o.now,
        periodEnd,
        trialEnd,
      });
      subscriptions.set(subId, subscription);
      Object.assign(session, { status: 'complete', payment_status: trialEnd ? 'no_payment_required' : 'paid', subscription: subId });
      return { session: { ...session }, subscription: { ...subscription } };
    },
    completePayment(sessionId, o) {
      const session = sessions.get(sessionId);
      if (session?.mode !== 'payment') throw new Error(`no payment session ${sessionId}`);
      Object.assign(session, { status: 'complete', payment_status: 'paid', payment_intent: id('pi'), completed_at: o.now });
      return { ...session };
    },
    expireSession(sessionId) {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`no session ${sessionId}`);
      Object.assign(session, { status: 'expired', url: null });
      return { ...session };
    },
    changeSubscription(subId, patch) {
      const sub = subscriptions.get(subId);
      if (!sub) throw new Error(`no subscription ${subId}`);
      if (patch.status !== undefined) sub.status = patch.status;
      if (patch.cancelAtPeriodEnd !== undefined) sub.cancel_at_period_end = patch.cancelAtPeriodEnd;
      if (patch.trialEnd !== undefined) sub.trial_end = patch.trialEnd;
      if (patch.endedAt !== undefined) sub.ended_at = patch.endedAt;
      if (patch.pauseCollection !== undefined) sub.pause_collection = patch.pauseCollection;
      if (patch.periodEnd !== undefined) {
        const items = sub.items as { data: Json[] };
        for (const i of items.data) i.current_period_end = patch.periodEnd;
      }
      return structuredClone(sub);
    },
    invoiceFor(subId, o) {
      const sub = subscriptions.get(subId);
      return {
        id: id('in'),
        object: 'invoice',
        customer: sub?.customer ?? null,
        status: o.paid ? 'paid' : 'open',
        paid: o.paid,
        attempt_count: 1,
        billing_reason: 'subscription_cycle',
        created: o.now,
        currency: 'usd',
        period_start: o.now,
        period_end: o.now,
        parent: {
          type: 'subscription_details',
          quote_details: null,
          subscription_details: { metadata: sub?.metadata ?? {}, subscription: subId },
        },
        lines: {
          object: 'list',
          data: [{ id: id('il'), object: 'line_item', period: { start: o.now, end: o.periodEnd } }],
          has_more: false,
        },
        livemode: false,
      };
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
  return fake;
}

/** An event as Stripe sends it to a webhook endpoint. */
export function stripeEvent(type: string, object: Json, created: number, eventId = id('evt')): Json {
  return {
    id: eventId,
    object: 'event',
    api_version: '2026-10-28.endive',
    created,
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}
