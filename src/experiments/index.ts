/**
 * Experiments on the meter and the paywall (issue 16): arm B gets another allowance of free
 * articles, or other paywall words (tagline, pitch, editor's letter, offer), and arm A what is in
 * force. Readers fall in an arm by a keyed hash of their meter (anonymous) or reader id (signed
 * in), never a verified crawler or anyone holding `web` (the meter decides that). Each arm's
 * paywall views and checkouts come from the funnel's armed events, its subscriptions from the
 * subscriptions that started while it ran; conversion with 95 % intervals and a plain verdict.
 * `createExperimentService` (on Services as `experiments`; its `gate` goes to the meter) holds
 * the running one in memory. The screens at /admin/experiments live with the business office's
 * (src/office/experiment-routes.tsx), the Admin API's routes with the API's
 * (src/api/admin-experiment-routes.ts).
 */
export {
  AllowanceVariantSchema,
  CopyVariantSchema,
  DEFAULT_SHARE_B,
  describeVariant,
  EXPERIMENT_KINDS,
  type Experiment,
  type ExperimentKind,
  ShareSchema,
  type Variant,
} from './experiment.js';
export {
  type ArmFigures,
  createExperimentService,
  type ExperimentResults,
  type ExperimentService,
  type ExperimentServiceDeps,
} from './experiment-service.js';
export { percent, verdictSentence } from './experiment-stats.js';
