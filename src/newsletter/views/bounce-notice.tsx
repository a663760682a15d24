/**
 * The notice on /account when mail to the reader's address stopped: the reason in plain words,
 * when, and the two ways out — change the address (the form further down the page), or try this
 * address again (after a complaint: start the daily email again). Pure.
 */
import { CSRF_FIELD } from '../../http/csrf.js';

export interface BounceNoticeProps {
  csrf: string;
  email: string;
  complaint: boolean;
  explanation: string;
  /** The receiver's own words, as it sent them (a DSN's diagnostic), for the curious; empty for a complaint. */
  receiverSaid: string;
  since: string;
}

export function BounceNotice({ csrf, email, complaint, explanation, receiverSaid, since }: BounceNoticeProps) {
  const button = complaint ? 'Start the daily email again' : 'Try this address again';
  return (
    <section id="email-bounced" class="error-summary" aria-labelledby="email-bounced-title">
      <h3 id="email-bounced-title">{complaint ? 'We stopped the daily email' : 'Our emails to you are bouncing'}</h3>
      <p>
        {explanation} Since {since} we send no daily email to <strong>{email}</strong>.
      </p>
      {receiverSaid ? (
        <p>
          Your mail provider said: <q>{receiverSaid}</q>
        </p>
      ) : null}
      <p>
        {complaint
          ? 'If that was a mistake, start it again.'
          : 'If your address has changed, give us the new one. If the problem is fixed (for example, you made room in your mailbox), try this address again.'}
      </p>
      {complaint ? null : (
        <p>
          <a href="#email-title">Change your email address</a>
        </p>
      )}
      <form method="post" action="/account/daily-email/retry" aria-label={button}>
        <input type="hidden" name={CSRF_FIELD} value={csrf} />
        <p>
          <button type="submit" class="button">
            {button}
          </button>
        </p>
      </form>
    </section>
  );
}
