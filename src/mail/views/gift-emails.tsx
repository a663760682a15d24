/**
 * The gift subscription messages: the gift itself, with its code, to the recipient; and the
 * receipt to the purchaser. Pure: every value arrives as display text (dates already in the
 * paper's time zone, the amount already formatted). The purchaser's message is theirs, shown as
 * they wrote it (escaped in the HTML, line breaks kept).
 */
import { EmailButton, type EmailContent, EmailLayout, renderEmail } from './email-layout.js';

export interface GiftEmailProps {
  siteName: string;
  planName: string;
  /** "3 months". */
  duration: string;
  /** What the plan includes, one line each. */
  includes: string[];
  code: string;
  /** The redemption page with the code filled in. */
  redeemLink: string;
  /** The purchaser's address, so the recipient knows whom to thank. */
  from: string;
  message: string | null;
  /** The last day the code can be redeemed. */
  redeemBy: string;
  /** Sent again at the purchaser's request, with a new code. */
  resent: boolean;
}

const MESSAGE_STYLE = 'margin:16px 0;padding:12px 16px;border-left:3px solid #1a1a1a;white-space:pre-line';
const CODE_STYLE = 'font-family:Menlo,Consolas,monospace;font-size:22px;letter-spacing:2px;font-weight:bold';

export function giftEmail(p: GiftEmailProps): EmailContent {
  const subject = p.resent ? `Your gift code for ${p.siteName}, sent again` : `A gift for you: ${p.duration} of ${p.siteName}`;
  const opening = `${p.from} has given you ${p.duration} of ${p.siteName} (${p.planName}).`;
  const how = `Sign in, or make a free account, and enter the code. The ${p.duration} start when you redeem it; please redeem it by ${p.redeemBy}.`;
  const replaced = 'This code replaces the one we sent before, which no longer works.';
  const text = [
    opening,
    ...(p.message ? [`Their message:\n${p.message}`] : []),
    `It includes:\n${p.includes.map((i) => `- ${i}`).join('\n')}`,
    `Your gift code: ${p.code}`,
    `Redeem it here:\n${p.redeemLink}`,
    how,
    ...(p.resent ? [replaced] : []),
    `— ${p.siteName}`,
  ].join('\n\n');
  const html = renderEmail(
    <EmailLayout siteName={p.siteName} title={subject}>
      <p>{opening}</p>
      {p.message ? (
        <>
          <p>Their message:</p>
          <blockquote style={MESSAGE_STYLE}>{p.message}</blockquote>
        </>
      ) : null}
      <p>It includes:</p>
      <ul>
        {p.includes.map((i) => (
          <li key={i}>{i}</li>
        ))}
      </ul>
      <p>
        Your gift code: <span style={CODE_STYLE}>{p.code}</span>
      </p>
      <EmailButton href={p.redeemLink}>Redeem your gift</EmailButton>
      <p>{how}</p>
      {p.resent ? <p>{replaced}</p> : null}
    </EmailLayout>,
  );
  return { subject, text: `${text}\n`, html };
}

export interface GiftReceiptEmailProps {
  siteName: string;
  planName: string;
  duration: string;
  recipientEmail: string;
  /** "$24.00". */
  amount: string;
  paidOn: string;
  redeemBy: string;
  /** The purchaser's account page, where a lost code can be sent again. */
  accountLink: string;
}

export function giftReceiptEmail(p: GiftReceiptEmailProps): EmailContent {
  const subject = `Your receipt: a gift of ${p.siteName}`;
  const paragraphs = [
    `Thank you. You have given ${p.duration} of ${p.siteName} (${p.planName}) to ${p.recipientEmail}.`,
    `Paid: ${p.amount} on ${p.paidOn}, once. Nothing renews.`,
    `We have emailed the gift code to ${p.recipientEmail}. It can be redeemed until ${p.redeemBy}; the ${p.duration} start when it is.`,
    'If the message goes astray, you can send the code again from your account page.',
  ];
  const text = [...paragraphs, `Your account:\n${p.accountLink}`, `— ${p.siteName}`].join('\n\n');
  const html = renderEmail(
    <EmailLayout siteName={p.siteName} title={subject}>
      {paragraphs.map((t) => (
        <p key={t}>{t}</p>
      ))}
      <EmailButton href={p.accountLink}>Your account</EmailButton>
    </EmailLayout>,
  );
  return { subject, text: `${text}\n`, html };
}
