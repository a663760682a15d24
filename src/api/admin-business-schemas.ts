/**
 * Request and response schemas of the business side of the Admin API: plans, offers and
 * readers. Snake_case JSON like the rest of the API; unknown fields are refused by name.
 */
import { Type } from 'typebox';
import { DateTime, ListMeta, NullableDateTime, PagingQuery } from './api-schemas.js';

const strict = { additionalProperties: false } as const;
const Entitlement = Type.Enum(['web', 'daily_email', 'weekly_print']);
/** Plan, offer and reader ids (UUIDs, or the demo seed's own). */
export const RecordId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });
export const RecordIdParams = Type.Object({ id: RecordId }, strict);

// --- Plans ---------------------------------------------------------------------------------------
const planProps = {
  slug: Type.String({
    pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$',
    maxLength: 60,
    description: 'lowercase letters, digits and single hyphens; made from the name and interval when absent',
  }),
  name: Type.String({ minLength: 1, maxLength: 80 }),
  description: Type.String({ maxLength: 500 }),
  price_cents: Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'per interval, in the smallest unit of the currency' }),
  currency: Type.String({ pattern: '^[a-z]{3}$', description: 'ISO 4217, lower case ("usd")' }),
  interval: Type.Enum(['month', 'year']),
  trial_days: Type.Integer({ minimum: 0, maximum: 730 }),
  entitlements: Type.Array(Entitlement, { minItems: 1, maxItems: 3, uniqueItems: true }),
  active: Type.Boolean({ description: 'shown on /subscribe and open to checkout' }),
  position: Type.Integer({ minimum: 0, maximum: 10_000, description: 'order on /subscribe' }),
  stripe_price_id: Type.Union([Type.String({ pattern: '^price_[A-Za-z0-9]+$', maxLength: 255 }), Type.Null()], {
    description: 'a Stripe Price to bill; null: checkout describes the price inline',
  }),
};

export const PlanCreateBody = Type.Object(
  {
    ...planProps,
    slug: Type.Optional(planProps.slug),
    description: Type.Optional(planProps.description),
    trial_days: Type.Optional(planProps.trial_days),
    active: Type.Optional(planProps.active),
    position: Type.Optional(planProps.position),
    stripe_price_id: Type.Optional(planProps.stripe_price_id),
  },
  strict,
);
export const PlanUpdateBody = Type.Partial(Type.Object(planProps), {
  ...strict,
  minProperties: 1,
  description:
    'Only the fields sent change. Once a plan has subscribers, price_cents, currency, interval and stripe_price_id cannot change (409 PLAN_HAS_SUBSCRIBERS): make a new plan and deactivate this one.',
});

export const PlanJson = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  price_cents: Type.Integer(),
  currency: Type.String(),
  interval: Type.String(),
  trial_days: Type.Integer(),
  entitlements: Type.Array(Type.String()),
  active: Type.Boolean(),
  position: Type.Integer(),
  stripe_price_id: Type.Union([Type.String(), Type.Null()]),
  created_at: DateTime,
  updated_at: DateTime,
});
export const PlanListJson = Type.Object({ plans: Type.Array(PlanJson) });
export const ActiveQuery = Type.Object(
  { active: Type.Optional(Type.Boolean({ description: 'only active (true) or inactive (false) ones' })) },
  strict,
);

// --- Offers --------------------------------------------------------------------------------------
export const OfferCreateBody = Type.Object(
  {
    code: Type.String({
      pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$',
      description: 'what readers type or follow (/subscribe/offer/CODE); stored upper case, matched in any case',
    }),
    kind: Type.Enum(['percent', 'amount']),
    value: Type.Integer({ minimum: 1, maximum: 100_000_000, description: 'percent off (1–100), or cents off in the plan’s currency' }),
    months: Type.Integer({
      minimum: 1,
      maximum: 36,
      description: 'how many months are discounted, on every plan interval (a yearly plan: see the README, Offers)',
    }),
    plan_id: Type.Optional(Type.Union([RecordId, Type.Null()], { description: 'null or absent: any plan' })),
    active: Type.Optional(Type.Boolean()),
    expires_at: Type.Optional(NullableDateTime),
  },
  strict,
);
export const OfferUpdateBody = Type.Object(
  { active: Type.Optional(Type.Boolean()), expires_at: Type.Optional(NullableDateTime) },
  { ...strict, minProperties: 1, description: 'An offer’s terms never change once made; it can be deactivated, or its expiry moved.' },
);

export const OfferJson = Type.Object({
  id: Type.String(),
  code: Type.String(),
  kind: Type.String(),
  value: Type.Integer(),
  months: Type.Integer({ description: 'how many months are discounted, on every plan interval' }),
  plan_id: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  expires_at: NullableDateTime,
  created_at: DateTime,
  link: Type.String({ description: 'the offer as a link to the subscribe page' }),
});
export const OfferListJson = Type.Object({ offers: Type.Array(OfferJson) });

// --- Readers -------------------------------------------------------------------------------------
export const ReaderListQuery = Type.Object(
  { email: Type.Optional(Type.String({ minLength: 1, maxLength: 254, description: 'part of the address, any case' })), ...PagingQuery },
  strict,
);

const readerSummaryProps = {
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  email_verified: Type.Boolean(),
  created_at: DateTime,
  closed_at: NullableDateTime,
};
export const ReaderListJson = Type.Object({ readers: Type.Array(Type.Object(readerSummaryProps)), meta: ListMeta });

const AddressJson = Type.Object({
  line1: Type.String(),
  line2: Type.String(),
  city: Type.String(),
  region: Type.String(),
  postcode: Type.String(),
  country: Type.String(),
});

export const ReaderJson = Type.Object({
  ...readerSummaryProps,
  email_verified_at: NullableDateTime,
  has_password: Type.Boolean(),
  updated_at: DateTime,
  address: Type.Union([AddressJson, Type.Null()]),
  email_preferences: Type.Object({ daily_email: Type.Boolean(), offers: Type.Boolean() }),
  entitlements: Type.Object(
    {
      held: Type.Array(Type.String()),
      reasons: Type.Array(Type.Object({ entitlement: Type.String(), source: Type.String(), detail: Type.String() })),
      withheld: Type.Array(Type.Object({ entitlement: Type.String(), subscription_id: Type.String(), plan_name: Type.String() }), {
        description: 'what a paused subscription holds back now (the printed magazine), and nothing else gives',
      }),
    },
    {
      description:
        'what the reader may read now, and why (the entitlement service); group licences are left out: by address range they depend on where the reader reads from, and asking by email domain would take a seat on the reader’s behalf',
    },
  ),
  subscriptions: Type.Array(
    Type.Object({
      id: Type.String(),
      plan_id: Type.String(),
      plan_name: Type.String(),
      status: Type.String({ description: 'as the payment provider says' }),
      state: Type.String({ description: 'where it stands for the reader: active, trial, payment-problem, cancelled, ended' }),
      current_period_end: NullableDateTime,
      cancel_at_period_end: Type.Boolean(),
      trial_end: NullableDateTime,
      grace_until: NullableDateTime,
      pause: Type.Union(
        [
          Type.Object({
            behavior: Type.String({
              description: 'what the provider does with invoices meanwhile (Stripe: keep_as_draft, mark_uncollectible, void)',
            }),
            since: DateTime,
            resumes_at: NullableDateTime,
            in_force: Type.Boolean({ description: 'false when it has not begun yet or its resume date has passed' }),
          }),
          Type.Null(),
        ],
        { description: 'payment collection paused at the provider; null: not paused' },
      ),
      provider: Type.String(),
      created_at: DateTime,
    }),
    { description: 'newest first' },
  ),
  refunds: Type.Array(
    Type.Object({
      id: Type.String(),
      subscription_id: Type.String(),
      amount_cents: Type.Integer({ description: 'in the currency’s minor unit' }),
      currency: Type.String(),
      status: Type.String({ description: 'as the payment provider says: pending, requires_action, succeeded, failed, canceled' }),
      access: Type.Union([Type.Literal('now'), Type.Literal('period-end'), Type.Null()], {
        description: 'when the reader’s access ended with it: at once, or at the paid period’s end; null for a refund made at the provider',
      }),
      made_by: Type.Union([Type.Object({ staff_id: Type.String(), name: Type.String() }), Type.Null()], {
        description: 'the staff member who asked for it; null for a refund made at the provider',
      }),
      created_at: DateTime,
      updated_at: DateTime,
    }),
    {
      description:
        'refunds of the subscriptions’ payments, newest first; the reason staff typed is not given (it may hold the reader’s own words)',
    },
  ),
});

// --- Group licences ------------------------------------------------------------------------------
const organisationProps = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  ip_ranges: Type.Array(Type.String({ maxLength: 64 }), {
    maxItems: 1000,
    description: 'CIDR ranges, IPv4 or IPv6 ("192.0.2.0/24", "2001:db8::/32"): everyone inside reads, signed in or not, taking no seat',
  }),
  email_domains: Type.Array(Type.String({ maxLength: 253 }), {
    maxItems: 1000,
    description: 'readers with a verified address at one of these domains read while seats last',
  }),
  seat_limit: Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'how many readers may hold a seat by email domain' }),
  valid_until: Type.Union([Type.String({ maxLength: 10, description: 'YYYY-MM-DD' }), Type.Null()], {
    description: "the licence's last day in the paper's time zone; null: no end",
  }),
  contact_name: Type.String({ maxLength: 200 }),
  contact_email: Type.String({ maxLength: 254, description: 'an email address, or empty' }),
  active: Type.Boolean({ description: 'false: the licence grants nothing' }),
};

export const OrganisationCreateBody = Type.Object(
  {
    ...organisationProps,
    ip_ranges: Type.Optional(organisationProps.ip_ranges),
    email_domains: Type.Optional(organisationProps.email_domains),
    valid_until: Type.Optional(organisationProps.valid_until),
    contact_name: Type.Optional(organisationProps.contact_name),
    contact_email: Type.Optional(organisationProps.contact_email),
    active: Type.Optional(organisationProps.active),
  },
  { ...strict, description: 'At least one address range or email domain.' },
);

export const OrganisationUpdateBody = Type.Partial(Type.Object(organisationProps), {
  ...strict,
  minProperties: 1,
  description:
    'Only the fields sent change. Lowering seat_limit below the seats used keeps every member; nobody new joins until a seat frees.',
});

export const OrganisationJson = Type.Object({
  id: Type.String(),
  name: Type.String(),
  ip_ranges: Type.Array(Type.String()),
  email_domains: Type.Array(Type.String()),
  seat_limit: Type.Union([Type.Integer(), Type.Null()]),
  seats_used: Type.Integer(),
  valid_until: Type.Union([Type.String(), Type.Null()]),
  contact_name: Type.String(),
  contact_email: Type.String(),
  active: Type.Boolean(),
  in_force: Type.Boolean({ description: 'active and its last day not over: whether it grants anything now' }),
  created_at: DateTime,
  updated_at: DateTime,
});

export const OrganisationListJson = Type.Object({ organisations: Type.Array(OrganisationJson) });
