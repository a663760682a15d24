/**
 * Changing the email address and closing the account (account-changes.ts): the forms on
 * /account, and the pages the emailed links open. As everywhere, a link's GET shows one button
 * and only its POST acts (CSRF-checked: see auth-routes.tsx on login CSRF). A close that a close
 * listener refuses shows the listener's reason and where to deal with it; nothing is erased.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { AppError } from '../http/app-error.js';
import { Checkbox } from '../views/form-parts.js';
import type { AccountLinkPurpose } from './account-changes.js';
import {
  ChangeEmailBody,
  CloseBody,
  CloseLinkBody,
  CsrfOnlyBody,
  formProblems,
  stringField,
  TokenBody,
  TokenQuery,
} from './account-forms.js';
import type { AccountRouteDeps } from './account-route-deps.js';
import { accountPageReplies, SIGN_IN_FIRST } from './account-routes.js';
import { CloseRefusedError } from './account-service.js';
import { TOKEN_RE } from './auth-routes.js';
import { chromeFor, retryAfter, seeOther, sendHtml } from './page-reply.js';
import { MessagePage } from './views/auth-pages.js';
import { BadLinkPage, CheckEmailPage, LinkButtonPage, RecentlySentPage } from './views/link-pages.js';

export function registerAccountChangeRoutes(scope: FastifyInstance, deps: AccountRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { accounts } = deps;
  const { failed } = accountPageReplies(deps);
  const csrf = (request: FastifyRequest, reply: FastifyReply) => accounts.csrf.token(request, reply);

  const badLink = async (request: FastifyRequest, reply: FastifyReply) =>
    sendHtml(reply, <BadLinkPage chrome={await chromeFor(deps, request)} csrf="" kind="account" returnTo="/account" />, 400);

  const limited = async (request: FastifyRequest, reply: FastifyReply, email: string, retryAt: Date) => {
    retryAfter(reply, retryAt, deps.clock());
    const chrome = await chromeFor(deps, request);
    return sendHtml(
      reply,
      <RecentlySentPage chrome={chrome} email={email} retryAt={retryAt} timeZone={deps.config.timezone} returnTo="/account" />,
      429,
    );
  };

  const closed = async (reply: FastifyReply) => {
    const chrome = { ...(await deps.chrome()), signedIn: false };
    return sendHtml(
      reply,
      <MessagePage chrome={chrome} title="Your account is closed">
        <p>We have erased your personal details and signed you out everywhere. Thank you for reading.</p>
      </MessagePage>,
    );
  };

  /** A close listener said no: its reason, and where to deal with it. Nothing was erased. */
  const refused = async (request: FastifyRequest, reply: FastifyReply, err: AppError) => {
    const link = err instanceof CloseRefusedError ? err.link : { href: '/account#subscription', label: 'Go to your subscription' };
    return sendHtml(
      reply,
      <MessagePage chrome={await chromeFor(deps, request)} title="Your account is not closed yet">
        <p class="error-message">{err.message}</p>
        <p>
          <a href={link.href}>{link.label}</a>. Nothing has been erased; you can close your account once this is done.
        </p>
      </MessagePage>,
      err.statusCode,
    );
  };

  /** Runs a close; a listener's AppError becomes the refusal page. */
  async function closing(request: FastifyRequest, reply: FastifyReply, close: () => Promise<FastifyReply>) {
    try {
      return await close();
    } catch (err) {
      if (err instanceof AppError) {
        request.log.info({ event: 'account-close-refused', code: err.code }, 'a close listener refused');
        return refused(request, reply, err);
      }
      throw err;
    }
  }

  /** The GET of an emailed link about the account: its button page, or "no longer works". */
  async function linkPage(
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    purpose: AccountLinkPurpose,
    page: (details: { email: string; targetEmail: string | null }) => { title: string; action: string; button: string; text: string },
    extra: ComponentChildren = null,
  ) {
    reply.header('referrer-policy', 'no-referrer');
    const details = TOKEN_RE.test(token) ? await accounts.linkDetails(token, purpose) : undefined;
    if (!details) return badLink(request, reply);
    const p = page(details);
    const chrome = await chromeFor(deps, request);
    return sendHtml(
      reply,
      <LinkButtonPage
        chrome={chrome}
        csrf={await csrf(request, reply)}
        title={p.title}
        action={p.action}
        token={token}
        returnTo="/account"
        button={p.button}
      >
        <p>{p.text}</p>
        {extra}
      </LinkButtonPage>,
    );
  }

  // --- Change of address ------------------------------------------------------------------------
  app.post('/account/email', { schema: { body: ChangeEmailBody }, attachValidation: true }, async (request, reply) => {
    const reader = await accounts.readerFromRequest(request);
    if (!reader) return seeOther(reply, SIGN_IN_FIRST);
    if (request.validationError) return failed(request, reply, reader, 'email');
    const b = request.body;
    const result = await accounts.requestEmailChange(reader, b.email, b.currentPassword ?? '');
    if (result.kind === 'problems') return failed(request, reply, reader, 'email', result.problems);
    if (result.kind === 'limited') return limited(request, reply, result.email, result.retryAt);
    return seeOther(reply, result.to === 'new' ? '/account?done=email-sent' : '/account?done=email-ask-sent');
  });

  app.get('/account/email/approve', { schema: { querystring: TokenQuery } }, (request, reply) =>
    linkPage(request, reply, request.query.token ?? '', 'change-email-ask', (d) => ({
      title: 'Change your email address',
      action: '/account/email/approve',
      button: 'Yes, change my address',
      text: `Press the button to move your account to ${d.targetEmail ?? 'the new address'}. We then send a last confirmation there.`,
    })),
  );

  app.post('/account/email/approve', { schema: { body: TokenBody }, attachValidation: true }, async (request, reply) => {
    if (request.validationError) return badLink(request, reply);
    const result = await accounts.approveEmailChange(request.body.token);
    if (result.kind === 'invalid') return badLink(request, reply);
    if (result.kind === 'limited') return limited(request, reply, result.email, result.retryAt);
    return sendHtml(reply, <CheckEmailPage chrome={await chromeFor(deps, request)} email={result.email} returnTo="/account" />);
  });

  app.get('/account/email/confirm', { schema: { querystring: TokenQuery } }, (request, reply) =>
    linkPage(request, reply, request.query.token ?? '', 'change-email', (d) => ({
      title: 'Confirm your new email address',
      action: '/account/email/confirm',
      button: 'Use this address',
      text: `Press the button to use ${d.email} for your account from now on.`,
    })),
  );

  app.post('/account/email/confirm', { schema: { body: TokenBody }, attachValidation: true }, async (request, reply) => {
    if (request.validationError) return badLink(request, reply);
    const outcome = await accounts.confirmEmailChange(request.body.token);
    const chrome = await chromeFor(deps, request);
    if (outcome === 'invalid') return badLink(request, reply);
    if (outcome === 'taken') {
      return sendHtml(
        reply,
        <MessagePage chrome={chrome} title="That address is already in use">
          <p>Another account uses this address, so we could not move your account to it. Your address has not changed.</p>
        </MessagePage>,
        409,
      );
    }
    return sendHtml(
      reply,
      <MessagePage chrome={chrome} title="Your email address is changed">
        <p>
          We will write to your new address from now on. <a href="/account">Go to your account</a>.
        </p>
      </MessagePage>,
    );
  });

  // --- Closing ----------------------------------------------------------------------------------
  app.post('/account/close', { schema: { body: CloseBody }, attachValidation: true }, async (request, reply) => {
    const reader = await accounts.readerFromRequest(request);
    if (!reader) return seeOther(reply, SIGN_IN_FIRST);
    if (request.validationError) return failed(request, reply, reader, 'close');
    return closing(request, reply, async () => {
      const problems = await accounts.closeWithPassword(reader, request.body.password ?? '');
      if (problems.length > 0) return failed(request, reply, reader, 'close', problems);
      accounts.sessions.clearCookie(reply);
      return closed(reply);
    });
  });

  app.post('/account/close/request', { schema: { body: CsrfOnlyBody } }, async (request, reply) => {
    const reader = await accounts.readerFromRequest(request);
    if (!reader) return seeOther(reply, SIGN_IN_FIRST);
    const mail = await accounts.requestCloseLink(reader);
    if (mail.kind === 'limited') return limited(request, reply, reader.email, mail.retryAt);
    return seeOther(reply, '/account?done=close-sent');
  });

  app.get('/account/close/confirm', { schema: { querystring: TokenQuery } }, (request, reply) =>
    linkPage(
      request,
      reply,
      request.query.token ?? '',
      'close',
      () => ({
        title: 'Close your account',
        action: '/account/close/confirm',
        button: 'Close my account',
        text: 'We erase your name, address, email address and preferences, and sign you out everywhere. Billing records are kept for as long as the law requires.',
      }),
      <Checkbox name="confirm" label="I understand that this cannot be undone" checked={false} />,
    ),
  );

  app.post('/account/close/confirm', { schema: { body: CloseLinkBody }, attachValidation: true }, async (request, reply) => {
    const token = stringField(request.body, 'token', 100);
    if (!TOKEN_RE.test(token)) return badLink(request, reply);
    if (request.validationError) {
      const problem = formProblems(request)[0]?.message ?? 'Tick the box to confirm.';
      return sendHtml(
        reply,
        <LinkButtonPage
          chrome={await chromeFor(deps, request)}
          csrf={await csrf(request, reply)}
          title="Close your account"
          action="/account/close/confirm"
          token={token}
          returnTo="/account"
          button="Close my account"
        >
          <p class="error-message">{problem}</p>
          <Checkbox name="confirm" label="I understand that this cannot be undone" checked={false} />
        </LinkButtonPage>,
        400,
      );
    }
    const session = await accounts.sessions.current(request);
    return closing(request, reply, async () => {
      const outcome = await accounts.closeWithLink(token);
      if (outcome.kind === 'invalid') return badLink(request, reply);
      if (session?.principal.kind === 'reader' && session.principal.id === outcome.readerId) accounts.sessions.clearCookie(reply);
      return closed(reply);
    });
  });
}
