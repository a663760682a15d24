/**
 * /signup, /signin (password or emailed link), /verify, /reset and /signout. Each form is
 * validated by its schema and comes back with its problems (400); every answer about an address
 * is the same whether or not it has an account (but see auth-service.ts on the password sign-up).
 * `return` (a same-site path, safeReturnPath) rides through every form, email and link page, and
 * every redirect is a relative path: the reader stays on the host they browse.
 *
 * An emailed link never does anything on GET: mail scanners open every link. The GET shows one
 * button that POSTs the token. That POST is still CSRF-checked (the form's `_csrf`, bound to the
 * `mh_csrf` visitor cookie the GET set, src/http/csrf.ts), although the token is itself a secret:
 * an attacker who has a link for an account of their own could otherwise make a victim's browser
 * post it from another site and be signed in to the attacker's account, so that what the victim
 * then reads, saves or pays for lands there ("login CSRF": Barth, Jackson & Mitchell, "Robust
 * Defenses for Cross-Site Request Forgery", CCS 2008, §3). The visitor cookie needs no session.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { appendSetCookie, readCookie } from '../http/cookies.js';
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
  VerifyBody,
} from './account-forms.js';
import type { AccountRouteDeps } from './account-route-deps.js';
import type { ConfirmingBrowser, MailOutcome, VerifyLinkView } from './auth-service.js';
import { TOKEN_PATTERN } from './credentials.js';
import { chromeFor, retryAfter, seeOther, sendHtml } from './page-reply.js';
import { safeReturnPath } from './reader.js';
import { CLAIM_COOKIE } from './sign-up-claim.js';
import { ResetConfirmPage, ResetRequestPage, SignInPage, SignUpPage } from './views/auth-pages.js';
import { type BadLinkKind, BadLinkPage, CheckEmailPage, LinkButtonPage, RecentlySentPage } from './views/link-pages.js';
import { ConfirmedWithoutPasswordPage, VerifyLinkPage } from './views/verify-pages.js';

/** Per client address (request.ip honours MASTHEAD_TRUSTED_PROXIES). */
export const RATE_LIMITS = {
  signIn: { max: 20, timeWindow: '10 minutes' },
  signUp: { max: 10, timeWindow: '1 hour' },
  /** Requests that send an email: a sign-in link or a reset link. */
  emailLink: { max: 5, timeWindow: '15 minutes' },
} as const;

export const TOKEN_RE = new RegExp(TOKEN_PATTERN);
/** Past the per-address limit on password attempts (sign-in-throttle.ts); the same for any address. */
export function signInThrottled(retryAt: Date, timeZone: string): string {
  return `Too many tries with a password for this email address. Try again after ${formatTime(retryAt, timeZone)}, or ask for a sign-in link below.`;
}
const SIGN_IN_FAILED = "That email address and password don't match. Check them and try again, or ask for a sign-in link below.";
const CLAIM_PASSWORD_WRONG =
  'That is not the password chosen for this account. Try again, or leave the box empty to confirm without it (you can choose a new one afterwards).';

export function registerAuthRoutes(scope: FastifyInstance, deps: AccountRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { accounts } = deps;
  const csrf = (request: FastifyRequest, reply: FastifyReply) => accounts.csrf.token(request, reply);
  const returnIn = (source: unknown) => safeReturnPath(stringField(source, 'return', 2000));
  const badLink = async (request: FastifyRequest, reply: FastifyReply, kind: BadLinkKind, returnTo: string) =>
    sendHtml(
      reply,
      <BadLinkPage chrome={await chromeFor(deps, request)} csrf={await csrf(request, reply)} kind={kind} returnTo={returnTo} />,
      400,
    );
  const checkEmail = async (request: FastifyRequest, reply: FastifyReply, email: string, returnTo: string) =>
    sendHtml(reply, <CheckEmailPage chrome={await chromeFor(deps, request)} email={email} returnTo={returnTo} />);
  /** The page after asking for an email: sent, or past the per-recipient limit (429, the same for every address). */
  const mailAnswer = async (request: FastifyRequest, reply: FastifyReply, email: string, returnTo: string, mail: MailOutcome) => {
    if (mail.kind === 'sent') return checkEmail(request, reply, email, returnTo);
    request.log.info({ event: 'email-send-limited' }, 'per-recipient email limit reached');
    retryAfter(reply, mail.retryAt, deps.clock());
    const chrome = await chromeFor(deps, request);
    const page = (
      <RecentlySentPage chrome={chrome} email={email} retryAt={mail.retryAt} timeZone={deps.config.timezone} returnTo={returnTo} />
    );
    return sendHtml(reply, page, 429);
  };
  /** The GET of an emailed link: its button page when the link is good, else a page that offers a fresh one. */
  /** What this browser brings of a sign-up: its claim cookie and its session (sign-up-claim.ts). */
  const confirmingBrowser = async (request: FastifyRequest): Promise<ConfirmingBrowser> => ({
    claimCookie: readCookie(request, CLAIM_COOKIE),
    session: (await accounts.sessions.current(request))?.principal,
  });
  const verifyPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    p: { token: string; returnTo: string; link: VerifyLinkView; problems: { field: string; message: string }[] },
    status = 200,
  ) => {
    const chrome = await chromeFor(deps, request);
    return sendHtml(reply, <VerifyLinkPage chrome={chrome} csrf={await csrf(request, reply)} {...p} />, status);
  };
  const linkPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    query: TokenQuery,
    p: { purpose: 'signin'; title: string; action: string; button: string; text: string },
  ) => {
    const { token = '' } = query;
    const returnTo = safeReturnPath(query.return);
    reply.header('referrer-policy', 'no-referrer');
    if (!TOKEN_RE.test(token) || !(await accounts.auth.isUsable(token, p.purpose))) return badLink(request, reply, p.purpose, returnTo);
    const chrome = await chromeFor(deps, request);
    const page = (
      <LinkButtonPage
        chrome={chrome}
        csrf={await csrf(request, reply)}
        title={p.title}
        action={p.action}
        token={token}
        returnTo={returnTo}
        button={p.button}
      >
        <p>{p.text}</p>
      </LinkButtonPage>
    );
    return sendHtml(reply, page);
  };

  async function signInPage(
    request: FastifyRequest,
    reply: FastifyReply,
    p: { email: string; returnTo: string; problems: { field: string; message: string }[] },
    status = 200,
  ) {
    const chrome = await chromeFor(deps, request);
    return sendHtml(
      reply,
      <SignInPage chrome={chrome} csrf={await csrf(request, reply)} problems={p.problems} email={p.email} returnTo={p.returnTo} />,
      status,
    );
  }

  // --- Sign up ----------------------------------------------------------------------------------
  app.get('/signup', { schema: { querystring: ReturnQuery } }, async (request, reply) => {
    const returnTo = safeReturnPath(request.query.return);
    if (await accounts.sessions.current(request)) return seeOther(reply, returnTo);
    const chrome = await chromeFor(deps, request);
    return sendHtml(reply, <SignUpPage chrome={chrome} csrf={await csrf(request, reply)} problems={[]} email="" returnTo={returnTo} />);
  });

  app.post(
    '/signup',
    { schema: { body: SignUpBody }, attachValidation: true, config: { rateLimit: RATE_LIMITS.signUp } },
    async (request, reply) => {
      const returnTo = returnIn(request.body);
      if (request.validationError) {
        const chrome = await chromeFor(deps, request);
        const page = (
          <SignUpPage
            chrome={chrome}
            csrf={await csrf(request, reply)}
            problems={formProblems(request)}
            email={stringField(request.body, 'email')}
            returnTo={returnTo}
          />
        );
        return sendHtml(reply, page, 400);
      }
      const { body } = request;
      const result = await accounts.auth.signUp({ email: body.email, password: body.password ? body.password : null, returnTo });
      if (result.kind === 'limited') return mailAnswer(request, reply, body.email, returnTo, result);
      if (result.kind === 'check-email') {
        if (result.endSessionsOf) await accounts.sessions.endAll(result.endSessionsOf);
        return checkEmail(request, reply, body.email, returnTo);
      }
      // Signed in at once, and straight back to where the reader was. The claim cookie lets this
      // browser confirm the address later keeping the password, even signed out (sign-up-claim.ts).
      if (result.endSessionsFirst) await accounts.sessions.endAll(result.principal);
      await accounts.sessions.start(request, reply, result.principal);
      appendSetCookie(reply, accounts.auth.claimCookie(result.claim));
      return seeOther(reply, returnTo);
    },
  );

  // --- Sign in ----------------------------------------------------------------------------------
  app.get('/signin', { schema: { querystring: ReturnQuery } }, async (request, reply) => {
    const returnTo = safeReturnPath(request.query.return);
    if (await accounts.sessions.current(request)) return seeOther(reply, returnTo);
    return signInPage(request, reply, { email: '', returnTo, problems: [] });
  });

  app.post(
    '/signin',
    { schema: { body: SignInBody }, attachValidation: true, config: { rateLimit: RATE_LIMITS.signIn } },
    async (request, reply) => {
      const returnTo = returnIn(request.body);
      const email = stringField(request.body, 'email');
      if (request.validationError) return signInPage(request, reply, { email, returnTo, problems: formProblems(request) }, 400);
      const { body } = request;
      const result = await accounts.auth.signIn(body.email, body.password, returnTo);
      if (result.kind === 'failed')
        return signInPage(request, reply, { email, returnTo, problems: [{ field: 'form', message: SIGN_IN_FAILED }] }, 400);
      if (result.kind === 'unverified') {
        appendSetCookie(reply, accounts.auth.claimCookie(result.claim));
        return mailAnswer(request, reply, body.email, returnTo, result.mail);
      }
      if (result.kind === 'throttled') {
        request.log.warn({ event: 'sign-in-throttled', retryAt: result.retryAt }, 'too many password attempts on one address');
        retryAfter(reply, result.retryAt, deps.clock());
        const message = signInThrottled(result.retryAt, deps.config.timezone);
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
      const returnTo = returnIn(request.body);
      if (request.validationError)
        return signInPage(request, reply, { email: stringField(request.body, 'email'), returnTo, problems: formProblems(request) }, 400);
      const { body } = request;
      return mailAnswer(request, reply, body.email, returnTo, await accounts.auth.requestSignInLink(body.email, returnTo));
    },
  );

  app.get('/signin/link', { schema: { querystring: TokenQuery } }, (request, reply) =>
    linkPage(request, reply, request.query, {
      purpose: 'signin',
      title: 'Sign in',
      action: '/signin/link/confirm',
      button: 'Sign me in',
      text: 'Press the button to sign in on this device.',
    }),
  );

  app.post('/signin/link/confirm', { schema: { body: TokenBody }, attachValidation: true }, async (request, reply) => {
    const returnTo = returnIn(request.body);
    if (request.validationError) return badLink(request, reply, 'signin', returnTo);
    const used = await accounts.auth.consumeSignInLink(request.body.token);
    if (!used) return badLink(request, reply, 'signin', returnTo);
    if (used.endOtherSessions) await accounts.sessions.endAll(used.principal);
    await accounts.sessions.start(request, reply, used.principal);
    return seeOther(reply, returnTo);
  });

  // --- Confirming an address --------------------------------------------------------------------
  // The page says what confirming here does with the sign-up's password, and asks for it when this
  // browser did not sign up (auth-service.ts, sign-up-claim.ts). A GET uses nothing.
  app.get('/verify', { schema: { querystring: TokenQuery } }, async (request, reply) => {
    const { token = '' } = request.query;
    const returnTo = safeReturnPath(request.query.return);
    reply.header('referrer-policy', 'no-referrer');
    const link = TOKEN_RE.test(token) ? await accounts.auth.describeVerifyLink(token, await confirmingBrowser(request)) : undefined;
    if (!link) return badLink(request, reply, 'verify', returnTo);
    return verifyPage(request, reply, { token, returnTo, link, problems: [] });
  });

  // The link proves the mailbox, as a sign-in link does: this browser is signed in (unless it already is).
  app.post('/verify', { schema: { body: VerifyBody }, attachValidation: true }, async (request, reply) => {
    const returnTo = returnIn(request.body);
    reply.header('referrer-policy', 'no-referrer');
    if (request.validationError) return badLink(request, reply, 'verify', returnTo);
    const { token, password = '' } = request.body;
    const browser = await confirmingBrowser(request);
    const result = await accounts.auth.verifyEmail(token, browser, password);
    if (!result) return badLink(request, reply, 'verify', returnTo);
    if (result.kind !== 'confirmed') {
      const link = await accounts.auth.describeVerifyLink(token, browser);
      if (!link) return badLink(request, reply, 'verify', returnTo);
      if (result.kind === 'throttled') retryAfter(reply, result.retryAt, deps.clock());
      const message =
        result.kind === 'throttled'
          ? `Too many tries with a password for this email address. Try again after ${formatTime(result.retryAt, deps.config.timezone)}, or leave the box empty to confirm without it.`
          : CLAIM_PASSWORD_WRONG;
      return verifyPage(
        request,
        reply,
        { token, returnTo, link, problems: [{ field: 'password', message }] },
        result.kind === 'throttled' ? 429 : 400,
      );
    }
    const { principal } = result;
    appendSetCookie(reply, accounts.auth.claimCookie(null));
    if (result.password === 'drop') {
      // Whoever signed up elsewhere chose that password: their sessions end with it.
      await accounts.sessions.endAll(principal);
      await accounts.sessions.start(request, reply, principal);
      return sendHtml(reply, <ConfirmedWithoutPasswordPage chrome={await chromeFor(deps, request)} returnTo={returnTo} />);
    }
    if (browser.session?.kind !== principal.kind || browser.session.id !== principal.id) {
      await accounts.sessions.start(request, reply, principal);
    }
    return seeOther(reply, returnTo);
  });

  app.post(
    '/verify/resend',
    { schema: { body: EmailOnlyBody }, attachValidation: true, config: { rateLimit: RATE_LIMITS.emailLink } },
    async (request, reply) => {
      const returnTo = returnIn(request.body);
      if (request.validationError) return badLink(request, reply, 'verify', returnTo);
      const { body } = request;
      return mailAnswer(request, reply, body.email, returnTo, await accounts.auth.requestFreshLink(body.email, returnTo));
    },
  );

  // --- Reset ------------------------------------------------------------------------------------
  app.get('/reset', { schema: { querystring: ReturnQuery } }, async (request, reply) => {
    const returnTo = safeReturnPath(request.query.return);
    const chrome = await chromeFor(deps, request);
    return sendHtml(
      reply,
      <ResetRequestPage chrome={chrome} csrf={await csrf(request, reply)} problems={[]} email="" returnTo={returnTo} />,
    );
  });

  app.post(
    '/reset',
    { schema: { body: EmailOnlyBody }, attachValidation: true, config: { rateLimit: RATE_LIMITS.emailLink } },
    async (request, reply) => {
      const returnTo = returnIn(request.body);
      if (request.validationError) {
        const chrome = await chromeFor(deps, request);
        const page = (
          <ResetRequestPage
            chrome={chrome}
            csrf={await csrf(request, reply)}
            problems={formProblems(request)}
            email={stringField(request.body, 'email')}
            returnTo={returnTo}
          />
        );
        return sendHtml(reply, page, 400);
      }
      const { body } = request;
      return mailAnswer(request, reply, body.email, returnTo, await accounts.auth.requestReset(body.email, returnTo));
    },
  );

  app.get('/reset/confirm', { schema: { querystring: TokenQuery } }, async (request, reply) => {
    const { token = '' } = request.query;
    const returnTo = safeReturnPath(request.query.return);
    reply.header('referrer-policy', 'no-referrer');
    if (!TOKEN_RE.test(token) || !(await accounts.auth.isUsable(token, 'reset'))) return badLink(request, reply, 'reset', returnTo);
    const chrome = await chromeFor(deps, request);
    return sendHtml(
      reply,
      <ResetConfirmPage chrome={chrome} csrf={await csrf(request, reply)} problems={[]} token={token} returnTo={returnTo} />,
    );
  });

  app.post('/reset/confirm', { schema: { body: ResetConfirmBody }, attachValidation: true }, async (request, reply) => {
    const token = stringField(request.body, 'token', 100);
    const returnTo = returnIn(request.body);
    if (!TOKEN_RE.test(token)) return badLink(request, reply, 'reset', returnTo);
    if (request.validationError) {
      const chrome = await chromeFor(deps, request);
      return sendHtml(
        reply,
        <ResetConfirmPage
          chrome={chrome}
          csrf={await csrf(request, reply)}
          problems={formProblems(request)}
          token={token}
          returnTo={returnTo}
        />,
        400,
      );
    }
    const principal = await accounts.auth.resetPassword(token, request.body.password);
    if (!principal) return badLink(request, reply, 'reset', returnTo);
    // A new password ends every session, on every device; this browser starts a fresh one.
    await accounts.sessions.endAll(principal);
    await accounts.sessions.start(request, reply, principal);
    return seeOther(reply, returnTo);
  });

  // --- Sign out ---------------------------------------------------------------------------------
  app.post('/signout', { schema: { body: CsrfOnlyBody } }, async (request, reply) => {
    await accounts.sessions.end(request, reply);
    return seeOther(reply, '/');
  });
}
