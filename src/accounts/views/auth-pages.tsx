/** The sign-up, sign-in, link and reset pages. Pure: typed props in, markup out. */
import type { ComponentChildren } from 'preact';
import type { FieldProblem } from '../../http/app-error.js';
import { ErrorSummary, Field, PasswordSignInFields, PostForm, Submit } from '../../views/form-parts.js';
import { Layout, type PageChrome } from '../../views/layout.js';
import { MIN_PASSWORD_LENGTH } from '../credentials.js';
import { withReturn } from '../reader.js';
import { EmailField, ReturnField } from './form-parts.js';

interface FormPage {
  chrome: PageChrome;
  csrf: string;
  problems: readonly FieldProblem[];
}

export function Page({ chrome, title, children }: { chrome: PageChrome; title: string; children: ComponentChildren }) {
  return (
    <Layout chrome={chrome} title={`${title} | ${chrome.site.name}`} noindex>
      <div class="account">
        <h1 class="page-title">{title}</h1>
        {children}
      </div>
    </Layout>
  );
}

export function SignUpPage({ chrome, csrf, problems, email, returnTo }: FormPage & { email: string; returnTo: string }) {
  return (
    <Page chrome={chrome} title="Create your account">
      <ErrorSummary problems={problems} />
      <p>
        Registered readers get more free articles each month. With a password you are signed in at once; we also send a message to confirm
        your address.
      </p>
      <PostForm action="/signup" csrf={csrf} label="Create your account">
        <ReturnField returnTo={returnTo} />
        <EmailField value={email} problems={problems} />
        <Field
          name="password"
          label="Password (optional)"
          type="password"
          autocomplete="new-password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters. Leave it empty to sign in with links we email you instead.`}
          problems={problems}
        />
        <Submit>Create account</Submit>
      </PostForm>
      <p>
        Already have an account? <a href={withReturn('/signin', returnTo)}>Sign in instead</a>.
      </p>
    </Page>
  );
}

export function SignInPage({ chrome, csrf, problems, email, returnTo }: FormPage & { email: string; returnTo: string }) {
  return (
    <Page chrome={chrome} title="Sign in">
      <ErrorSummary problems={problems} />
      <PostForm action="/signin" csrf={csrf} label="Sign in with your password">
        <ReturnField returnTo={returnTo} />
        <PasswordSignInFields email={email} problems={problems} />
      </PostForm>
      <p>
        <a href={withReturn('/reset', returnTo)}>Forgotten your password?</a>
      </p>
      <h2>Or sign in without a password</h2>
      <PostForm action="/signin/link" csrf={csrf} label="Email me a sign-in link">
        <ReturnField returnTo={returnTo} />
        <p class="field">
          <label for="link-email">Email address</label>
          <input id="link-email" name="email" type="email" autocomplete="email" required maxLength={254} value={email} />
        </p>
        <Submit>Email me a link</Submit>
      </PostForm>
      <p>
        New here? <a href={withReturn('/signup', returnTo)}>Create an account</a>.
      </p>
    </Page>
  );
}

export function ResetRequestPage({ chrome, csrf, problems, email, returnTo }: FormPage & { email: string; returnTo: string }) {
  return (
    <Page chrome={chrome} title="Reset your password">
      <ErrorSummary problems={problems} />
      <p>Enter your address and we will email you a link to choose a new password.</p>
      <PostForm action="/reset" csrf={csrf} label="Reset your password">
        <ReturnField returnTo={returnTo} />
        <EmailField value={email} problems={problems} />
        <Submit>Send the link</Submit>
      </PostForm>
    </Page>
  );
}

/** The reset link's page: the form itself is the button; opening the link uses nothing. */
export function ResetConfirmPage({ chrome, csrf, problems, token, returnTo }: FormPage & { token: string; returnTo: string }) {
  return (
    <Page chrome={chrome} title="Choose a new password">
      <ErrorSummary problems={problems} />
      {/* A staff invitation's link returns to the newsroom: say where the button leads. */}
      {returnTo === '/admin' || returnTo.startsWith('/admin/') ? (
        <p>Choose your password for the newsroom. Saving it signs you in and takes you to the newsroom’s stories.</p>
      ) : null}
      <PostForm action="/reset/confirm" csrf={csrf} label="Choose a new password">
        <input type="hidden" name="token" value={token} />
        <ReturnField returnTo={returnTo} />
        <Field
          name="password"
          label="New password"
          type="password"
          autocomplete="new-password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          required
          problems={problems}
        />
        <Submit>Save and sign in</Submit>
      </PostForm>
    </Page>
  );
}

export function MessagePage({ chrome, title, children }: { chrome: PageChrome; title: string; children: ComponentChildren }) {
  return (
    <Page chrome={chrome} title={title}>
      {children}
    </Page>
  );
}
