/** The message to a reader whose renewal payment failed: what happened, until when, what to do. */
import { renderToString } from 'preact-render-to-string';

export interface PaymentFailedEmailProps {
  siteName: string;
  planName: string;
  /** The end of the grace period, already in the paper's time zone. */
  until: string;
  accountLink: string;
}

export function paymentFailedEmail(p: PaymentFailedEmailProps): { subject: string; text: string; html: string } {
  const subject = `Your payment to ${p.siteName} did not go through`;
  const paragraphs = [
    `We could not take the payment for your ${p.planName} subscription.`,
    `Your access continues until ${p.until}. To keep it after that, please update your card on your account page.`,
  ];
  const text = `${[...paragraphs, `Your account:\n${p.accountLink}`, `— ${p.siteName}`].join('\n\n')}\n`;
  const html = `<!doctype html>${renderToString(
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>{subject}</title>
      </head>
      <body>
        {paragraphs.map((t) => (
          <p key={t}>{t}</p>
        ))}
        <p>
          <a href={p.accountLink}>Update your card on your account page</a>
        </p>
        <p>— {p.siteName}</p>
      </body>
    </html>,
  )}`;
  return { subject, text, html };
}
