/**
 * /admin/experiments (business and owner): the list, a new experiment (GET the form, POST
 * /preview to see arm B through the reader's own article page, POST to start), one experiment
 * with its results, and POST …/stop and …/rollout. Each change is one call to the experiment
 * service; a roll-out writes the winner into the meter's settings and its audit entry in one
 * transaction. Bad input answers the form again with each problem at its field (400); a second
 * experiment while one runs, or a second roll-out, a 409 page saying so; nothing half-written.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type AuditInTransaction, adminRoute, BUSINESS, seeOther, sendAdminPage, setAuditTarget, staffOf } from '../admin/index.js';
import type { ExperimentKind, ExperimentService } from '../experiments/index.js';
import { AppError, type FieldProblem } from '../http/app-error.js';
import type { Csrf } from '../http/csrf.js';
import type { MeterSettings } from '../meter/index.js';
import type { PreviewReader } from '../site/index.js';
import type { Plan } from '../subscriptions/index.js';
import { formatPlanPrice } from '../subscriptions/index.js';
import { type ExperimentForm, experimentFormFrom, experimentFormOf, parseExperimentForm } from './experiment-form.js';
import { type PreviewPages, registerPreviewFormRoutes } from './preview-form-routes.js';
import { ExperimentListPage, ExperimentNewPage, ExperimentPage } from './views/experiment-pages.js';
import type { MeterPreview } from './views/meter-preview.js';

/** The page service's previews and stories (`PreviewPages`), the experiments, the meter's settings, plans and tagline. */
export interface ExperimentOfficeRouteDeps extends PreviewPages {
  experiments: Pick<ExperimentService, 'list' | 'get' | 'start' | 'stop' | 'rollOut'>;
  meterSettings: Pick<MeterSettings, 'policy' | 'copy'>;
  activePlans(): Promise<Plan[]>;
  tagline(): Promise<string>;
  csrf: Pick<Csrf, 'token' | 'guard'>;
  /** Writes the audit entry inside the roll-out's transaction (src/admin `AuditRecorder.within`). */
  auditWithin(request: FastifyRequest, status?: number): Promise<AuditInTransaction | undefined>;
  timezone: string;
}

const KindQuery = Type.Object({ kind: Type.Optional(Type.Enum(['allowance', 'copy'])) });
const IdParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) });
const NoticeQuery = Type.Object({ done: Type.Optional(Type.Enum(['started', 'stopped', 'rolled-out'])) });
const RollOutBody = Type.Object({ arm: Type.Enum(['A', 'B']) });

/** Which readers the preview shows arm B to: those whose page the change reaches. */
const PREVIEWED: Record<ExperimentKind, readonly PreviewReader[]> = {
  allowance: ['anonymous-reading', 'anonymous-wall', 'registered-wall'],
  copy: ['anonymous-wall', 'registered-wall'],
};

/** A new experiment as its form says it. */
type NewExperiment = Extract<ReturnType<typeof parseExperimentForm>, { ok: true }>;

const NOTICES = {
  started: 'Started. Readers meet their arm from their next page.',
  stopped: 'Stopped. Every reader gets what is in force again.',
  'rolled-out': 'Rolled out. Readers get it from their next page.',
} as const;

export function registerExperimentOfficeRoutes(scope: FastifyInstance, deps: ExperimentOfficeRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const business = { config: adminRoute(BUSINESS) };

  async function savedForm(kind: ExperimentKind): Promise<{ form: ExperimentForm; current: string }> {
    const [copy, tagline, stories] = await Promise.all([deps.meterSettings.copy(), deps.tagline(), deps.meteredStories()]);
    const policy = deps.meterSettings.policy();
    const current =
      kind === 'allowance'
        ? `${policy.anonymousFree} free articles without an account, ${policy.registeredExtra} more with one`
        : `the paywall headed “${copy.heading}”`;
    return { form: experimentFormOf(kind, policy, copy, tagline, stories[0]?.id ?? ''), current };
  }

  async function sendNew(
    request: FastifyRequest,
    reply: FastifyReply,
    form: ExperimentForm,
    problems: readonly FieldProblem[],
    previews: MeterPreview[] | null,
    status?: number,
  ) {
    const [plans, stories, saved] = await Promise.all([deps.activePlans(), deps.meteredStories(), savedForm(form.kind)]);
    const csrf = await deps.csrf.token(request, reply);
    const page = (
      <ExperimentNewPage
        staff={staffOf(request)}
        csrf={csrf}
        form={form}
        problems={problems}
        plans={plans.map((p) => ({ slug: p.slug, label: `${p.name}, ${formatPlanPrice(p)}` }))}
        stories={stories}
        previews={previews}
        current={saved.current}
      />
    );
    return sendAdminPage(reply, page, status ?? (problems.length > 0 ? 400 : 200));
  }

  async function sendOne(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    notice?: string,
    problems?: FieldProblem[],
    status = 200,
  ) {
    const { experiment, results } = await deps.experiments.get(id);
    const csrf = await deps.csrf.token(request, reply);
    const page = (
      <ExperimentPage
        staff={staffOf(request)}
        csrf={csrf}
        experiment={experiment}
        results={results}
        timeZone={deps.timezone}
        notice={notice}
        problems={problems}
      />
    );
    return sendAdminPage(reply, page, status);
  }

  app.get('/admin/experiments', { ...business, schema: { querystring: NoticeQuery } }, async (request, reply) => {
    const csrf = await deps.csrf.token(request, reply);
    const page = (
      <ExperimentListPage staff={staffOf(request)} csrf={csrf} experiments={await deps.experiments.list()} timeZone={deps.timezone} />
    );
    return sendAdminPage(reply, page);
  });

  app.get('/admin/experiments/new', { ...business, schema: { querystring: KindQuery } }, async (request, reply) => {
    const { form } = await savedForm(request.query.kind ?? 'allowance');
    return sendNew(request, reply, form, [], null);
  });

  registerPreviewFormRoutes<ExperimentForm, NewExperiment>(scope, {
    path: '/admin/experiments',
    config: business.config,
    guard: deps.csrf.guard,
    /** The form as typed over the saved values of its kind. */
    async formOf(raw) {
      const kindSent = raw !== null && typeof raw === 'object' ? Reflect.get(raw, 'kind') : undefined;
      const kind: ExperimentKind = kindSent === 'copy' ? 'copy' : 'allowance';
      return experimentFormFrom(raw, (await savedForm(kind)).form);
    },
    async check(form) {
      const parsed = parseExperimentForm(
        form,
        (await deps.activePlans()).map((p) => p.slug),
      );
      return parsed.ok ? { ok: true, value: parsed } : parsed;
    },
    send: sendNew,
    pages: deps,
    previewReaders: (form) => PREVIEWED[form.kind],
    async previewSettings(experiment) {
      const base = { policy: deps.meterSettings.policy(), copy: await deps.meterSettings.copy() };
      const v = experiment.variant;
      // Arm B's settings: the ones in force with the experiment's change.
      return v.kind === 'allowance'
        ? { ...base, policy: { ...base.policy, ...v.allowance } }
        : { ...base, copy: v.copy.copy, tagline: v.copy.tagline };
    },
    async act(request, reply, experiment, form) {
      try {
        const e = await deps.experiments.start({ ...experiment, by: staffOf(request).name });
        return seeOther(reply, `/admin/experiments/${e.id}?done=started`);
      } catch (err) {
        if (err instanceof AppError && err.code === 'EXPERIMENT_RUNNING') {
          return sendNew(request, reply, form, [{ field: 'form', message: err.message }], null, 409);
        }
        throw err;
      }
    },
  });

  app.get('/admin/experiments/:id', { ...business, schema: { params: IdParams, querystring: NoticeQuery } }, async (request, reply) => {
    const done = request.query.done;
    return sendOne(request, reply, request.params.id, done ? NOTICES[done] : undefined);
  });

  const action = { ...business, preValidation: deps.csrf.guard };

  /** A refusal the page explains (409: not running, rolled out already) instead of a bare error page. */
  async function refused(request: FastifyRequest, reply: FastifyReply, id: string, err: unknown) {
    if (err instanceof AppError && err.statusCode === 409)
      return sendOne(request, reply, id, undefined, [{ field: 'form', message: err.message }], 409);
    throw err;
  }

  app.post('/admin/experiments/:id/stop', { ...action, schema: { params: IdParams } }, async (request, reply) => {
    const { id } = request.params;
    try {
      await deps.experiments.stop(id, staffOf(request).name);
    } catch (err) {
      return refused(request, reply, id, err);
    }
    setAuditTarget(request, id);
    return seeOther(reply, `/admin/experiments/${id}?done=stopped`);
  });

  app.post('/admin/experiments/:id/rollout', { ...action, schema: { params: IdParams, body: RollOutBody } }, async (request, reply) => {
    const { id } = request.params;
    const audit = await deps.auditWithin(request, 303);
    try {
      await deps.experiments.rollOut(id, request.body.arm, staffOf(request).name, audit);
    } catch (err) {
      return refused(request, reply, id, err);
    }
    return seeOther(reply, `/admin/experiments/${id}?done=rolled-out`);
  });
}
