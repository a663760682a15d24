/**
 * /account and its forms: name and postal address, email preferences, password, sign out
 * everywhere, download my data. The change of address and closing the account, which need proof
 * it is the owner, are in account-change-routes.tsx. Signed-out visitors are sent to sign in and
 * brought back.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AccountQuery,
  ChangePasswordBody,
  CsrfOnlyBody,
  formProblems,
  PreferencesBody,
  ProfileBody,
  stringField,
} from './account-forms.js';
import type { AccountRouteDeps } from './account-route-deps.js';
import { COUNTRY_UNKNOWN, countryCodeOf } from './country.js';
import { chromeFor, retryAfter, seeOther, sendHtml } from './page-reply.js';
import type { Reader } from './reader.js';
import { AccountPage, type AccountPageProps, NOTICES, StaffAccountPage } from './views/account-page.js';
import { RecentlySentPage } from './views/link-pages.js';

export const SIGN_IN_FIRST = '/signin?return=%2Faccount';
const FIELDS: Record<NonNullable<AccountPageProps['failed']>['form'], string[]> = {
  profile: ['name', 'line1', 'line2', 'city', 'region', 'postcode', 'country'],
  preferences: [],
  email: ['email'],
  password: [],
  close: [],
};

/** The account page, whole or with one form's problems (400): shared by every /account route. */
export function accountPageReplies(deps: AccountRouteDeps) {
  const { accounts } = deps;

  async function accountPage(
    request: FastifyRequest,
    reply: FastifyReply,
    reader: Reader,
    extra: Pick<AccountPageProps, 'notice' | 'failed'>,
    status = 200,
  ) {
    const [chrome, csrf] = await Promise.all([chromeFor(deps, request), accounts.csrf.token(request, reply)]);
    const panels = await accounts.renderAccountPanels(reader, { csrf });
    await accounts.sessions.refreshCookie(request, reply);
    return sendHtml(
      reply,
      <AccountPage chrome={chrome} reader={reader} csrf={csrf} timeZone={deps.config.timezone} panels={panels} {...extra} />,
      status,
    );
  }

  /** Re-renders /account with one form's problems (400). */
  function failed(
    request: FastifyRequest,
    reply: FastifyReply,
    reader: Reader,
    form: keyof typeof FIELDS,
    problems = formProblems(request),
  ) {
    const values = Object.fromEntries(FIELDS[form].map((f) => [f, stringField(request.body, f, 254)]));
    return accountPage(request, reply, reader, { failed: { form, problems, values } }, 400);
  }

  return { accountPage, failed };
}

export function registerAccountPageRoutes(scope: FastifyInstance, deps: AccountRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { accounts } = deps;
  const { accountPage, failed } = accountPageReplies(deps);

  app.get('/account', { schema: { querystring: AccountQuery } }, async (request, reply) => {
    const reader = await accounts.readerFromRequest(request);
    if (!reader) {
      const staff = await accounts.staffFromRequest(request);
      if (!staff) return seeOther(reply, SIGN_IN_FIRST);
      const [chrome, csrf] = await Promise.all([chromeFor(deps, request), accounts.csrf.token(request, reply)]);
      return sendHtml(reply, <StaffAccountPage chrome={chrome} staff={staff} csrf={csrf} />);
    }
    const { done } = request.query;
    return accountPage(request, reply, reader, { notice: done ? NOTICES[done] : undefined });
  });

  app.post('/account/profile', { schema: { body: ProfileBody }, attachValidation: true }, async (request, reply) => {
    const reader = await accounts.readerFromRequest(request);
    if (!reader) return seeOther(reply, SIGN_IN_FIRST);
    if (request.validationError) return failed(request, reply, reader, 'profile');
    const b = request.body;
    const t = (v: string | undefined) => (v ?? '').trim();
    // The printed magazine's mail house needs a country it can write as a code (ISO 3166-1 alpha-2).
    if (t(b.country) !== '' && countryCodeOf(t(b.country)) === null)
      return failed(request, reply, reader, 'profile', [{ field: 'country', message: COUNTRY_UNKNOWN }]);
    await accounts.updateProfile(reader, {
      name: t(b.name),
      address: {
        line1: t(b.line1),
        line2: t(b.line2),
        city: t(b.city),
        region: t(b.region),
        postcode: t(b.postcode),
        country: t(b.country),
      },
    });
    return seeOther(reply, '/account?done=profile');
  });

  app.post('/account/preferences', { schema: { body: PreferencesBody }, attachValidation: true }, async (request, reply) => {
    const reader = await accounts.readerFromRequest(request);
    if (!reader) return seeOther(reply, SIGN_IN_FIRST);
    if (request.validationError) return failed(request, reply, reader, 'preferences');
    const b = request.body;
    await accounts.updatePreferences(reader, { dailyEmail: b.dailyEmail === 'yes', offers: b.offers === 'yes' });
    return seeOther(reply, '/account?done=preferences');
  });

  app.post('/account/confirmation', { schema: { body: CsrfOnlyBody } }, async (request, reply) => {
    const reader = await accounts.readerFromRequest(request);
    if (!reader) return seeOther(reply, SIGN_IN_FIRST);
    const mail = await accounts.auth.resendConfirmation(reader);
    if (mail.kind === 'limited') {
      retryAfter(reply, mail.retryAt, deps.clock());
      const chrome = await chromeFor(deps, request);
      const page = (
        <RecentlySentPage chrome={chrome} email={reader.email} retryAt={mail.retryAt} timeZone={deps.config.timezone} returnTo="/account" />
      );
      return sendHtml(reply, page, 429);
    }
    return seeOther(reply, '/account?done=confirmation-sent');
  });

  app.post('/account/password', { schema: { body: ChangePasswordBody }, attachValidation: true }, async (request, reply) => {
    const reader = await accounts.readerFromRequest(request);
    const session = await accounts.sessions.current(request);
    if (!reader || !session) return seeOther(reply, SIGN_IN_FIRST);
    if (request.validationError) return failed(request, reply, reader, 'password');
    const b = request.body;
    const problems = await accounts.changePassword(reader, b.currentPassword ?? '', b.newPassword, session.id);
    if (problems.length > 0) return failed(request, reply, reader, 'password', problems);
    return seeOther(reply, '/account?done=password');
  });

  app.post('/account/signout-everywhere', { schema: { body: CsrfOnlyBody } }, async (request, reply) => {
    const session = await accounts.sessions.current(request);
    if (session) await accounts.sessions.endAll(session.principal);
    accounts.sessions.clearCookie(reply);
    return seeOther(reply, '/');
  });

  app.get('/account/data', async (request, reply) => {
    const reader = await accounts.readerFromRequest(request);
    const session = await accounts.sessions.current(request);
    if (!reader || !session) return seeOther(reply, SIGN_IN_FIRST);
    const data = await accounts.exportData(reader, session.id);
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', 'attachment; filename="account-data.json"')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  });
}
