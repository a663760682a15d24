/**
 * The meter's policy: how many free articles, over what period, how much a walled reader still
 * sees, and the network budget that keeps cleared cookies from meaning unlimited reading. Pure
 * types, defaults and the schema the Admin API and the settings row are parsed with.
 */
import { type Static, Type } from 'typebox';

export const MeterPeriodSchema = Type.Union([
  Type.Object({ kind: Type.Literal('month') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('rolling'), days: Type.Integer({ minimum: 1, maximum: 366 }) }, { additionalProperties: false }),
]);
export type MeterPeriod = Static<typeof MeterPeriodSchema>;

export const MeterPolicySchema = Type.Object(
  {
    /** Free metered articles per period for a reader who is not signed in. */
    anonymousFree: Type.Integer({ minimum: 0, maximum: 50 }),
    /** More free articles once registered (the registration wall), on top of `anonymousFree`. */
    registeredExtra: Type.Integer({ minimum: 0, maximum: 200 }),
    period: MeterPeriodSchema,
    /**
     * The lead-in a walled reader still sees: the first blocks of any kind (paragraph, heading,
     * list, quote, table, figure), at most this many, ...
     */
    leadInBlocks: Type.Integer({ minimum: 0, maximum: 20 }),
    /** ... at most this many characters of their text, ... */
    leadInChars: Type.Integer({ minimum: 0, maximum: 10_000 }),
    /** ... and never more than this share (per cent) of the story's text (lead-in.ts). */
    leadInShare: Type.Integer({ minimum: 0, maximum: 100 }),
    /**
     * Fresh anonymous meters one network (an IPv4 /24 or IPv6 /48) may start per period. Sized
     * for a campus or an office behind one address; past it, that network's new anonymous
     * readers meet the registration wall.
     */
    networkFreshMeters: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    /**
     * Anonymous reads one network may have counted per period, whichever browsers (and wherever
     * started meters) they come from. Counted in the same write as each read.
     */
    networkCountedReads: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
    /** Gift links a reader entitled to `web` may make per calendar month. */
    giftLinksPerMonth: Type.Integer({ minimum: 0, maximum: 1000 }),
    giftLinkDays: Type.Integer({ minimum: 1, maximum: 365 }),
    giftLinkReaders: Type.Integer({ minimum: 1, maximum: 100 }),
    /** Page loads each of a gift link's readers may make (a copied cookie shares them). */
    giftLinkReadsPerReader: Type.Integer({ minimum: 1, maximum: 1000 }),
  },
  { additionalProperties: false },
);
export type MeterPolicy = Static<typeof MeterPolicySchema>;

/** The defaults: 3 free articles a calendar month, 8 once registered. */
export const DEFAULT_METER_POLICY: MeterPolicy = {
  anonymousFree: 3,
  registeredExtra: 5,
  period: { kind: 'month' },
  leadInBlocks: 2,
  leadInChars: 800,
  leadInShare: 25,
  networkFreshMeters: 1000,
  // The fresh meters a network may start times the anonymous allowance: a campus or office behind
  // one /24 can read, together, what its own fresh meters would give it; a script that starts
  // meters on many networks and reads through one cannot read more.
  networkCountedReads: 3000,
  giftLinksPerMonth: 10,
  giftLinkDays: 14,
  giftLinkReaders: 1,
  giftLinkReadsPerReader: 10,
};

/** "this month", "in 30 days": the end of "You've read 2 of 3 free articles …". */
export function periodPhrase(period: MeterPeriod): string {
  if (period.kind === 'month') return 'this month';
  return period.days === 1 ? 'today' : `in ${period.days} days`;
}
