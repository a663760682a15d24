/**
 * The static pages in the admin (editors and owners): /admin/pages lists them, /admin/pages/:slug
 * edits one (Title, Body in Markdown, Save; plain form, 303 back on success, the form again with
 * the problem next to its field on a 400). Thin routes over the pages service.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { adminRoute, EDITORS, seeOther, sendAdminPage, staffOf } from '../admin/index.js';
import type { AlsoInTransaction } from '../articles/index.js';
import { AppError, type FieldProblem } from '../http/app-error.js';
import type { Csrf } from '../http/csrf.js';
import type { PagesService } from './pages-service.js';
import { isStaticPageSlug, MAX_BODY, MAX_TITLE, type StaticPageSlug } from './static-page.js';
import { PageEditPage, PageListPage } from './views/page-admin-views.js';

export interface PageAdminRouteDeps {
  pages: Pick<PagesService, 'list' | 'get' | 'save'>;
  csrf: Pick<Csrf, 'token' | 'guard'>;
  timezone: string;
  /** The audit trail's entry for this request, written in the page's transaction (src/admin's recorder). */
  auditWithin(request: FastifyRequest): Promise<AlsoInTransaction | undefined>;
}

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 80 }) });
const EditQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 10 })) });
// Generous limits here; the service names the real ones next to the field.
const EditBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  title: Type.String({ maxLength: MAX_TITLE * 4 }),
  body: Type.String({ maxLength: MAX_BODY * 2 }),
});

function slugOr404(slug: string): StaticPageSlug {
  if (!isStaticPageSlug(slug)) throw new AppError('NOT_FOUND', 404, 'No such page.');
  return slug;
}

export function registerPageAdminRoutes(scope: FastifyInstance, deps: PageAdminRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { pages } = deps;
  const editors = { config: adminRoute(EDITORS) };

  app.get('/admin/pages', editors, async (request, reply) => {
    const csrf = await deps.csrf.token(request, reply);
    return sendAdminPage(reply, <PageListPage staff={staffOf(request)} csrf={csrf} pages={await pages.list()} timeZone={deps.timezone} />);
  });

  app.get('/admin/pages/:slug', { ...editors, schema: { params: SlugParams, querystring: EditQuery } }, async (request, reply) => {
    const page = await pages.get(slugOr404(request.params.slug));
    const csrf = await deps.csrf.token(request, reply);
    return sendAdminPage(
      reply,
      <PageEditPage
        staff={staffOf(request)}
        csrf={csrf}
        page={page}
        title={page.title}
        body={page.bodyMarkdown}
        problems={[]}
        notice={request.query.saved ? 'Saved. The page on the site shows it now.' : undefined}
        timeZone={deps.timezone}
      />,
    );
  });

  app.post(
    '/admin/pages/:slug',
    { ...editors, preValidation: deps.csrf.guard, attachValidation: true, schema: { params: SlugParams, body: EditBody } },
    async (request, reply) => {
      const slug = slugOr404(request.params.slug);
      const raw: unknown = request.body;
      const field = (name: string) => {
        const v = raw && typeof raw === 'object' ? Reflect.get(raw, name) : undefined;
        return typeof v === 'string' ? v : '';
      };
      let problems: FieldProblem[] = [];
      if (request.validationError)
        problems = [{ field: 'form', message: 'This form was not complete or too long. Check it and try again.' }];
      else {
        try {
          await pages.save(
            slug,
            { title: request.body.title, body: request.body.body },
            staffOf(request).id,
            await deps.auditWithin(request),
          );
          return seeOther(reply, `/admin/pages/${slug}?saved=1`);
        } catch (err) {
          if (!(err instanceof AppError) || err.statusCode !== 400) throw err;
          problems = err.fields;
        }
      }
      const csrf = await deps.csrf.token(request, reply);
      return sendAdminPage(
        reply,
        <PageEditPage
          staff={staffOf(request)}
          csrf={csrf}
          page={await pages.get(slug)}
          title={field('title').slice(0, MAX_TITLE * 4)}
          body={field('body').slice(0, MAX_BODY * 2)}
          problems={problems}
          timeZone={deps.timezone}
        />,
        400,
      );
    },
  );
}
