/**
 * The confirmation link's pages: what pressing the button will do with the sign-up's password
 * (sign-up-claim.ts), and, when the password was not kept, what happened and where to set one.
 * Pure: typed props in, markup out.
 */
import type { FieldProblem } from '../../http/app-error.js';
import { ErrorSummary, Field, PostForm, Submit } from '../../views/form-parts.js';
import type { PageChrome } from '../../views/layout.js';
import type { VerifyLinkView } from '../auth-service.js';
import { Page } from './auth-pages.js';
import { ReturnField } from './form-parts.js';

export interface VerifyLinkPageProps {
  chrome: PageChrome;
  csrf: string;
  token: string;
  returnTo: string;
  link: VerifyLinkView;
  problems: readonly FieldProblem[];
}

export function VerifyLinkPage({ chrome, csrf, token, returnTo, link, problems }: VerifyLinkPageProps) {
  const ask = link.hasPassword && !link.claimant;
  return (
    <Page chrome={chrome} title="Confirm your email address">
      <ErrorSummary problems={problems} />
      <PostForm action="/verify" csrf={csrf} label="Confirm your email address">
        <input type="hidden" name="token" value={token} />
        <ReturnField returnTo={returnTo} />
        {ask ? (
          <>
            <h2>Did you create this account?</h2>
            <p>Someone asked to open an account with this email address and chose a password for it.</p>
            <ul>
              <li>
                <strong>If it was you</strong>, type that password below: it stays, and you can sign in with it anywhere.
              </li>
              <li>
                <strong>If it wasn’t you</strong>, or you don’t remember the password, leave the box empty. We confirm the address as yours,
                forget that password, sign out every other device and sign you in here. You can then choose your own password on your
                account page.
              </li>
            </ul>
            <Field
              name="password"
              label="The password chosen for this account (optional)"
              type="password"
              autocomplete="current-password"
              problems={problems}
            />
          </>
        ) : link.hasPassword ? (
          <p>You created this account on this device, so it keeps the password you chose. Press the button to confirm the address.</p>
        ) : (
          <p>Press the button to confirm that this address is yours. You will be signed in on this device.</p>
        )}
        <Submit>Confirm my address</Submit>
      </PostForm>
    </Page>
  );
}

/** After a confirmation that dropped the sign-up's password: plainly what happened, and what next. */
export function ConfirmedWithoutPasswordPage({ chrome, returnTo }: { chrome: PageChrome; returnTo: string }) {
  return (
    <Page chrome={chrome} title="Your address is confirmed">
      <p role="status">Your email address is confirmed and you are signed in on this device.</p>
      <p>
        The password chosen when the account was made has not been kept, and any other device that was signed in to this account has been
        signed out.
      </p>
      <p>
        <a href="/account#password-title">Set a password on your account page</a> to sign in with one next time. Until then, you can always
        sign in with a link we email you.
      </p>
      {returnTo !== '/account' ? (
        <p>
          <a href={returnTo}>Go back to where you were</a>.
        </p>
      ) : null}
    </Page>
  );
}
