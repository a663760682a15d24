/**
 * Admin API for experiments on the meter and the paywall (business and owner): list, start, read
 * one with its results, stop, roll out an arm. One call to the experiment service each; starting
 * while another runs is a 409, as on the screens. A start announces a content change, so every
 * process's page caches empty and each loads the running experiment.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import {
  AllowanceVariantSchema,
  CopyVariantSchema,
  DEFAULT_SHARE_B,
  describeVariant,
  type Experiment,
  type ExperimentResults,
  type ExperimentService,
  ShareSchema,
  type Variant,
} from '../experiments/index.js';
import { invalid } from '../http/app-error.js';
import { RecordIdParams } from './admin-business-schemas.js';
import { adminKeyOf, adminRoute, BEARER_SECURITY } from './api-auth.js';
import { DateTime, errors, NullableDateTime } from './api-schemas.js';

const strict = { additionalProperties: false } as const;
const ArmEnum = Type.Enum(['A', 'B']);
const Interval = Type.Object({ lower: Type.Number(), upper: Type.Number() });

const ExperimentJson = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.Enum(['allowance', 'copy']),
  /** Arm B's change: exactly one of the two. */
  allowance: Type.Union([AllowanceVariantSchema, Type.Null()]),
  paywall: Type.Union([CopyVariantSchema, Type.Null()]),
  summary: Type.String(),
  share_b: Type.Integer(),
  status: Type.Enum(['running', 'stopped']),
  winner: Type.Union([ArmEnum, Type.Null()]),
  started_at: DateTime,
  started_by: Type.String(),
  stopped_at: NullableDateTime,
  rolled_out_at: NullableDateTime,
  rolled_out_by: Type.Union([Type.String(), Type.Null()]),
});

const ArmJson = Type.Object({
  arm: ArmEnum,
  paywall_views: Type.Integer(),
  checkouts: Type.Integer(),
  subscriptions: Type.Integer(),
  conversion: Type.Number(),
  conversion_95: Interval,
});

const ResultsJson = Type.Object({
  arms: Type.Array(ArmJson),
  /** B − A. */
  difference: Type.Object({ estimate: Type.Number(), lower: Type.Number(), upper: Type.Number() }),
  significant: Type.Boolean(),
  better: Type.Union([ArmEnum, Type.Null()]),
  /** Paywall views still needed at the rates seen so far; null when significant, without data, or alike. */
  more_paywall_views_needed: Type.Union([Type.Integer(), Type.Null()]),
});

const ExperimentWithResultsJson = Type.Object({ experiment: ExperimentJson, results: ResultsJson });
const ExperimentListJson = Type.Object({ data: Type.Array(ExperimentJson) });

const StartBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    kind: Type.Enum(['allowance', 'copy']),
    /** For `allowance`: arm B's free articles. */
    allowance: Type.Optional(AllowanceVariantSchema),
    /** For `copy`: arm B's paywall copy and tagline. */
    paywall: Type.Optional(CopyVariantSchema),
    /** Per cent of readers in arm B (default 50). */
    share_b: Type.Optional(ShareSchema),
  },
  strict,
);
const RollOutBody = Type.Object({ arm: ArmEnum }, strict);

export function presentExperiment(e: Experiment): Static<typeof ExperimentJson> {
  return {
    id: e.id,
    name: e.name,
    kind: e.variant.kind,
    allowance: e.variant.kind === 'allowance' ? e.variant.allowance : null,
    paywall: e.variant.kind === 'copy' ? e.variant.copy : null,
    summary: describeVariant(e.variant),
    share_b: e.shareB,
    status: e.status,
    winner: e.winner,
    started_at: e.startedAt.toISOString(),
    started_by: e.startedBy,
    stopped_at: e.stoppedAt?.toISOString() ?? null,
    rolled_out_at: e.rolledOutAt?.toISOString() ?? null,
    rolled_out_by: e.rolledOutBy,
  };
}

function presentResults(r: ExperimentResults): Static<typeof ResultsJson> {
  const v = r.verdict;
  return {
    arms: r.arms.map((a) => ({
      arm: a.arm,
      paywall_views: a.paywallViews,
      checkouts: a.checkouts,
      subscriptions: a.subscriptions,
      conversion: a.conversion,
      conversion_95: a.interval,
    })),
    difference: r.difference,
    significant: v.kind === 'significant',
    better: v.kind === 'significant' ? v.better : null,
    more_paywall_views_needed: v.kind === 'not-yet' ? v.moreViews : null,
  };
}

/** What the experiment routes use. */
export interface ExperimentAdminRouteDeps {
  experiments: Pick<ExperimentService, 'list' | 'get' | 'start' | 'stop' | 'rollOut'>;
}

/** Who acted, as the experiment records it: the key's name (the audit trail names its owner). */
const byKey = (request: Parameters<typeof adminKeyOf>[0]) => `API key “${adminKeyOf(request).name}”`;

export async function experimentAdminRoutes(scope: FastifyInstance, s: ExperimentAdminRouteDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['admin'], security: BEARER_SECURITY };
  const one = async (id: string) => {
    const { experiment, results } = await s.experiments.get(id);
    return { experiment: presentExperiment(experiment), results: presentResults(results) };
  };

  app.get(
    '/api/v1/admin/experiments',
    {
      config: adminRoute('experiments.read'),
      schema: {
        ...common,
        summary: 'Experiments on the meter and the paywall, newest first',
        response: { 200: ExperimentListJson, ...errors(401, 403) },
      },
    },
    async () => ({ data: (await s.experiments.list()).map(presentExperiment) }),
  );

  app.post(
    '/api/v1/admin/experiments',
    {
      config: adminRoute('experiments.write'),
      schema: {
        ...common,
        summary: 'Start an experiment: arm B gets another allowance or other paywall words (409 while another runs)',
        body: StartBody,
        response: { 201: ExperimentWithResultsJson, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      let variant: Variant;
      if (b.kind === 'allowance') {
        if (!b.allowance || b.paywall)
          throw invalid([{ field: 'body.allowance', message: 'an allowance experiment takes `allowance` (and no `paywall`)' }]);
        variant = { kind: 'allowance', allowance: b.allowance };
      } else {
        if (!b.paywall || b.allowance)
          throw invalid([{ field: 'body.paywall', message: 'a copy experiment takes `paywall` (and no `allowance`)' }]);
        variant = { kind: 'copy', copy: b.paywall };
      }
      const e = await s.experiments.start({ name: b.name, variant, shareB: b.share_b ?? DEFAULT_SHARE_B, by: byKey(request) });
      return reply.code(201).send(await one(e.id));
    },
  );

  app.get(
    '/api/v1/admin/experiments/:id',
    {
      config: adminRoute('experiments.read'),
      schema: {
        ...common,
        summary: 'One experiment with each arm’s paywall views, checkouts, subscriptions and conversion (95 % intervals)',
        params: RecordIdParams,
        response: { 200: ExperimentWithResultsJson, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => one(request.params.id),
  );

  app.post(
    '/api/v1/admin/experiments/:id/stop',
    {
      config: adminRoute('experiments.write'),
      schema: {
        ...common,
        summary: 'Stop a running experiment: every reader gets the meter and paywall in force',
        params: RecordIdParams,
        response: { 200: ExperimentWithResultsJson, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      await s.experiments.stop(request.params.id, byKey(request));
      return one(request.params.id);
    },
  );

  app.post(
    '/api/v1/admin/experiments/:id/rollout',
    {
      config: adminRoute('experiments.write'),
      schema: {
        ...common,
        summary: 'Roll out an arm: B’s allowance or words become the meter policy or paywall copy (the experiment stops)',
        params: RecordIdParams,
        body: RollOutBody,
        response: { 200: ExperimentWithResultsJson, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      await s.experiments.rollOut(request.params.id, request.body.arm, byKey(request));
      return one(request.params.id);
    },
  );
}
