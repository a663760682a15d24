/**
 * Admin API for the daily email (editors and owners): list, read, assemble an edition for a date,
 * change its subject, intro and stories (reorder, add, drop), schedule or hold it, preview it
 * (HTML or plain text), send a test to staff addresses, and read its report after sending. Mounted by the Admin API's scope
 * (src/api), which checks the key and the role the route's `action` names. Thin: schema → one
 * service call → presenter.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { adminRoute, BEARER_SECURITY } from '../api-keys/index.js';
import { errors } from '../http/error-schema.js';
import { presentEdition } from './edition-presenter.js';
import type { EditionReports } from './edition-report.js';
import {
  AddStoryBody,
  AssembleBody,
  DateParams,
  DateStoryParams,
  EditionJsonSchema,
  EditionListJson,
  EditionListQuery,
  EditionReportJson,
  EditionUpdateBody,
  PreviewQuery,
  ScheduleBody,
  TestSendBody,
  TestSendJson,
} from './newsletter-schemas.js';
import type { EditionView, NewsletterService } from './newsletter-service.js';

export interface NewsletterAdminRouteDeps {
  newsletter: Pick<
    NewsletterService,
    'list' | 'get' | 'assemble' | 'update' | 'addStory' | 'dropStory' | 'schedule' | 'hold' | 'preview' | 'sendTest'
  >;
  /** Each edition's report (after sending). */
  editionReports: Pick<EditionReports, 'report'>;
  config: { publicUrl: string; timezone: string };
  /** Who acts, as revisions record it (`staff:<id>` or `api-key:<id>`): src/api's `savedByOf`. */
  actorOf(request: FastifyRequest): string;
}

export async function newsletterAdminRoutes(scope: FastifyInstance, s: NewsletterAdminRouteDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['admin'], security: BEARER_SECURITY };
  const base = '/api/v1/admin/editions';
  const json = (v: EditionView) => presentEdition(v.edition, v.stories, s.config.publicUrl, s.config.timezone);
  const one = { 200: EditionJsonSchema, ...errors(400, 401, 403, 404, 409) };

  app.get(
    base,
    {
      config: adminRoute('newsletter.read'),
      schema: {
        ...common,
        summary: 'List daily-email editions, newest date first',
        querystring: EditionListQuery,
        response: { 200: EditionListJson, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      return { editions: (await s.newsletter.list({ status: q.status, before: q.before, limit: q.limit ?? 30 })).map(json) };
    },
  );

  app.post(
    base,
    {
      config: adminRoute('newsletter.write'),
      schema: {
        ...common,
        summary: 'Assemble the edition of a date from the home front (201), or answer the one it has (200)',
        body: AssembleBody,
        response: { 200: EditionJsonSchema, 201: EditionJsonSchema, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const made = await s.newsletter.assemble(request.body.date, s.actorOf(request));
      return reply.code(made.created ? 201 : 200).send(json(made));
    },
  );

  app.get(
    `${base}/:date`,
    {
      config: adminRoute('newsletter.read'),
      schema: { ...common, summary: 'One edition and its stories', params: DateParams, response: one },
    },
    async (request) => json(await s.newsletter.get(request.params.date)),
  );

  app.patch(
    `${base}/:date`,
    {
      config: adminRoute('newsletter.write'),
      schema: {
        ...common,
        summary: 'Change the subject, the intro line and the stories (the whole list in its new order)',
        params: DateParams,
        body: EditionUpdateBody,
        response: one,
      },
    },
    async (request) => {
      const { version, ...changes } = request.body;
      return json(await s.newsletter.update(request.params.date, changes, s.actorOf(request), version));
    },
  );

  app.post(
    `${base}/:date/stories`,
    {
      config: adminRoute('newsletter.write'),
      schema: { ...common, summary: 'Add a published story', params: DateParams, body: AddStoryBody, response: one },
    },
    async (request) =>
      json(await s.newsletter.addStory(request.params.date, request.body.article_id, request.body.position, s.actorOf(request))),
  );

  app.delete(
    `${base}/:date/stories/:articleId`,
    {
      config: adminRoute('newsletter.write'),
      schema: { ...common, summary: 'Drop a story', params: DateStoryParams, response: one },
    },
    async (request) => json(await s.newsletter.dropStory(request.params.date, request.params.articleId, s.actorOf(request))),
  );

  app.post(
    `${base}/:date/schedule`,
    {
      config: adminRoute('newsletter.write'),
      schema: {
        ...common,
        summary: 'Schedule the edition to go out',
        description: 'Needs the minimum number of published stories (409 otherwise). Scheduling a held edition releases it.',
        params: DateParams,
        body: ScheduleBody,
        response: one,
      },
    },
    async (request) => {
      const at = request.body.send_at === undefined ? undefined : new Date(request.body.send_at);
      return json(await s.newsletter.schedule(request.params.date, at, s.actorOf(request)));
    },
  );

  app.post(
    `${base}/:date/hold`,
    {
      config: adminRoute('newsletter.write'),
      schema: {
        ...common,
        summary: 'Hold the edition back: nothing sends it until it is scheduled again',
        params: DateParams,
        response: one,
      },
    },
    async (request) => json(await s.newsletter.hold(request.params.date, s.actorOf(request))),
  );

  app.get(
    `${base}/:date/preview`,
    {
      config: adminRoute('newsletter.read'),
      schema: {
        ...common,
        summary: 'The email as readers get it: HTML (default) or its plain-text part',
        description: 'The personal links (unsubscribe, preferences) point to /account in a preview.',
        params: DateParams,
        querystring: PreviewQuery,
        response: { 200: Type.String({ description: 'text/html, or text/plain with format=text' }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const email = await s.newsletter.preview(request.params.date);
      const text = request.query.format === 'text';
      // The preview is the email itself: no script runs in it, and nothing it links loads here.
      reply.header('content-security-policy', "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'");
      reply.header('cache-control', 'no-store');
      return reply.type(text ? 'text/plain; charset=utf-8' : 'text/html; charset=utf-8').send(text ? email.text : email.html);
    },
  );

  app.post(
    `${base}/:date/test`,
    {
      config: adminRoute('newsletter.write'),
      schema: {
        ...common,
        summary: 'Send the edition, marked as a test, to staff addresses',
        description: 'Only addresses of active staff members (400 naming any other); at most 10 test sends of an edition an hour (429).',
        params: DateParams,
        body: TestSendBody,
        response: { 200: TestSendJson, ...errors(400, 401, 403, 404, 429) },
      },
    },
    async (request) => s.newsletter.sendTest(request.params.date, request.body.to, s.actorOf(request)),
  );

  app.get(
    `${base}/:date/report`,
    {
      config: adminRoute('newsletter.read'),
      schema: {
        ...common,
        summary: "The edition's report: recipients, accepted, failed, bounced, complaints, unsubscribes (and clicks when counted)",
        description:
          'Bounces and complaints come back after sending (the bounce webhook, `masthead newsletter bounces`); clicks is null while the paper does not count clicks (MASTHEAD_NEWSLETTER_CLICKS=on counts them through first-party redirect links), and its links are empty for an edition sent before counting was on. Nothing counts opens.',
        params: DateParams,
        response: { 200: EditionReportJson, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => s.editionReports.report(request.params.date),
  );
}
