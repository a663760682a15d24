/**
 * The pages around emailed links: the page a link opens (one button that POSTs the token, so a
 * mail scanner opening the link uses nothing), the page for a link that no longer works (with a
 * form for a fresh one: no dead end), "check your email", and "we sent one recently". Pure.
 */
import type { ComponentChildren } from 'preact';
import { PostForm, Submit } from '../../views/form-parts.js';
import { formatTime } from '../../views/format.js';
import type { PageChrome } from '../../views/layout.js';
import { withReturn } from '../reader.js';
import { Page } from './auth-pages.js';
import { ReturnField } from './form-parts.js';

export interface LinkButtonPageProps {
  chrome: PageChrome;
  csrf: string;
  title: string;
  /** Where the button posts the token. */
  action: string;
  token: string;
  returnTo: string;
  button: string;
  children: ComponentChildren;
}

/** An emailed link's page: what pressing the button does, and the button. */
export function LinkButtonPage({ chrome, csrf, title, action, token, returnTo, button, children }: LinkButtonPageProps) {
  return (
    <Page chrome={chrome} title={title}>
      <PostForm action={action} csrf={csrf} label={title}>
        <input type="hidden" name="token" value={token} />
        <ReturnField returnTo={returnTo} />
        {children}
        <Submit>{button}</Submit>
      </PostForm>
    </Page>
  );
}

/** Which kind of link failed decides which fresh one the page offers. */
export type BadLinkKind = 'signin' | 'verify' | 'reset' | 'account';

export function BadLinkPage({ chrome, csrf, kind, returnTo }: { chrome: PageChrome; csrf: string; kind: BadLinkKind; returnTo: string }) {
  return (
    <Page chrome={chrome} title="This link no longer works">
      <p>Links we email work only once, and only for a while. This one has been used, has expired, or was not copied whole.</p>
      {kind === 'account' ? (
        <p>
          <a href="/account">Go to your account</a> (sign in if you are asked to) and ask for a new link there.
        </p>
      ) : (
        <>
          <h2>Get a new link</h2>
          <PostForm
            action={kind === 'reset' ? '/reset' : '/verify/resend'}
            csrf={csrf}
            label={kind === 'reset' ? 'Email me a new reset link' : 'Email me a new link'}
          >
            <ReturnField returnTo={returnTo} />
            <p class="field">
              <label for="fresh-email">Your email address</label>
              <input id="fresh-email" name="email" type="email" autocomplete="email" required maxLength={254} />
            </p>
            <Submit>{kind === 'reset' ? 'Email me a new reset link' : 'Email me a new link'}</Submit>
          </PostForm>
          <p>
            Or <a href={withReturn('/signin', returnTo)}>sign in with your password</a>.
          </p>
        </>
      )}
    </Page>
  );
}

export function CheckEmailPage({ chrome, email, returnTo }: { chrome: PageChrome; email: string; returnTo: string }) {
  return (
    <Page chrome={chrome} title="Check your email">
      <p>
        We have sent a message to <strong>{email}</strong>. Follow the link in it to continue.
      </p>
      <p>It can take a minute or two to arrive. If it doesn’t, look in your spam folder, or try again.</p>
      {returnTo !== '/account' ? (
        <p>
          The link brings you back to <a href={returnTo}>where you were</a>.
        </p>
      ) : null}
    </Page>
  );
}

/** Past the per-recipient limit (email-send-limit.ts): the same words whether or not an account has the address. */
export function RecentlySentPage({
  chrome,
  email,
  retryAt,
  timeZone,
  returnTo,
}: {
  chrome: PageChrome;
  email: string;
  retryAt: Date;
  timeZone: string;
  returnTo: string;
}) {
  return (
    <Page chrome={chrome} title="We sent you a link recently">
      <p>
        We have already sent several messages to <strong>{email}</strong> in the last hour, so we have not sent another. Check your inbox
        and your spam folder: the newest link in them still works.
      </p>
      <p>If nothing has arrived, you can ask again after {formatTime(retryAt, timeZone)}.</p>
      {returnTo !== '/account' ? (
        <p>
          <a href={returnTo}>Go back to where you were</a>.
        </p>
      ) : null}
    </Page>
  );
}
