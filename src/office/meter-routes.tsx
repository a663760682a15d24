/**
 * /admin/meter (business and owner): the meter's policy and the paywall's words. GET shows what
 * is saved; POST /admin/meter/preview answers the same page with the unsaved values and the
 * story as each kind of reader would see it (it changes nothing and is not in the audit trail);
 * POST /admin/meter saves both in one transaction (the meter's settings announce the change,
 * which empties every page cache) and answers 303, or the form again with each problem at its
 * field (400, nothing saved).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { adminRoute, BUSINESS, seeOther, sendAdminPage, setAuditTarget, setNotAChange, staffOf } from '../admin/index.js';
import type { Article } from '../articles/index.js';
import type { FieldProblem } from '../http/app-error.js';
import type { Csrf } from '../http/csrf.js';
import type { MeterSettings } from '../meter/index.js';
import type { Clock } from '../platform.js';
import { PREVIEW_READERS, type PreviewReader, type PreviewSettings } from '../site/index.js';
import type { Plan } from '../subscriptions/index.js';
import { formatPlanPrice } from '../subscriptions/index.js';
import { MAX_FIELD, type MeterForm, meterFormFrom, meterFormOf, parseMeterForm } from './meter-form.js';
import { MeterPage } from './views/meter-page.js';
import type { MeterPreview } from './views/meter-preview.js';

export interface MeterOfficeRouteDeps {
  meterSettings: Pick<MeterSettings, 'policy' | 'copy' | 'saveAll'>;
  /** The reader's article page for one kind of reader under these settings (src/site `previewAs`). */
  previewAs(article: Article, as: PreviewReader, settings: PreviewSettings): Promise<string>;
  /** Published stories the meter counts, newest first. */
  meteredStories(): Promise<{ id: string; headline: string }[]>;
  findStory(id: string): Promise<Article | undefined>;
  activePlans(): Promise<Plan[]>;
  tagline(): Promise<string>;
  csrf: Pick<Csrf, 'token' | 'guard'>;
  clock: Clock;
}

const FormBody = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: MAX_FIELD }), { maxProperties: 60 });
const SavedQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 10 })) });

export function registerMeterOfficeRoutes(scope: FastifyInstance, deps: MeterOfficeRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const business = { config: adminRoute(BUSINESS) };
  const incomplete: FieldProblem[] = [{ field: 'form', message: 'This form was not complete or too long. Check it and try again.' }];

  async function sendPage(
    request: FastifyRequest,
    reply: FastifyReply,
    form: MeterForm | undefined,
    problems: readonly FieldProblem[],
    previews: MeterPreview[] | null,
    notice?: string,
  ) {
    const [plans, stories, tagline, copy] = await Promise.all([
      deps.activePlans(),
      deps.meteredStories(),
      deps.tagline(),
      deps.meterSettings.copy(),
    ]);
    const shown = form ?? meterFormOf(deps.meterSettings.policy(), copy, stories[0]?.id ?? '');
    const csrf = await deps.csrf.token(request, reply);
    const page = (
      <MeterPage
        staff={staffOf(request)}
        csrf={csrf}
        form={shown}
        problems={problems}
        tagline={tagline}
        plans={plans.map((p) => ({ slug: p.slug, label: `${p.name}, ${formatPlanPrice(p)}` }))}
        stories={stories}
        previews={previews}
        notice={notice}
      />
    );
    return sendAdminPage(reply, page, problems.length > 0 ? 400 : 200);
  }

  /** The form of a POST, parsed: the settings it says, or the problems. */
  async function parse(request: FastifyRequest & { validationError?: Error | undefined }) {
    const form = meterFormFrom(request.body);
    if (request.validationError) return { ok: false, form, problems: incomplete } as const;
    const plans = await deps.activePlans();
    const parsed = parseMeterForm(
      form,
      plans.map((p) => p.slug),
    );
    if (!parsed.ok) return { ok: false, form, problems: parsed.problems } as const;
    return { ok: true, form, settings: { policy: parsed.policy, copy: parsed.copy } } as const;
  }

  app.get('/admin/meter', { ...business, schema: { querystring: SavedQuery } }, async (request, reply) => {
    const notice = request.query.saved ? 'Saved. Readers see the new meter and paywall on their next page.' : undefined;
    return sendPage(request, reply, undefined, [], null, notice);
  });

  const post = { ...business, preValidation: deps.csrf.guard, attachValidation: true, schema: { body: FormBody } };

  app.post('/admin/meter/preview', post, async (request, reply) => {
    setNotAChange(request);
    const r = await parse(request);
    if (!r.ok) return sendPage(request, reply, r.form, r.problems, null);
    const stories = await deps.meteredStories();
    const id = stories.some((s) => s.id === r.form.story) ? r.form.story : stories[0]?.id;
    const article = id === undefined ? undefined : await deps.findStory(id);
    const previews = article
      ? await Promise.all(PREVIEW_READERS.map(async (as) => ({ as, html: await deps.previewAs(article, as, r.settings) })))
      : [];
    return sendPage(request, reply, { ...r.form, story: id ?? '' }, [], previews);
  });

  app.post('/admin/meter', post, async (request, reply) => {
    const r = await parse(request);
    if (!r.ok) return sendPage(request, reply, r.form, r.problems, null);
    await deps.meterSettings.saveAll(r.settings.policy, r.settings.copy, deps.clock());
    setAuditTarget(request, 'meter');
    return seeOther(reply, '/admin/meter?saved=1');
  });
}
