/**
 * The email to a print subscriber whose postal address will not do for an edition's mailing
 * list: what is missing, and the link to /account where they can put it right. Pure.
 */
import { EmailButton, type EmailContent, EmailLayout, renderEmail } from '../mail/index.js';

export interface AddressRequestEmailProps {
  siteName: string;
  magazineName: string;
  /** "Vol. 1, No. 3". */
  editionLabel: string;
  /** What is missing, as the second file names it ("postcode", "country ("Narnia" is not one we know)"). */
  missing: string[];
  /** /account, absolute. */
  accountLink: string;
}

export function addressRequestEmail(p: AddressRequestEmailProps): EmailContent {
  const subject = `Your address for ${p.magazineName}`;
  const paragraphs = [
    `Your subscription includes ${p.magazineName} in print, but we cannot post ${p.editionLabel} to you: your postal address is missing ${p.missing.join(', ')}.`,
    'Add it on your account page and the next edition will reach you. It takes a minute.',
    `Thank you for reading ${p.siteName}.`,
  ];
  const text = `${[...paragraphs.slice(0, 2), `Your account page:\n${p.accountLink}`, paragraphs[2], `— ${p.siteName}`].join('\n\n')}\n`;
  const html = renderEmail(
    <EmailLayout siteName={p.siteName} title={subject} why="You get this email because your subscription includes the printed magazine.">
      {paragraphs.slice(0, 2).map((t) => (
        <p key={t}>{t}</p>
      ))}
      <EmailButton href={p.accountLink}>Complete your address</EmailButton>
      <p>{paragraphs[2]}</p>
    </EmailLayout>,
  );
  return { subject, text, html };
}
