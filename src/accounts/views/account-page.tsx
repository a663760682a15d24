/** The reader's account page, /account, and the staff member's. Pure: typed props in, markup out. */
import type { ComponentChild } from 'preact';
import type { FieldProblem } from '../../http/app-error.js';
import { Checkbox, ErrorSummary, Field, PostForm, problemFor, Submit } from '../../views/form-parts.js';
import { formatDate } from '../../views/format.js';
import { Layout, type PageChrome } from '../../views/layout.js';
import { MIN_PASSWORD_LENGTH } from '../credentials.js';
import type { Reader } from '../reader.js';
import type { StaffMember } from '../staff.js';

export type AccountFormName = 'profile' | 'preferences' | 'email' | 'password' | 'close';

export const NOTICES: Record<string, string> = {
  profile: 'Your name and address are saved.',
  preferences: 'Your email preferences are saved.',
  'email-sent': 'We have sent a link to your new address. Your address changes when you follow it.',
  'email-ask-sent':
    'To check it is you, we have sent a link to your current address. Follow it within 30 minutes; we then send a last confirmation to the new address.',
  'confirmation-sent': 'We have sent the confirmation again. Follow the link in it to confirm your address.',
  'close-sent': 'We have sent a link to your address. Follow it within 30 minutes to close your account.',
  password: 'Your password is changed. Every other device has been signed out.',
};

export interface AccountPageProps {
  chrome: PageChrome;
  reader: Reader;
  csrf: string;
  timeZone: string;
  /** Sections other features add (plan and status, …). */
  panels: ComponentChild[];
  notice?: string | undefined;
  /** The form that failed, with its problems and the values to show again. */
  failed?: { form: AccountFormName; problems: FieldProblem[]; values: Record<string, string> } | undefined;
}

export function AccountPage({ chrome, reader, csrf, timeZone, panels, notice, failed }: AccountPageProps) {
  const problems = (form: AccountFormName) => (failed?.form === form ? failed.problems : []);
  const value = (form: AccountFormName, name: string, saved: string) => (failed?.form === form ? (failed.values[name] ?? '') : saved);
  const a = reader.address;
  return (
    <Layout chrome={chrome} title={`Your account | ${chrome.site.name}`} noindex>
      <div class="account">
        <h1 class="page-title">Your account</h1>
        {notice ? (
          <p class="notice" role="status">
            {notice}
          </p>
        ) : null}
        {failed ? <ErrorSummary problems={failed.problems} /> : null}

        <section aria-labelledby="who">
          <h2 id="who">Signed in as</h2>
          <p>
            <strong>{reader.email}</strong>{' '}
            {reader.emailVerifiedAt
              ? `(confirmed ${formatDate(reader.emailVerifiedAt, timeZone)})`
              : '(not yet confirmed: follow the link we emailed you)'}
          </p>
          {reader.emailVerifiedAt ? null : (
            <PostForm action="/account/confirmation" csrf={csrf} label="Send the confirmation again">
              <Submit>Send the confirmation again</Submit>
            </PostForm>
          )}
          <p>Reader since {formatDate(reader.createdAt, timeZone)}.</p>
        </section>

        {/* Subscriptions: plan, status, renewal or end date, payment problems. Filled by the
            panels other features register (AccountService.registerAccountPanel). */}
        <section id="subscription" aria-labelledby="subscription-title">
          <h2 id="subscription-title">Subscription</h2>
          {panels.length > 0 ? panels : <p>You have no subscription.</p>}
        </section>

        <section aria-labelledby="profile-title">
          <h2 id="profile-title">Name and postal address</h2>
          <p>We need a postal address only to send you the printed magazine.</p>
          <PostForm action="/account/profile" csrf={csrf} label="Name and postal address">
            <Field
              name="name"
              label="Name"
              value={value('profile', 'name', reader.name)}
              autocomplete="name"
              maxLength={200}
              problems={problems('profile')}
            />
            <Field
              name="line1"
              label="Address line 1"
              value={value('profile', 'line1', a?.line1 ?? '')}
              autocomplete="address-line1"
              maxLength={200}
              problems={problems('profile')}
            />
            <Field
              name="line2"
              label="Address line 2 (optional)"
              value={value('profile', 'line2', a?.line2 ?? '')}
              autocomplete="address-line2"
              maxLength={200}
              problems={problems('profile')}
            />
            <Field
              name="city"
              label="Town or city"
              value={value('profile', 'city', a?.city ?? '')}
              autocomplete="address-level2"
              maxLength={100}
              problems={problems('profile')}
            />
            <Field
              name="region"
              label="County, state or region (optional)"
              value={value('profile', 'region', a?.region ?? '')}
              autocomplete="address-level1"
              maxLength={100}
              problems={problems('profile')}
            />
            <Field
              name="postcode"
              label="Postcode"
              value={value('profile', 'postcode', a?.postcode ?? '')}
              autocomplete="postal-code"
              maxLength={20}
              problems={problems('profile')}
            />
            <Field
              name="country"
              label="Country"
              hint="Its name in English, or its two-letter code: United Kingdom or GB."
              value={value('profile', 'country', a?.country ?? '')}
              autocomplete="country-name"
              maxLength={100}
              problems={problems('profile')}
            />
            <Submit>Save name and address</Submit>
          </PostForm>
        </section>

        <section aria-labelledby="preferences-title">
          <h2 id="preferences-title">Email preferences</h2>
          <PostForm action="/account/preferences" csrf={csrf} label="Email preferences">
            <Checkbox
              name="dailyEmail"
              label="The daily email: the day’s top stories each morning"
              checked={reader.emailPreferences.dailyEmail}
            />
            <Checkbox name="offers" label="Offers and news from the paper" checked={reader.emailPreferences.offers} />
            <p>Messages about your account and your subscription are always sent.</p>
            <Submit>Save preferences</Submit>
          </PostForm>
        </section>

        <section aria-labelledby="email-title">
          <h2 id="email-title">Change your email address</h2>
          <PostForm action="/account/email" csrf={csrf} label="Change your email address">
            <Field
              name="email"
              label="New email address"
              type="email"
              value={value('email', 'email', '')}
              autocomplete="email"
              required
              maxLength={254}
              problems={problems('email')}
            />
            {reader.hasPassword ? (
              <Field
                name="currentPassword"
                label="Your current password"
                type="password"
                autocomplete="current-password"
                problems={problems('email')}
              />
            ) : (
              <p>To check it is you, we first email a link to your current address.</p>
            )}
            <Submit>Send a confirmation link</Submit>
          </PostForm>
        </section>

        <section aria-labelledby="password-title">
          <h2 id="password-title">{reader.hasPassword ? 'Change your password' : 'Set a password'}</h2>
          <PostForm action="/account/password" csrf={csrf} label="Password">
            {reader.hasPassword ? (
              <Field
                name="currentPassword"
                label="Current password"
                type="password"
                autocomplete="current-password"
                problems={problems('password')}
              />
            ) : null}
            <Field
              name="newPassword"
              label="New password"
              type="password"
              autocomplete="new-password"
              hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
              required
              problems={problems('password')}
            />
            <Submit>Save password</Submit>
          </PostForm>
        </section>

        <section aria-labelledby="devices-title">
          <h2 id="devices-title">Signing out</h2>
          <PostForm action="/signout" csrf={csrf} label="Sign out">
            <Submit>Sign out</Submit>
          </PostForm>
          <PostForm action="/account/signout-everywhere" csrf={csrf} label="Sign out everywhere">
            <p>Lost a phone, or signed in on a shared computer? This signs you out on every device, this one too.</p>
            <Submit>Sign out everywhere</Submit>
          </PostForm>
        </section>

        <section aria-labelledby="data-title">
          <h2 id="data-title">Your data</h2>
          <p>
            <a href="/account/data" download="account-data.json">
              Download everything we hold about you
            </a>{' '}
            (JSON).
          </p>
        </section>

        <section aria-labelledby="close-title">
          <h2 id="close-title">Close your account</h2>
          <p>
            We erase your name, address, email address and preferences, and sign you out everywhere. Billing records are kept for as long as
            the law requires.
          </p>
          {reader.hasPassword ? (
            <PostForm action="/account/close" csrf={csrf} label="Close your account">
              <Field
                name="password"
                label="Your password"
                type="password"
                autocomplete="current-password"
                required
                problems={problems('close')}
              />
              <Checkbox name="confirm" label="I understand that this cannot be undone" checked={false} />
              {problemFor(problems('close'), 'confirm') ? <p class="error-message">{problemFor(problems('close'), 'confirm')}</p> : null}
              <Submit>Close my account</Submit>
            </PostForm>
          ) : (
            <PostForm action="/account/close/request" csrf={csrf} label="Close your account">
              <p>To check it is you, we email a link to your address; the account closes when you follow it and confirm.</p>
              <Submit>Email me a link to close my account</Submit>
            </PostForm>
          )}
        </section>
      </div>
    </Layout>
  );
}

export function StaffAccountPage({ chrome, staff, csrf }: { chrome: PageChrome; staff: StaffMember; csrf: string }) {
  return (
    <Layout chrome={chrome} title={`Your staff account | ${chrome.site.name}`} noindex>
      <div class="account">
        <h1 class="page-title">Your staff account</h1>
        <p>
          Signed in as <strong>{staff.name}</strong> ({staff.email}), role: {staff.role}.
        </p>
        <PostForm action="/signout" csrf={csrf} label="Sign out">
          <Submit>Sign out</Submit>
        </PostForm>
        <PostForm action="/account/signout-everywhere" csrf={csrf} label="Sign out everywhere">
          <Submit>Sign out everywhere</Submit>
        </PostForm>
      </div>
    </Layout>
  );
}
