/**
 * /admin/sign-in (password, or an emailed link) and /admin/sign-out. The readers' account
 * flows do the work: the same sessions, the same CSRF tokens, the same per-address throttle on
 * passwords and per-recipient limit on emails, and the same per-client rate limits (the shell's
 * plugin scope registers them). Only staff get in: a reader's right password starts no session
 * here, and a link is emailed only to a staff member's address. `return` (an /admin path) rides
 * through both forms and the emailed link.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { type AccountService, formProblems, RATE_LIMITS, safeReturnPath, stringField } from '../accounts/index.js';
import type { FieldProblem } from '../http/app-error.js';
import type { Clock } from '../platform.js';
import { formatTime } from '../views/format.js';
import { seeOther, sendAdminPage } from './admin-page.js';
import { isAdminPath } from './admin-roles.js';
import { CheckEmailPage, StaffSignInPage } from './views/sign-in-page.js';

export interface AdminAuthRouteDeps {
  accounts: Pick<AccountService, 'auth' | 'sessions' | 'csrf' | 'staffFromRequest'>;
  siteName(): Promise<string>;
  clock: Clock;
  timezone: string;
}

const Csrf = Type.Optional(Type.String({ maxLength: 200 }));
const Return = Type.Optional(Type.String({ maxLength: 2000 }));
const Email = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' });
const SignInBody = Type.Object({ email: Email, password: Type.String({ minLength: 1, maxLength: 1000 }), return: Return, _csrf: Csrf });
const LinkBody = Type.Object({ email: Email, return: Return, _csrf: Csrf });
const SignInQuery = Type.Object({ return: Return });

const MESSAGES = { email: 'Enter your email address, like name@example.com.', password: 'Enter your password.' };
const SIGN_IN_FAILED = "That email address and password don't match a staff account. Check them and try again, or ask for a sign-in link.";
const READER_ACCOUNT = "That is a reader's account, not a staff account. Staff accounts are made by the paper's owner.";

/** Where to go after signing in: an /admin path of this site, else the admin's start. */
export function adminReturnPath(value: unknown): string {
  const path = safeReturnPath(value, '/admin');
  return isAdminPath(path) && !path.startsWith('/admin/sign-') ? path : '/admin';
}

export function registerAdminAuthRoutes(scope: FastifyInstance, deps: AdminAuthRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { accounts } = deps;

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    p: { email: string; returnTo: string; problems: FieldProblem[]; failed?: 'password' | 'link' },
    status = 200,
  ) {
    const csrf = await accounts.csrf.token(request, reply);
    return sendAdminPage(reply, <StaffSignInPage siteName={await deps.siteName()} csrf={csrf} {...p} />, status);
  }

  app.get('/admin/sign-in', { schema: { querystring: SignInQuery } }, async (request, reply) => {
    const returnTo = adminReturnPath(request.query.return);
    if (await accounts.staffFromRequest(request)) return seeOther(reply, returnTo);
    return page(request, reply, { email: '', returnTo, problems: [] });
  });

  app.post(
    '/admin/sign-in',
    { schema: { body: SignInBody }, attachValidation: true, config: { rateLimit: RATE_LIMITS.signIn } },
    async (request, reply) => {
      const returnTo = adminReturnPath(stringField(request.body, 'return', 2000));
      const email = stringField(request.body, 'email');
      if (request.validationError) return page(request, reply, { email, returnTo, problems: formProblems(request, MESSAGES) }, 400);
      const result = await accounts.auth.signIn(request.body.email, request.body.password, returnTo);
      if (result.kind === 'throttled') {
        request.log.warn({ event: 'sign-in-throttled', retryAt: result.retryAt }, 'too many password attempts on one address');
        reply.header('retry-after', String(Math.max(1, Math.ceil((result.retryAt.getTime() - deps.clock().getTime()) / 1000))));
        const message = `Too many tries with a password for this email address. Try again after ${formatTime(result.retryAt, deps.timezone)}, or ask for a sign-in link.`;
        return page(request, reply, { email, returnTo, problems: [{ field: 'form', message }] }, 429);
      }
      if (result.kind === 'failed')
        return page(request, reply, { email, returnTo, problems: [{ field: 'form', message: SIGN_IN_FAILED }] }, 400);
      if (result.kind === 'unverified' || result.principal.kind !== 'staff') {
        return page(request, reply, { email, returnTo, problems: [{ field: 'form', message: READER_ACCOUNT }] }, 403);
      }
      await accounts.sessions.start(request, reply, result.principal);
      return seeOther(reply, returnTo);
    },
  );

  app.post(
    '/admin/sign-in/link',
    { schema: { body: LinkBody }, attachValidation: true, config: { rateLimit: RATE_LIMITS.emailLink } },
    async (request, reply) => {
      const returnTo = adminReturnPath(stringField(request.body, 'return', 2000));
      const email = stringField(request.body, 'email');
      if (request.validationError) {
        return page(request, reply, { email, returnTo, problems: formProblems(request, MESSAGES), failed: 'link' }, 400);
      }
      const mail = await accounts.auth.requestStaffSignInLink(request.body.email, returnTo);
      if (mail.kind === 'limited') {
        reply.header('retry-after', String(Math.max(1, Math.ceil((mail.retryAt.getTime() - deps.clock().getTime()) / 1000))));
        const message = `We have sent several emails to this address recently. Try again after ${formatTime(mail.retryAt, deps.timezone)}.`;
        return page(request, reply, { email, returnTo, problems: [{ field: 'form', message }], failed: 'link' }, 429);
      }
      return sendAdminPage(reply, <CheckEmailPage siteName={await deps.siteName()} email={request.body.email} />);
    },
  );

  app.post('/admin/sign-out', { schema: { body: Type.Object({ _csrf: Csrf }) } }, async (request, reply) => {
    await accounts.sessions.end(request, reply);
    return seeOther(reply, '/admin/sign-in');
  });
}

export type SignInBody = Static<typeof SignInBody>;
