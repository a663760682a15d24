/** The staff's sign-in page and the page after asking for a link. Pure: typed props in, markup out. */
import type { FieldProblem } from '../../http/app-error.js';
import { ErrorSummary, Field, PasswordSignInFields, PostForm, Submit } from '../../views/form-parts.js';
import { AdminBarePage } from '../admin-layout.js';

export interface SignInPageProps {
  siteName: string;
  csrf: string;
  problems: readonly FieldProblem[];
  email: string;
  returnTo: string;
  /** Which form the problems belong to. */
  failed?: 'password' | 'link' | undefined;
}

export function StaffSignInPage({ siteName, csrf, problems, email, returnTo, failed }: SignInPageProps) {
  const passwordProblems = failed === 'link' ? [] : problems;
  const linkProblems = failed === 'link' ? problems : [];
  return (
    <AdminBarePage title="Sign in" siteName={siteName}>
      <h1>Sign in to the newsroom</h1>
      <ErrorSummary problems={problems} />
      <PostForm action="/admin/sign-in" csrf={csrf} label="Sign in with your password">
        <input type="hidden" name="return" value={returnTo} />
        <PasswordSignInFields email={email} problems={passwordProblems} />
      </PostForm>
      <p>
        <a href={`/reset?return=${encodeURIComponent(returnTo)}`}>Forgot your password?</a>
      </p>
      <h2>Or sign in with a link</h2>
      <PostForm action="/admin/sign-in/link" csrf={csrf} label="Email me a sign-in link">
        <input type="hidden" name="return" value={returnTo} />
        <Field
          name="email"
          id="link-email"
          label="Email address"
          type="email"
          value={failed === 'link' ? email : ''}
          autocomplete="username"
          required
          maxLength={254}
          hint="We email a link that signs you in on this device. It works once, for 15 minutes."
          problems={linkProblems}
        />
        <Submit kind="secondary">Email me a sign-in link</Submit>
      </PostForm>
    </AdminBarePage>
  );
}

export function CheckEmailPage({ siteName, email }: { siteName: string; email: string }) {
  return (
    <AdminBarePage title="Check your email" siteName={siteName}>
      <h1>Check your email</h1>
      <p>
        If <strong>{email}</strong> belongs to a member of the staff, a sign-in link is on its way to it. The link works once, for 15
        minutes.
      </p>
      <p>
        <a href="/admin/sign-in">Back to sign in</a>
      </p>
    </AdminBarePage>
  );
}
