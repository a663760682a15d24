/**
 * The message to a reader whose paid access has ended: why (a payment that did not go through,
 * or a subscription that was canceled), since when, and the way back. Pure: the date arrives
 * already in the paper's time zone.
 */
import { EmailButton, type EmailContent, EmailLayout, renderEmail } from './email-layout.js';

export interface AccessEndedEmailProps {
  siteName: string;
  planName: string;
  reason: 'grace' | 'canceled';
  /** "2 December 2026". */
  endedOn: string;
  /** The subscribe page, absolute. */
  subscribeLink: string;
}

export function accessEndedEmail(p: AccessEndedEmailProps): EmailContent {
  const subject = `Your access to ${p.siteName} has ended`;
  const why =
    p.reason === 'grace'
      ? `We could not take the payment for your ${p.planName} subscription, so your access ended on ${p.endedOn}.`
      : `Your ${p.planName} subscription was canceled, and your access ended on ${p.endedOn}, at the end of the period you paid for.`;
  const paragraphs = [
    why,
    'You can still read our free articles each month. To read everything again, subscribe whenever you like.',
    `Thank you for reading ${p.siteName}.`,
  ];
  const text = `${[...paragraphs, `Subscribe again:\n${p.subscribeLink}`, `— ${p.siteName}`].join('\n\n')}\n`;
  const html = renderEmail(
    <EmailLayout siteName={p.siteName} title={subject}>
      {paragraphs.slice(0, 2).map((t) => (
        <p key={t}>{t}</p>
      ))}
      <EmailButton href={p.subscribeLink}>Subscribe again</EmailButton>
      <p>{paragraphs[2]}</p>
    </EmailLayout>,
  );
  return { subject, text, html };
}
