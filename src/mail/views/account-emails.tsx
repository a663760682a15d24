/**
 * The account messages: each returns its subject, its plain text and its HTML. Links are
 * absolute (they leave the site) and expire; each message says when.
 */
import { EmailButton, type EmailContent, EmailLayout, renderEmail } from './email-layout.js';

interface LinkMail {
  siteName: string;
  link: string;
}

const FOOT = 'If it wasn’t you, you can ignore this message.';

function message(
  siteName: string,
  subject: string,
  paragraphs: string[],
  action?: { label: string; link: string; note: string },
  why?: string,
): EmailContent {
  const text = [...paragraphs, ...(action ? [`${action.label}:\n${action.link}`, action.note] : []), why ?? FOOT, `— ${siteName}`].join(
    '\n\n',
  );
  const html = renderEmail(
    <EmailLayout siteName={siteName} title={subject} why={why}>
      {paragraphs.map((p) => (
        <p key={p}>{p}</p>
      ))}
      {action ? (
        <>
          <EmailButton href={action.link}>{action.label}</EmailButton>
          <p>{action.note}</p>
        </>
      ) : null}
    </EmailLayout>,
  );
  return { subject, text: `${text}\n`, html };
}

export function verifyEmail({ siteName, link }: LinkMail): EmailContent {
  return message(
    siteName,
    `Confirm your email address for ${siteName}`,
    [`Welcome to ${siteName}. Please confirm that this is your email address.`],
    {
      label: 'Confirm my address',
      link,
      note: 'The link works once, for 48 hours.',
    },
  );
}

/** For a sign-up without a password: the link confirms the address and signs in. */
export function welcomeLinkEmail({ siteName, link }: LinkMail): EmailContent {
  return message(
    siteName,
    `Welcome to ${siteName}: your sign-in link`,
    [`Welcome to ${siteName}. Follow the link to confirm your address and sign in.`],
    {
      label: 'Confirm and sign in',
      link,
      note: 'The link works once, for 24 hours. Next time, ask for a new link on the sign-in page.',
    },
  );
}

export function signInLinkEmail({ siteName, link }: LinkMail): EmailContent {
  return message(siteName, `Your sign-in link for ${siteName}`, ['Here is the link you asked for to sign in.'], {
    label: 'Sign in',
    link,
    note: 'The link works once, for 15 minutes.',
  });
}

export function alreadyRegisteredEmail({ siteName, link }: LinkMail): EmailContent {
  return message(
    siteName,
    `You already have an account with ${siteName}`,
    [
      'Someone tried to sign up with this address, but it already has an account. You can sign in with the link below, or reset your password from the sign-in page.',
    ],
    { label: 'Sign in', link, note: 'The link works once, for 15 minutes.' },
  );
}

export function noAccountEmail({ siteName, link }: LinkMail): EmailContent {
  return message(siteName, `No ${siteName} account for this address`, [
    `Someone asked to sign in to ${siteName}, or to reset a password, with this address, but it has no account.`,
    `You can make one at ${link}`,
  ]);
}

export function resetEmail({ siteName, link }: LinkMail): EmailContent {
  return message(siteName, `Reset your ${siteName} password`, ['Someone asked to reset the password for this address.'], {
    label: 'Choose a new password',
    link,
    note: 'The link works once, for one hour.',
  });
}

export function changeEmailEmail({ siteName, link, newEmail }: LinkMail & { newEmail: string }): EmailContent {
  return message(
    siteName,
    `Confirm your new email address for ${siteName}`,
    [`Please confirm that you want your ${siteName} account to use ${newEmail} from now on.`],
    {
      label: 'Use this address',
      link,
      note: 'The link works once, for 24 hours.',
    },
  );
}

export function emailChangedNotice({ siteName, newEmail }: { siteName: string; newEmail: string }): EmailContent {
  return message(siteName, `Your ${siteName} email address was changed`, [
    `Your ${siteName} account now uses ${newEmail}. Messages will go there from now on.`,
    'If you did not make this change, reply to this message at once.',
  ]);
}

/** An email-only reader asked to change address: the go-ahead comes from the current address. */
export function changeEmailAskEmail({ siteName, link, newEmail }: LinkMail & { newEmail: string }): EmailContent {
  return message(
    siteName,
    `Confirm the change of your ${siteName} email address`,
    [
      `Someone signed in to your ${siteName} account asked to move it to ${newEmail}.`,
      'If that was you, follow the link and press the button; we then send a last confirmation to the new address.',
    ],
    { label: 'Yes, change my address', link, note: 'The link works once, for 30 minutes.' },
  );
}

/** An email-only reader asked to close their account: the link confirms it. */
export function closeAccountEmail({ siteName, link }: LinkMail): EmailContent {
  return message(
    siteName,
    `Close your ${siteName} account`,
    [
      `Someone signed in to your ${siteName} account asked to close it.`,
      'If that was you, follow the link and press the button. Closing erases your name, address and preferences, and cannot be undone.',
    ],
    { label: 'Close my account', link, note: 'The link works once, for 30 minutes.' },
  );
}

/** A new staff member's invitation: the link chooses their password (the staff-setup token). */
export function staffInvitationEmail({ siteName, link, role, invitedBy }: LinkMail & { role: string; invitedBy: string }): EmailContent {
  return message(
    siteName,
    // "the newsroom of The Ellery Ledger": a paper's name often starts with "The".
    `You are invited to the newsroom of ${siteName}`,
    [
      `${invitedBy} has made you a staff account at ${siteName}, with the ${role} role.`,
      'Choose a password: the link then takes you into the newsroom. Afterwards, sign in at /admin/sign-in on the paper’s website.',
    ],
    { label: 'Choose my password', link, note: 'The link works once, for 72 hours. The paper’s owner can send a new one.' },
    `${invitedBy} invited this address to ${siteName}’s newsroom. If you did not expect it, you can ignore this message: nothing happens until the link is used.`,
  );
}
