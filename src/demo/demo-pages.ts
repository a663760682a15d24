/**
 * The demo paper's static pages: The Ellery Ledger's About, Contact, Corrections policy, Privacy
 * and Terms. Every name, address and number here is invented, like the rest of the demo paper.
 */
import type { StaticPageSlug } from '../pages/index.js';

export const DEMO_PAGES: readonly { slug: StaticPageSlug; title: string; body: string }[] = [
  {
    slug: 'about',
    title: 'About the Ledger',
    body: `The Ellery Ledger has reported on Port Ellery and the Marrow Valley since 1887. We are a daily paper with a newsroom of twenty-two people on the second floor of the old customs house on Quayside Parade.

We cover city hall and the harbour board, the port economy, science and climate on the estuary, the valley's culture, and sport from the Mariners' home games to the winter rowing league.

## Who owns us

The Ledger is owned by the Ellery Ledger Trust, a charitable trust set up in 1961 to keep the paper independent. The trust appoints the editor and cannot direct what we publish.

## How we are paid for

Most of our money comes from readers who subscribe. The rest comes from advertising, which is sold by a separate team that has no say over our stories.

## Our editor

Samuel Okafor-Hale has edited the Ledger since 2021. Write to him at editor@ellery-ledger.example.`,
  },
  {
    slug: 'contact',
    title: 'Contact us',
    body: `## News tips

Seen something we should know about? Email **news@ellery-ledger.example** or call the newsdesk on 0170 555 0142, staffed from 7 am to 11 pm every day. If you need to reach us privately, say so in your first message and an editor will reply.

## Letters to the editor

Send letters of up to 250 words to **letters@ellery-ledger.example** with your name and the part of the valley you live in. We do not publish anonymous letters.

## Subscriptions

For help with your subscription, your account or a gift, write to **readers@ellery-ledger.example**.

## By post or in person

The Ellery Ledger, Old Customs House, 14 Quayside Parade, Port Ellery. The front desk is open on weekdays from 9 am to 5 pm.`,
  },
  {
    slug: 'corrections-policy',
    title: 'Corrections policy',
    body: `We try to get every fact right the first time. When we do not, we say so, clearly and quickly.

- **A correction** fixes a factual error: a wrong name, date, figure or quotation. We change the story and add a dated note at its foot saying what was wrong and what is right. Every correction is also listed on our [corrections page](/corrections).
- **An update** adds new information to a developing story. It is noted on the story with its time, but it does not mean the earlier version was wrong.
- We do not quietly remove stories. If a story has to be taken down for legal reasons, we say that it has been.

## Asking for a correction

Email **corrections@ellery-ledger.example** with a link to the story and what you believe is wrong. An editor who did not work on the story will look at it and reply within two working days.`,
  },
  {
    slug: 'privacy',
    title: 'Privacy',
    body: `This page explains what we keep about you and why.

## When you read

We count how many stories you read each month so that the meter can offer a number of free stories. For readers who are not signed in, the count is kept against a random identifier in a cookie. We do not use advertising trackers on our pages.

## When you have an account

We keep your email address, your subscription and your reading count. Payments are handled by our payment provider; we never see your full card number.

## Your choices

From your account page you can download everything we hold about you, or close your account, which erases it. Questions go to **privacy@ellery-ledger.example**.`,
  },
  {
    slug: 'terms',
    title: 'Terms of use',
    body: `By using the Ledger's website you agree to these terms.

## Our journalism

Our stories, photographs and graphics belong to the Ellery Ledger Trust or to the people who made them. You may quote short passages with a link back to the story. Please ask before republishing anything in full.

## Subscriptions

A subscription renews until you cancel it. You can cancel at any time from your account page, and you keep access until the end of the period you have paid for.

## Gift links

A subscriber's gift link lets a friend read one story. Gift links are for sharing with people you know, not for publishing widely.

## Changes

If we change these terms we will say so on this page and, for subscribers, by email.`,
  },
];
