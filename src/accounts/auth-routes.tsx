/**
 * /signup, /signin (password or emailed link), /verify, /reset and /signout. Each form is
 * validated by its schema and comes back with its problems (400); every answer about an address
 * is the same whether or not it has an account.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.js';
import { formatTime } from '../views/format.js';
import {
  CsrfOnlyBody,
  EmailOnlyBody,
  formProblems,
  ResetConfirmBody,
  ReturnQuery,
  SignInBody,
  SignUpBody,
  stringField,
  TokenBody,
  TokenQuery,
} from './account-forms.js';
import { TOKEN_PATTERN } from './credentials.js';
import { chromeFor, seeOther, sendHtml } from './page-reply.js';
import { safeReturnPath } from './reader.js';
import {
  BadLinkPage,
  CheckEmailPage,
  LinkConfirmPage,
  MessagePage,
  ResetConfirmPage,
  ResetRequestPage,
  SignInPage,
  SignUpPage,
} from './views/auth-pages.js';

/** Per client address (request.ip honours MASTHEAD_TRUSTED_PROXIES). */
export const RATE_LIMITS = {
  signIn: { max: 20, timeWindow: '10 minutes' },
  signUp: { max: 10, timeWindow: '1 hour' },
  /** Requests that send an email: a sign-in link or a reset link. */
  emailLink: { max: 5, timeWindow: '15 minutes' },
} as const;

const TOKEN_RE = new RegExp(TOKEN_PATTERN);
/** Past the per-address limit on password attempts (sign-in-throttle.ts); the same for any address. */
export function signInThrottled(retryAt: Date, timeZone: string): string {
  return `Too many tries with a password for this email address. Try again after ${formatTime(retryAt, timeZone)}, or ask for a sign-in link below.`;
}
const SIGN_IN_FAILED = "That email address and password don't match. Check them and try again, or ask for a sign-in link below.";

export function registerAuthRoutes(app: FastifyInstance, s: Services): void {
  const { accounts } = s;
  const csrf = (request: FastifyRequest, reply: FastifyReply) => accounts.csrf.token(request, reply);
  const badLink = async (request: FastifyRequest, reply: FastifyReply) =>
    sendHtml(reply, <BadLinkPage chrome={await chromeFor(s, request)} />, 400);
  const checkEmail = async (request: FastifyRequest, reply: FastifyReply, email: string) =>
    sendHtml(reply, <CheckEmailPage chrome={await chromeFor(s, request)} email={email} />);

  async function signInPage(
    request: FastifyRequest,
    reply: FastifyReply,
    p: { email: string; returnTo: string; problems: { field: string; message: string }[] },
    status = 200,
  ) {
    const chrome = await chromeFor(s, request);
    return sendHtml(
      reply,
      <SignInPage chrome={chrome} csrf={await csrf(request, reply)} problems={p.problems} email={p.email} returnTo={p.returnTo} />,
      status,
    );
  }

  // --- Sign up ----------------------------------------------------------------------------------
  app.get('/signup', async (request, reply) => {
    if (await accounts.sessions.current(request)) return seeOther(reply, '/account');
    return sendHtml(reply, <SignUpPage chrome={await chromeFor(s, request)} csrf={await csrf(request, reply)} problems={[]} email="" />);
  });

  app.post(
    '/signup',
    { schema: { body: SignUpBody }, attachValidation: true, config: { rateLimit: RATE_LIMITS.signUp } },
    async (request, reply) => {
      if (request.validationError) {
        const chrome = await chromeFor(s, request);
        const page = (
          <SignUpPage
            chrome={chrome}
            csrf={await csrf(request, reply)}
            problems={formProblems(request)}
            email={stringField(request.body, 'email')}
          />
        );
        return sendHtml(reply, page, 400);
      }
      const body = request.body as SignUpBody;
      await accounts.auth.signUp({ email: body.email, password: body.password ? body.password : null });
      return checkEmail(request, reply, body.email);
    },
  );

  // --- Sign in ----------------------------------------------------------------------------------
  app.get('/signin', { schema: { querystring: ReturnQuery } }, async (request, reply) => {
    const returnTo = safeReturnPath((request.query as { return?: string }).return);
    if (await accounts.sessions.current(request)) return seeOther(reply, returnTo);
    return signInPage(request, reply, { email: '', returnTo, problems: [] });
  });

  app.post(
    '/signin',
    { schema: { body: SignInBody }, attachValidation: true, config: { rateLimit: RATE_LIMITS.signIn } },
    async (request, reply) => {
      const returnTo = safeReturnPath(stringField(request.body, 'return', 2000));
      const email = stringField(request.body, 'email');
      if (request.validationError) return signInPage(request, reply, { email, returnTo, problems: formProblems(request) }, 400);
      const body = request.body as SignInBody;
      const result = await accounts.auth.signIn(body.email, body.password);
      if (result.kind === 'failed')
        return signInPage(request, reply, { email, returnTo, problems: [{ field: 'form', message: SIGN_IN_FAILED }] }, 400);
      if (result.kind === 'unverified') return checkEmail(request, reply, body.email);
      if (result.kind === 'throttled') {
        request.log.warn({ event: 'sign-in-throttled', retryAt: result.retryAt }, 'too many password attempts on one address');
        reply.header('retry-after', String(Math.max(1, Math.ceil((result.retryAt.getTime() - s.clock().getTime()) / 1000))));
        const message = signInThrottled(result.retryAt, s.config.timezone);
        return signInPage(request, reply, { email, returnTo, problems: [{ field: 'form', message }] }, 429);
      }
      await accounts.sessions.start(request, reply, result.principal);
      return seeOther(reply, returnTo);
    },
  );

  app.post(
    '/signin/link',
    { schema: { body: EmailOnlyBody }, attachValidation: true, config: { rateLimit: RATE_LIMITS.emailLink } },
    async (request, reply) => {
      const returnTo = safeReturnPath(stringField(request.body, 'return', 2000));
      if (request.validationError)
        return signInPage(request, reply, { email: stringField(request.body, 'email'), returnTo, problems: formProblems(request) }, 400);
      const body = request.body as EmailOnlyBody;
      await accounts.auth.requestSignInLink(body.email, returnTo);
      return checkEmail(request, reply, body.email);
    },
  );

  // Following the emailed link shows a button; pressing it uses the link (see LinkConfirmPage).
  app.get('/signin/link', { schema: { querystring: TokenQuery } }, async (request, reply) => {
    const { token = '', return: ret } = request.query as { token?: string; return?: string };
    reply.header('referrer-policy', 'no-referrer');
    if (!TOKEN_RE.test(token) || !(await accounts.auth.isUsable(token, 'signin'))) return badLink(request, reply);
    const chrome = await chromeFor(s, request);
    return sendHtml(
      reply,
      <LinkConfirmPage chrome={chrome} csrf={await csrf(request, reply)} token={token} returnTo={safeReturnPath(ret)} />,
    );
  });

  app.post('/signin/link/confirm', { schema: { body: TokenBody }, attachValidation: true }, async (request, reply) => {
    if (request.validationError) return badLink(request, reply);
    const body = request.body as { token: string; return?: string };
    const principal = await accounts.auth.consumeSignInLink(body.token);
    if (!principal) return badLink(request, reply);
    await accounts.sessions.start(request, reply, principal);
    return seeOther(reply, safeReturnPath(body.return));
  });

  // --- Confirming an address --------------------------------------------------------------------
  app.get('/verify', { schema: { querystring: TokenQuery } }, async (request, reply) => {
    const { token = '' } = request.query as { token?: string };
    reply.header('referrer-policy', 'no-referrer');
    if (!TOKEN_RE.test(token) || !(await accounts.auth.verifyEmail(token))) return badLink(request, reply);
    const chrome = await chromeFor(s, request);
    return sendHtml(
      reply,
      <MessagePage chrome={chrome} title="Your email address is confirmed">
        <p>Thank you. {chrome.signedIn ? <a href="/account">Go to your account</a> : <a href="/signin">Sign in</a>} to start reading.</p>
      </MessagePage>,
    );
  });

  // --- Reset ------------------------------------------------------------------------------------
  app.get('/reset', async (request, reply) => {
    return sendHtml(
      reply,
      <ResetRequestPage chrome={await chromeFor(s, request)} csrf={await csrf(request, reply)} problems={[]} email="" />,
    );
  });

  app.post(
    '/reset',
    { schema: { body: EmailOnlyBody }, attachValidation: true, config: { rateLimit: RATE_LIMITS.emailLink } },
    async (request, reply) => {
      if (request.validationError) {
        const chrome = await chromeFor(s, request);
        const page = (
          <ResetRequestPage
            chrome={chrome}
            csrf={await csrf(request, reply)}
            problems={formProblems(request)}
            email={stringField(request.body, 'email')}
          />
        );
        return sendHtml(reply, page, 400);
      }
      const body = request.body as EmailOnlyBody;
      await accounts.auth.requestReset(body.email);
      return checkEmail(request, reply, body.email);
    },
  );

  app.get('/reset/confirm', { schema: { querystring: TokenQuery } }, async (request, reply) => {
    const { token = '' } = request.query as { token?: string };
    reply.header('referrer-policy', 'no-referrer');
    if (!TOKEN_RE.test(token) || !(await accounts.auth.isUsable(token, 'reset'))) return badLink(request, reply);
    return sendHtml(
      reply,
      <ResetConfirmPage chrome={await chromeFor(s, request)} csrf={await csrf(request, reply)} problems={[]} token={token} />,
    );
  });

  app.post('/reset/confirm', { schema: { body: ResetConfirmBody }, attachValidation: true }, async (request, reply) => {
    const token = stringField(request.body, 'token', 100);
    if (!TOKEN_RE.test(token)) return badLink(request, reply);
    if (request.validationError) {
      const chrome = await chromeFor(s, request);
      return sendHtml(
        reply,
        <ResetConfirmPage chrome={chrome} csrf={await csrf(request, reply)} problems={formProblems(request)} token={token} />,
        400,
      );
    }
    const principal = await accounts.auth.resetPassword(token, (request.body as ResetConfirmBody).password);
    if (!principal) return badLink(request, reply);
    // A new password ends every session, on every device; this browser starts a fresh one.
    await accounts.sessions.endAll(principal);
    await accounts.sessions.start(request, reply, principal);
    return seeOther(reply, '/account');
  });

  // --- Sign out ---------------------------------------------------------------------------------
  app.post('/signout', { schema: { body: CsrfOnlyBody } }, async (request, reply) => {
    await accounts.sessions.end(request, reply);
    return seeOther(reply, '/');
  });
}
