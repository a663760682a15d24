/**
 * The emails a subscriber expects: a welcome with the receipt, the confirmation of a
 * cancellation, the reminder before a yearly renewal, and the note to a giver that their gift was
 * redeemed. Pure: every value arrives as display text (dates in the paper's time zone, amounts
 * formatted); plain text and HTML say the same, as the paper's other emails do
 * (src/mail/views/gift-emails.tsx).
 */
import { EmailButton, type EmailContent, EmailLayout, renderEmail } from '../../mail/views/email-layout.js';

function email(p: { siteName: string; subject: string; paragraphs: string[]; button: { href: string; text: string } }): EmailContent {
  const text = [...p.paragraphs, `${p.button.text}:\n${p.button.href}`, `— ${p.siteName}`].join('\n\n');
  const html = renderEmail(
    <EmailLayout siteName={p.siteName} title={p.subject}>
      {p.paragraphs.map((t) => (
        <p key={t}>{t}</p>
      ))}
      <EmailButton href={p.button.href}>{p.button.text}</EmailButton>
    </EmailLayout>,
  );
  return { subject: p.subject, text: `${text}\n`, html };
}

export interface WelcomeEmailProps {
  siteName: string;
  planName: string;
  /** "$15.00 a month". */
  planPrice: string;
  /** What was paid now ("$12.00"), or null in a free trial. */
  paid: string | null;
  /** "SPRING: 20% off for 3 months", or null. */
  offer: string | null;
  /** "25 November 2026". */
  periodStart: string;
  periodEnd: string;
  /** The next payment: its date and amount ("$12.00"). */
  nextPaymentOn: string;
  nextPayment: string;
  trial: boolean;
  accountLink: string;
  demo: boolean;
}

export function welcomeEmail(p: WelcomeEmailProps): EmailContent {
  const paragraphs = [
    `Welcome to ${p.siteName}. Your ${p.planName} subscription (${p.planPrice}) has started: every story is open to you.`,
    p.trial
      ? `Your receipt: nothing is charged today. Your free trial runs from ${p.periodStart} to ${p.periodEnd}.`
      : `Your receipt: ${p.paid} paid on ${p.periodStart}, for the period ${p.periodStart} to ${p.periodEnd}.`,
    ...(p.offer ? [`Offer applied: ${p.offer}.`] : []),
    `Next payment: ${p.nextPayment} on ${p.nextPaymentOn}. It renews by itself until you cancel.`,
    'To cancel, go to your account page and choose "Cancel your subscription". You keep access until the end of the period you paid for, and you can change your mind until then.',
    ...(p.demo ? ['This paper runs a demonstration of its payments: no money moved.'] : []),
  ];
  return email({
    siteName: p.siteName,
    subject: `Welcome to ${p.siteName}: your receipt`,
    paragraphs,
    button: { href: p.accountLink, text: 'Your account' },
  });
}

export function cancelledEmail(p: { siteName: string; planName: string; until: string; accountLink: string }): EmailContent {
  const paragraphs = [
    `Your ${p.planName} subscription is cancelled. Nothing more will be charged.`,
    `You keep access until ${p.until}.`,
    `Changed your mind? Resume it on your account page before ${p.until} and it carries on as before. After that date you can subscribe again at any time.`,
  ];
  return email({
    siteName: p.siteName,
    subject: `Your ${p.siteName} subscription is cancelled`,
    paragraphs,
    button: { href: p.accountLink, text: 'Your account' },
  });
}

export function renewalReminderEmail(p: {
  siteName: string;
  planName: string;
  renewsOn: string;
  amount: string;
  accountLink: string;
}): EmailContent {
  const paragraphs = [
    `Your yearly ${p.planName} subscription renews on ${p.renewsOn}, for ${p.amount}.`,
    'There is nothing to do to keep it. To cancel before then, or to change your card, go to your account page.',
  ];
  return email({
    siteName: p.siteName,
    subject: `Your ${p.siteName} subscription renews on ${p.renewsOn}`,
    paragraphs,
    button: { href: p.accountLink, text: 'Your account' },
  });
}

export function giftRedeemedEmail(p: {
  siteName: string;
  planName: string;
  duration: string;
  recipientEmail: string;
  redeemedOn: string;
  until: string;
  giftLink: string;
}): EmailContent {
  const paragraphs = [
    `Your gift of ${p.duration} of ${p.siteName} (${p.planName}) was redeemed by ${p.recipientEmail} on ${p.redeemedOn}.`,
    `It runs until ${p.until}. Thank you for sharing the paper.`,
  ];
  return email({
    siteName: p.siteName,
    subject: `Your gift of ${p.siteName} was redeemed`,
    paragraphs,
    button: { href: p.giftLink, text: 'Give another gift' },
  });
}
