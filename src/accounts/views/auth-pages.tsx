/** The sign-up, sign-in, link and reset pages. Pure: typed props in, markup out. */
import type { ComponentChildren } from 'preact';
import type { FieldProblem } from '../../http/app-error.js';
import { Layout, type PageChrome } from '../../views/layout.js';
import { MIN_PASSWORD_LENGTH } from '../credentials.js';
import { EmailField, ErrorSummary, Field, PostForm, Submit } from './form-parts.js';

interface FormPage {
  chrome: PageChrome;
  csrf: string;
  problems: readonly FieldProblem[];
}

function Page({ chrome, title, children }: { chrome: PageChrome; title: string; children: ComponentChildren }) {
  return (
    <Layout chrome={chrome} title={`${title} | ${chrome.site.name}`} noindex>
      <div class="account">
        <h1 class="page-title">{title}</h1>
        {children}
      </div>
    </Layout>
  );
}

export function SignUpPage({ chrome, csrf, problems, email }: FormPage & { email: string }) {
  return (
    <Page chrome={chrome} title="Create your account">
      <ErrorSummary problems={problems} />
      <p>Registered readers get more free articles each month. We will send a message to confirm your address.</p>
      <PostForm action="/signup" csrf={csrf} label="Create your account">
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
        Already have an account? <a href="/signin">Sign in</a>.
      </p>
    </Page>
  );
}

export function SignInPage({ chrome, csrf, problems, email, returnTo }: FormPage & { email: string; returnTo: string }) {
  return (
    <Page chrome={chrome} title="Sign in">
      <ErrorSummary problems={problems} />
      <PostForm action="/signin" csrf={csrf} label="Sign in with your password">
        <input type="hidden" name="return" value={returnTo} />
        <Field
          name="email"
          label="Email address"
          type="email"
          value={email}
          autocomplete="username"
          required
          maxLength={254}
          problems={problems}
        />
        <Field name="password" label="Password" type="password" autocomplete="current-password" required problems={problems} />
        <Submit>Sign in</Submit>
      </PostForm>
      <p>
        <a href="/reset">Forgotten your password?</a>
      </p>
      <h2>Or sign in without a password</h2>
      <PostForm action="/signin/link" csrf={csrf} label="Email me a sign-in link">
        <input type="hidden" name="return" value={returnTo} />
        <p class="field">
          <label for="link-email">Email address</label>
          <input id="link-email" name="email" type="email" autocomplete="email" required maxLength={254} value={email} />
        </p>
        <Submit>Email me a link</Submit>
      </PostForm>
      <p>
        New here? <a href="/signup">Create an account</a>.
      </p>
    </Page>
  );
}

export function ResetRequestPage({ chrome, csrf, problems, email }: FormPage & { email: string }) {
  return (
    <Page chrome={chrome} title="Reset your password">
      <ErrorSummary problems={problems} />
      <p>Enter your address and we will email you a link to choose a new password.</p>
      <PostForm action="/reset" csrf={csrf} label="Reset your password">
        <EmailField value={email} problems={problems} />
        <Submit>Send the link</Submit>
      </PostForm>
    </Page>
  );
}

export function ResetConfirmPage({ chrome, csrf, problems, token }: FormPage & { token: string }) {
  return (
    <Page chrome={chrome} title="Choose a new password">
      <ErrorSummary problems={problems} />
      <PostForm action="/reset/confirm" csrf={csrf} label="Choose a new password">
        <input type="hidden" name="token" value={token} />
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

/**
 * Following an emailed sign-in link asks for one click: mail scanners that open links would
 * otherwise use up the single-use link before the reader does.
 */
export function LinkConfirmPage({ chrome, csrf, token, returnTo }: { chrome: PageChrome; csrf: string; token: string; returnTo: string }) {
  return (
    <Page chrome={chrome} title="Sign in">
      <PostForm action="/signin/link/confirm" csrf={csrf} label="Finish signing in">
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="return" value={returnTo} />
        <p>Press the button to finish signing in on this device.</p>
        <Submit>Sign in</Submit>
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

export function CheckEmailPage({ chrome, email }: { chrome: PageChrome; email: string }) {
  return (
    <Page chrome={chrome} title="Check your email">
      <p>
        We have sent a message to <strong>{email}</strong>. Follow the link in it to continue.
      </p>
      <p>It can take a minute or two to arrive. If it doesn’t, look in your spam folder, or try again.</p>
    </Page>
  );
}

export function BadLinkPage({ chrome }: { chrome: PageChrome }) {
  return (
    <Page chrome={chrome} title="This link no longer works">
      <p>Links we email work only once, and only for a while. This one has been used, has expired, or was not copied whole.</p>
      <p>
        <a href="/signin">Sign in</a>, ask for a new link there, or <a href="/reset">reset your password</a>.
      </p>
    </Page>
  );
}
