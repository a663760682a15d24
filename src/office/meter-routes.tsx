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
import { adminRoute, BUSINESS, seeOther, sendAdminPage, setAuditTarget, staffOf } from '../admin/index.js';
import type { FieldProblem } from '../http/app-error.js';
import type { Csrf } from '../http/csrf.js';
import type { MeterSettings } from '../meter/index.js';
import type { Clock } from '../platform.js';
import { PREVIEW_READERS, type PreviewSettings } from '../site/index.js';
import type { Plan } from '../subscriptions/index.js';
import { formatPlanPrice } from '../subscriptions/index.js';
import { type MeterForm, meterFormFrom, meterFormOf, parseMeterForm } from './meter-form.js';
import { type PreviewPages, registerPreviewFormRoutes } from './preview-form-routes.js';
import { MeterPage } from './views/meter-page.js';
import type { MeterPreview } from './views/meter-preview.js';

/** The page service's previews and stories (`PreviewPages`), the meter's settings, plans and tagline. */
export interface MeterOfficeRouteDeps extends PreviewPages {
  meterSettings: Pick<MeterSettings, 'policy' | 'copy' | 'saveAll'>;
  activePlans(): Promise<Plan[]>;
  tagline(): Promise<string>;
  csrf: Pick<Csrf, 'token' | 'guard'>;
  clock: Clock;
}

const SavedQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 10 })) });

export function registerMeterOfficeRoutes(scope: FastifyInstance, deps: MeterOfficeRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const business = { config: adminRoute(BUSINESS) };

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

  app.get('/admin/meter', { ...business, schema: { querystring: SavedQuery } }, async (request, reply) => {
    const notice = request.query.saved ? 'Saved. Readers see the new meter and paywall on their next page.' : undefined;
    return sendPage(request, reply, undefined, [], null, notice);
  });

  registerPreviewFormRoutes<MeterForm, PreviewSettings>(scope, {
    path: '/admin/meter',
    config: business.config,
    guard: deps.csrf.guard,
    formOf: meterFormFrom,
    async check(form) {
      const plans = await deps.activePlans();
      const parsed = parseMeterForm(
        form,
        plans.map((p) => p.slug),
      );
      return parsed.ok ? { ok: true, value: { policy: parsed.policy, copy: parsed.copy } } : parsed;
    },
    send: sendPage,
    pages: deps,
    previewReaders: () => PREVIEW_READERS,
    previewSettings: (settings) => settings,
    async act(request, reply, settings) {
      await deps.meterSettings.saveAll(settings.policy, settings.copy, deps.clock());
      setAuditTarget(request, 'meter');
      return seeOther(reply, '/admin/meter?saved=1');
    },
  });
}
