/**
 * The words on the paywall, editable by the business side as Markdown: the pitch ("why us"), the
 * editor's letter and its signature, and the line over the registration wall. The paper's
 * tagline comes from the site settings; the offer's price and contents from the plan catalogue.
 * The defaults are written for any independent daily; the demo paper keeps them.
 *
 * The letter fits the wall: where it says `{opening}`, the opening for the wall's reason goes
 * (a subscribers-only story, free articles used, the registration wall), so a first-time reader
 * of a subscribers-only story is never told they used their free articles. The rest of the letter
 * says nothing about why the reader met the wall.
 */
import { type Static, Type } from 'typebox';

export const PaywallCopySchema = Type.Object(
  {
    /** Heading over the paywall. */
    heading: Type.String({ minLength: 1, maxLength: 120 }),
    /** Markdown: a short "why us". */
    pitch: Type.String({ minLength: 1, maxLength: 4000 }),
    /** Heading of the editor's letter. */
    letterTitle: Type.String({ minLength: 1, maxLength: 120 }),
    /** Markdown: the editor's letter to the reader, several paragraphs; `{opening}` marks where the wall's opening goes. */
    letter: Type.String({ minLength: 1, maxLength: 12000 }),
    /** Markdown: the letter's opening on a subscribers-only story (nothing about free articles). */
    openingSubscribers: Type.String({ maxLength: 2000 }),
    /** Markdown: the letter's opening when the reader has read all their free articles. */
    openingFreeUsed: Type.String({ maxLength: 2000 }),
    /** Markdown: the letter's opening over the registration wall (`{n}` and `{period}` filled in). */
    openingRegistration: Type.String({ maxLength: 2000 }),
    /** Who signs the letter, e.g. "Ruth Alder, Editor". */
    signature: Type.String({ minLength: 1, maxLength: 200 }),
    /** Markdown: what registering gives, over the registration wall. */
    registerPitch: Type.String({ minLength: 1, maxLength: 2000 }),
    /** The plan the paywall offers (its slug); null: the active plan with the most entitlements, cheapest first. */
    offerPlanSlug: Type.Union([Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 80 }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type PaywallCopy = Static<typeof PaywallCopySchema>;

export const DEFAULT_PAYWALL_COPY: PaywallCopy = {
  heading: 'Keep reading with a subscription',
  pitch: [
    'Every story on this site was reported by people who live here: at the council meeting that ran past midnight, at the',
    'flooded underpass before the photographers, on the phone with the clerk who finally found the minutes.',
    '',
    'We take no money from the people we cover, and we answer to readers. Subscriptions pay for the reporting you',
    'just read, and for the stories nobody else will chase.',
  ].join('\n'),
  letterTitle: 'A letter from the editor',
  letter: [
    'Dear reader,',
    '',
    '{opening}',
    '',
    'A newsroom is expensive in ways that are easy to miss. A single court story can mean three days in a gallery',
    'waiting for a verdict; a school budget piece means reading four hundred pages of appendices so you do not have',
    'to. Advertising used to pay for that. It no longer does, and we would rather be paid by you than by anyone',
    'with a stake in what we print.',
    '',
    'A subscription brings you everything we publish on the web, our morning email with the day’s stories, and the',
    'weekly magazine in your letterbox. If something we wrote is wrong, write to me and we will correct it in the',
    'open, with a dated note on the story.',
    '',
    'I hope you will join us.',
  ].join('\n'),
  openingSubscribers:
    'Some of our stories, like this one, are for subscribers: they took the longest to report, and subscribers are the people who pay for that time.',
  openingFreeUsed: 'You have reached the end of your free articles for now, which tells me you came back more than once. Thank you.',
  openingRegistration:
    'Free reading without an account has run out for now. An account is free, takes a minute and gives you {n} more articles {period}; a subscription gives you everything.',
  signature: 'The Editor',
  registerPitch: 'Create a free account and read **{n} more articles** {period}. No card needed.',
  offerPlanSlug: null,
};
