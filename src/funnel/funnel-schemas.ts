/**
 * The funnel report's query and answer, as JSON Schema: Fastify validates and serializes with
 * them, and the OpenAPI document shows them.
 */
import { type Static, Type } from 'typebox';

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
/** A section's slug, as the Admin API's other filters take it. */
const Slug = Type.String({
  pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$',
  maxLength: 80,
  description: 'lowercase letters, digits and single hyphens',
});

/** The JSON error every Admin API answer uses (src/http's error handler writes it). */
export const ErrorJson = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
  }),
});

export const FunnelQuery = Type.Object(
  {
    from: Type.String({ pattern: DATE_PATTERN, description: 'the first date included, YYYY-MM-DD in the paper’s time zone' }),
    to: Type.String({ pattern: DATE_PATTERN, description: 'the last date included (from ≤ to, at most 366 days)' }),
    section: Type.Optional(Slug),
  },
  // Unknown parameters are refused by name, as on every Admin API query.
  { additionalProperties: false },
);
export type FunnelQuery = Static<typeof FunnelQuery>;

const n = (description: string) => Type.Integer({ minimum: 0, description });

/** One count per event type the meter records. */
const EventCounts = {
  article_counted: n('articles counted against a free allowance'),
  last_free_shown: n('"last free article" notices shown'),
  registration_wall_shown: n('registration walls shown (anonymous allowance or network budget used up)'),
  paywall_shown: n('paywalls shown'),
  gift_read: n('articles read through a gift link'),
  crawler_served: n('articles served whole to a verified search crawler'),
  checkout_started: n('checkouts started'),
  print_scan: n('QR codes of stories in the printed magazine scanned'),
  print_read: n('stories read whole through a magazine QR code (no free article spent)'),
  print_subscribe_scan: n('the magazine back page’s subscription code scanned'),
  print_checkout_started: n('checkouts started by a browser that had scanned a magazine code'),
};

const Outcomes = {
  subscriptions_started: n('subscriptions started (paid or in a trial), whole site'),
  readers_registered: n('reader accounts created, whole site'),
};

const ratio = (description: string) => Type.Union([Type.Number({ minimum: 0 }), Type.Null()], { description });

export const FunnelReportJson = Type.Object({
  from: Type.String(),
  to: Type.String(),
  time_zone: Type.String({ description: 'the paper’s time zone, which decides each date' }),
  section: Type.Union([Type.String(), Type.Null()]),
  days: Type.Array(Type.Object({ date: Type.String(), ...EventCounts, ...Outcomes }), {
    description: 'every date of the range, zeros included',
  }),
  totals: Type.Object({ ...EventCounts, ...Outcomes }),
  conversion: Type.Object(
    {
      paywall_to_subscription: ratio('subscriptions_started / paywall_shown; null when no paywall was shown'),
      registration_wall_to_registration: ratio('readers_registered / registration_wall_shown; null when no registration wall was shown'),
    },
    { description: 'over the whole range; null with `section`, since subscriptions and registrations are not tied to a section' },
  ),
  sections: Type.Array(
    Type.Object({
      id: Type.Union([Type.String(), Type.Null()]),
      slug: Type.Union([Type.String(), Type.Null()]),
      name: Type.Union([Type.String(), Type.Null()]),
      ...EventCounts,
    }),
    { description: 'totals per section; id null for events without a section' },
  ),
  top_articles: Type.Array(
    Type.Object({
      id: Type.String(),
      slug: Type.Union([Type.String(), Type.Null()]),
      headline: Type.Union([Type.String(), Type.Null()]),
      ...EventCounts,
    }),
    { description: 'the articles that met the paywall most often (then counted most often), at most 10' },
  ),
});
export type FunnelReportJson = Static<typeof FunnelReportJson>;
