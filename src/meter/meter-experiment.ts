/**
 * The meter's side of an experiment (src/experiments runs them): what the meter asks of the one
 * running now, held in memory by that feature and read once per metered request. The meter
 * decides who may enter an arm (never a verified crawler, staff, a reader or address holding
 * `web`, or a gift read); the experiment decides which arm, from bytes the meter already has (the
 * keyed hash its anonymous state is stored under) or a keyed hash of the reader's id.
 */
import type { MeterPolicy } from './meter-policy.js';
import type { PaywallCopy } from './paywall-copy.js';

export type Arm = 'A' | 'B';

export interface RunningExperiment {
  id: string;
  /** What arm B changes: the free articles (the meter's decision and counter) or the paywall's words (the wall only). */
  kind: 'allowance' | 'copy';
  /** The arm of an anonymous meter, from the keyed hash its state is stored under. */
  armOfMeter(meterHash: string): Arm;
  /** The arm of a signed-in reader, from a keyed hash of their id. */
  armOfReader(readerId: string): Arm;
  /** The policy a reader of `arm` reads under: arm A the one in force, arm B it with the experiment's allowance. */
  policyFor(arm: Arm, base: MeterPolicy): MeterPolicy;
  /** The paywall's words a reader of `arm` sees. */
  copyFor(arm: Arm, base: PaywallCopy): PaywallCopy;
  /** The tagline over the wall a reader of `arm` sees (the site's, or arm B's). */
  taglineFor(arm: Arm, base: string): string;
}

/** The running experiment, or null: a field read, never a query. */
export interface ExperimentGate {
  running(): RunningExperiment | null;
}

/** A reader's place in the running experiment, as the page service needs it. */
export interface ArmView {
  experiment: RunningExperiment;
  arm: Arm;
}

/** No experiment ever runs (tests, and the features that have no meter). */
export const NO_EXPERIMENTS: ExperimentGate = { running: () => null };
