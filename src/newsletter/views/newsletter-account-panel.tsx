/**
 * The daily email's part of the Subscription section of /account, for a reader whose plan
 * includes it: whether it is sent to them, and one button to stop it or start it again. (The
 * "Email preferences" tick box is the free sign-up; a subscriber gets the email without it.) Pure.
 */
import { CSRF_FIELD } from '../../http/csrf.js';

export function NewsletterAccountPanel({ csrf, stopped, confirmed }: { csrf: string; stopped: boolean; confirmed: boolean }) {
  return (
    <div id="daily-email">
      <h3>The daily email</h3>
      {stopped ? (
        <p>Your subscription includes the daily email with the morning’s top stories. You stopped it: we do not send it to you.</p>
      ) : (
        <p>
          Your subscription includes the daily email with the morning’s top stories. We send it to you each morning
          {confirmed ? '.' : ', once you have confirmed your address.'}
        </p>
      )}
      <form method="post" action="/account/daily-email" aria-label={stopped ? 'Send me the daily email again' : 'Stop the daily email'}>
        <input type="hidden" name={CSRF_FIELD} value={csrf} />
        <input type="hidden" name="send" value={stopped ? 'yes' : 'no'} />
        <p>
          <button type="submit" class="button">
            {stopped ? 'Send me the daily email again' : 'Stop the daily email'}
          </button>
        </p>
      </form>
    </div>
  );
}
