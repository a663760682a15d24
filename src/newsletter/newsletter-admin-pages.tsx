/**
 * The daily email in the admin (editors and owners): /admin/newsletter lists the editions and
 * assembles one for a date; /admin/newsletter/:date edits one (plain forms: every button posts
 * an `action`; 303 back with a notice on success, the page again with the problem on a 4xx);
 * /admin/newsletter/:date/preview shows the email itself. Thin routes over the newsletter service.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { adminRoute, adminSavedByOf, EDITORS, seeOther, sendAdminPage, staffOf } from '../admin/index.js';
import { AppError, type FieldProblem } from '../http/app-error.js';
import type { Csrf } from '../http/csrf.js';
import type { Clock } from '../platform.js';
import { editionDateOf, localInstant, parseEditionDate, parseLocalTime } from './edition.js';
import type { EditionReports } from './edition-report.js';
import type { NewsletterService } from './newsletter-service.js';
import { EditionEditPage, EditionListPage } from './views/newsletter-admin-views.js';

export interface NewsletterAdminPageDeps {
  newsletter: Pick<
    NewsletterService,
    | 'list'
    | 'get'
    | 'candidates'
    | 'assemble'
    | 'update'
    | 'addStory'
    | 'dropStory'
    | 'schedule'
    | 'hold'
    | 'preview'
    | 'sendTest'
    | 'settings'
  >;
  csrf: Pick<Csrf, 'token' | 'guard'>;
  clock: Clock;
  timezone: string;
  /** The edition's report, shown once it has recipients. */
  editionReports?: Pick<EditionReports, 'report'>;
}

const DateParams = Type.Object({ date: Type.String({ maxLength: 40 }) });
const NoticeQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
const PreviewQuery = Type.Object({ format: Type.Optional(Type.String({ maxLength: 10 })) });
const Form = Type.Record(Type.String(), Type.Unknown());

const NOTICES: Record<string, string> = {
  saved: 'Saved.',
  moved: 'Moved.',
  dropped: 'Dropped.',
  added: 'Added at the end.',
  scheduled: 'Scheduled.',
  held: 'Held: nothing sends it until it is scheduled again.',
  tested: 'The test is on its way to the addresses given.',
};

const text = (form: unknown, name: string): string => {
  const v = form && typeof form === 'object' ? Reflect.get(form, name) : undefined;
  return typeof v === 'string' ? v : '';
};

export function registerNewsletterAdminPages(scope: FastifyInstance, deps: NewsletterAdminPageDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { newsletter } = deps;
  const editors = { config: adminRoute(EDITORS) };

  async function editionPage(
    request: FastifyRequest,
    reply: FastifyReply,
    date: string,
    o: { problems?: FieldProblem[]; notice?: string | undefined; subject?: string; intro?: string; status?: number },
  ) {
    const view = await newsletter.get(date);
    const csrf = await deps.csrf.token(request, reply);
    return sendAdminPage(
      reply,
      <EditionEditPage
        staff={staffOf(request)}
        csrf={csrf}
        view={view}
        candidates={await newsletter.candidates(date)}
        subject={o.subject ?? view.edition.subject}
        intro={o.intro ?? view.edition.intro}
        problems={o.problems ?? []}
        notice={o.notice}
        now={deps.clock()}
        timeZone={deps.timezone}
        minStories={newsletter.settings.minStories}
        report={deps.editionReports ? await deps.editionReports.report(date) : null}
      />,
      o.status ?? 200,
    );
  }

  app.get('/admin/newsletter', editors, async (request, reply) => {
    const csrf = await deps.csrf.token(request, reply);
    return sendAdminPage(
      reply,
      <EditionListPage
        staff={staffOf(request)}
        csrf={csrf}
        editions={await newsletter.list({ limit: 60 })}
        today={editionDateOf(deps.clock(), deps.timezone)}
        problems={[]}
        timeZone={deps.timezone}
      />,
    );
  });

  app.post('/admin/newsletter', { ...editors, preValidation: deps.csrf.guard, schema: { body: Form } }, async (request, reply) => {
    const date = text(request.body, 'date').trim();
    if (parseEditionDate(date)) {
      await newsletter.assemble(date, adminSavedByOf(request));
      return seeOther(reply, `/admin/newsletter/${date}`);
    }
    const csrf = await deps.csrf.token(request, reply);
    return sendAdminPage(
      reply,
      <EditionListPage
        staff={staffOf(request)}
        csrf={csrf}
        editions={await newsletter.list({ limit: 60 })}
        today={date.slice(0, 40)}
        problems={[{ field: 'date', message: `"${date.slice(0, 40)}" is not a date: write it as YYYY-MM-DD, e.g. 2026-12-07` }]}
        timeZone={deps.timezone}
      />,
      400,
    );
  });

  app.get('/admin/newsletter/:date', { ...editors, schema: { params: DateParams, querystring: NoticeQuery } }, async (request, reply) =>
    editionPage(request, reply, request.params.date, { notice: request.query.done ? NOTICES[request.query.done] : undefined }),
  );

  app.post(
    '/admin/newsletter/:date',
    { ...editors, preValidation: deps.csrf.guard, schema: { params: DateParams, body: Form } },
    async (request, reply) => {
      const { date } = request.params;
      const by = adminSavedByOf(request);
      const [action = '', storyId = ''] = text(request.body, 'action').split(':');
      const subject = text(request.body, 'subject');
      const intro = text(request.body, 'intro');
      try {
        let done = '';
        if (action === 'save') {
          await newsletter.update(date, { subject, intro }, by);
          done = 'saved';
        } else if (action === 'up' || action === 'down') {
          const ids = (await newsletter.get(date)).edition.storyIds;
          const i = ids.indexOf(storyId);
          const j = action === 'up' ? i - 1 : i + 1;
          const a = ids[i];
          const b = ids[j];
          if (a === undefined || b === undefined) throw new AppError('VALIDATION_FAILED', 400, 'That story cannot move that way.');
          ids[i] = b;
          ids[j] = a;
          await newsletter.update(date, { stories: ids }, by);
          done = 'moved';
        } else if (action === 'drop') {
          await newsletter.dropStory(date, storyId, by);
          done = 'dropped';
        } else if (action === 'add') {
          await newsletter.addStory(date, text(request.body, 'story'), undefined, by);
          done = 'added';
        } else if (action === 'schedule') {
          const time = text(request.body, 'time').trim();
          const local = time === '' ? undefined : parseLocalTime(time);
          if (time !== '' && !local)
            throw new AppError('VALIDATION_FAILED', 400, 'Invalid input', [
              { field: 'time', message: 'write the time as HH:MM, e.g. 07:00' },
            ]);
          await newsletter.schedule(date, local ? localInstant(date, local, deps.timezone) : undefined, by);
          done = 'scheduled';
        } else if (action === 'hold') {
          await newsletter.hold(date, by);
          done = 'held';
        } else if (action === 'test') {
          const to = text(request.body, 'to')
            .split(/[,\s]+/)
            .filter(Boolean);
          await newsletter.sendTest(date, to, by);
          done = 'tested';
        } else throw new AppError('VALIDATION_FAILED', 400, 'Invalid input', [{ field: 'form', message: 'press one of the buttons' }]);
        return seeOther(reply, `/admin/newsletter/${date}?done=${done}`);
      } catch (err) {
        if (!(err instanceof AppError) || err.statusCode >= 500 || err.statusCode === 404) throw err;
        // The API's field names (body.stories, body.send_at) are this form's own fields here.
        const problems =
          err.fields.length > 0
            ? err.fields.map((f) => ({
                field: f.field
                  .replace(/^body\.(article_id|stories)$/, 'story')
                  .replace(/^body\.send_at$/, 'time')
                  .replace(/^body\./, ''),
                message: f.message,
              }))
            : [{ field: 'form', message: err.message }];
        return editionPage(request, reply, date, { problems, subject, intro, status: err.statusCode });
      }
    },
  );

  app.get(
    '/admin/newsletter/:date/preview',
    { ...editors, schema: { params: DateParams, querystring: PreviewQuery } },
    async (request, reply) => {
      const email = await newsletter.preview(request.params.date);
      const plain = request.query.format === 'text';
      reply.header('content-security-policy', "default-src 'none'; img-src 'self' https: http: data:; style-src 'unsafe-inline'");
      reply.header('cache-control', 'no-store');
      return reply.type(plain ? 'text/plain; charset=utf-8' : 'text/html; charset=utf-8').send(plain ? email.text : email.html);
    },
  );
}
