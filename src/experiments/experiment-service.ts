/**
 * Experiments as the running app holds them. The running one lives in memory (`gate().running()`
 * is a field read: the article page asks on every metered request) and is read again after any
 * content change, which every process hears (LISTEN/NOTIFY on PostgreSQL), exactly as the meter's
 * policy is; starting, stopping and rolling out announce such a change, which also empties the
 * page caches (an arm's pages are keyed by the experiment). At most one runs: the service says so
 * with a 409, and a partial unique index holds it when two staff press Start at once.
 */
import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { countsByArm } from '../funnel/index.js';
import { AppError } from '../http/app-error.js';
import { type Arm, type ExperimentGate, hmacKey, type MeterSettings, type RunningExperiment } from '../meter/index.js';
import type { Clock } from '../platform.js';
import { readSiteSettings, writeSiteSettings } from '../settings/index.js';
import { readersSubscribedBetween } from '../subscriptions/index.js';
import { armOf, bitsOfMeterHash, copyOfArm, type Experiment, policyOfArm, saltOf, taglineOfArm, type Variant } from './experiment.js';
import {
  findExperiment,
  findRunningExperiment,
  insertExperiment,
  listExperiments,
  markRolledOut,
  stopExperiment,
} from './experiment-repository.js';
import {
  type ArmResult,
  type Difference,
  differenceInterval,
  type Interval,
  type Verdict,
  verdictOf,
  wilsonInterval,
} from './experiment-stats.js';

export interface ExperimentServiceDeps {
  db: Db;
  clock: Clock;
  log: Pick<Logger, 'error'>;
  /** Signing keys: the first keys the reader-id hash an arm is drawn from. */
  keys: readonly string[];
  meterSettings: Pick<MeterSettings, 'policy' | 'copy' | 'saveAll'>;
  /** Announces a change to every process (their page caches empty, they reload the running experiment). */
  changed(): void;
}

/** One arm's figures and its conversion (subscriptions per paywall view) with a 95 % Wilson interval. */
export interface ArmFigures extends ArmResult {
  arm: Arm;
  conversion: number;
  interval: Interval;
}

export interface ExperimentResults {
  arms: [ArmFigures, ArmFigures];
  /** B − A with its 95 % interval. */
  difference: Difference;
  verdict: Verdict;
}

/** Writes the audit entry of a change inside its transaction (src/admin `AuditInTransaction`). */
export type AuditWriter = (tx: Db, target: { id: string; name: string }) => Promise<void>;

/** Readers' arm bits remembered per process: past this many the memo starts again. */
const READER_BITS_MAX = 50_000;

export function createExperimentService(deps: ExperimentServiceDeps) {
  const { db, clock } = deps;
  const key = deps.keys[0] ?? '';
  const readerBits = new Map<string, number>();
  let running: RunningExperiment | null = null;
  let generation = 0;
  let inflight: Promise<void> = Promise.resolve();

  /** 32 bits of an HMAC of the reader's id under the site's key: unpredictable without the key, fixed per reader. */
  function bitsOfReader(readerId: string): number {
    let bits = readerBits.get(readerId);
    if (bits === undefined) {
      bits = createHmac('sha256', hmacKey(key)).update(`experiment-arm:${readerId}`).digest().readUInt32BE(0);
      if (readerBits.size >= READER_BITS_MAX) readerBits.clear();
      readerBits.set(readerId, bits);
    }
    return bits;
  }

  /** The meter's view of an experiment: its arms and what each reads under. */
  function runningOf(e: Experiment): RunningExperiment {
    const salt = saltOf(e.id);
    const { variant, shareB } = e;
    // Arm B's policy is the one in force with the experiment's allowance: made once per policy.
    let base: unknown;
    let policyB = deps.meterSettings.policy();
    return {
      id: e.id,
      kind: variant.kind,
      armOfMeter: (hash) => armOf(bitsOfMeterHash(hash), salt, shareB),
      armOfReader: (readerId) => armOf(bitsOfReader(readerId), salt, shareB),
      policyFor(arm, policy) {
        if (arm === 'A' || variant.kind !== 'allowance') return policy;
        if (base !== policy) {
          base = policy;
          policyB = policyOfArm(variant, 'B', policy);
        }
        return policyB;
      },
      copyFor: (arm, copy) => copyOfArm(variant, arm, copy),
      taglineFor: (arm, tagline) => taglineOfArm(variant, arm, tagline),
    };
  }

  function apply(e: Experiment | undefined): void {
    running = e && e.status === 'running' ? runningOf(e) : null;
  }

  async function mustFind(id: string): Promise<Experiment> {
    const e = await findExperiment(db, id);
    if (!e) throw new AppError('EXPERIMENT_NOT_FOUND', 404, 'No such experiment.');
    return e;
  }

  /** Each arm's paywall views, checkouts and subscriptions, and what they say. */
  async function results(e: Experiment): Promise<ExperimentResults> {
    const [counts, subscribers] = await Promise.all([
      countsByArm(db, e.id),
      readersSubscribedBetween(db, { from: e.startedAt, to: e.stoppedAt ?? new Date(clock().getTime() + 1) }),
    ]);
    const salt = saltOf(e.id);
    const figures = (arm: Arm): ArmResult => ({
      paywallViews: counts.find((c) => c.arm === arm && c.type === 'paywall_shown')?.count ?? 0,
      checkouts: counts.find((c) => c.arm === arm && c.type === 'checkout_started')?.count ?? 0,
      // A subscriber's arm is their reader id's, as it was when they met the wall signed in.
      subscriptions: subscribers.filter((id) => armOf(bitsOfReader(id), salt, e.shareB) === arm).length,
    });
    const a = figures('A');
    const b = figures('B');
    const withRate = (arm: Arm, r: ArmResult): ArmFigures => ({
      ...r,
      arm,
      conversion: r.paywallViews > 0 ? r.subscriptions / r.paywallViews : 0,
      interval: wilsonInterval(Math.min(r.subscriptions, r.paywallViews), r.paywallViews),
    });
    return {
      arms: [withRate('A', a), withRate('B', b)],
      difference: differenceInterval(
        { successes: Math.min(a.subscriptions, a.paywallViews), trials: a.paywallViews },
        { successes: Math.min(b.subscriptions, b.paywallViews), trials: b.paywallViews },
      ),
      verdict: verdictOf(a, b, e.shareB),
    };
  }

  return {
    /** What the meter asks on every metered request: the running experiment, from memory. */
    gate: { running: () => running } satisfies ExperimentGate,

    /** Reads the running experiment again (at start, and after every content change). A failure keeps the one in memory. */
    reload(): Promise<void> {
      const mine = ++generation;
      const pending = findRunningExperiment(db).then(
        (e) => {
          if (mine === generation) apply(e);
        },
        (err: unknown) => deps.log.error({ err }, 'reading the running experiment failed; keeping the one in memory'),
      );
      inflight = Promise.all([inflight, pending]).then(() => undefined);
      return pending;
    },

    /** Resolves when no reload is under way (the app waits for it before the database closes). */
    settled: (): Promise<void> => inflight,

    /** The arm a signed-in reader's checkout counts for, when an experiment runs. */
    armOfReader(readerId: string): { experimentId: string; arm: Arm } | null {
      const r = running;
      return r === null ? null : { experimentId: r.id, arm: r.armOfReader(readerId) };
    },

    list: (limit = 100): Promise<Experiment[]> => listExperiments(db, limit),

    async get(id: string): Promise<{ experiment: Experiment; results: ExperimentResults }> {
      const experiment = await mustFind(id);
      return { experiment, results: await results(experiment) };
    },

    /** Starts an experiment; 409 while another runs. */
    async start(p: { name: string; variant: Variant; shareB: number; by: string }): Promise<Experiment> {
      const now = clock();
      const existing = await findRunningExperiment(db);
      const busy = () =>
        new AppError(
          'EXPERIMENT_RUNNING',
          409,
          'Another experiment is running. Stop it (or roll out its winner) before starting a new one.',
        );
      if (existing) throw busy();
      const id = uuidv7();
      try {
        await insertExperiment(db, { id, name: p.name, variant: p.variant, shareB: p.shareB, startedAt: now, startedBy: p.by });
      } catch (err) {
        if (isUniqueViolation(err)) throw busy();
        throw err;
      }
      const e = await mustFind(id);
      apply(e);
      deps.changed();
      return e;
    },

    /** Stops a running experiment (readers return to the meter and paywall in force); 409 when it is not running. */
    async stop(id: string, by: string): Promise<Experiment> {
      await mustFind(id);
      if (!(await stopExperiment(db, { id, by, at: clock() }))) {
        throw new AppError('EXPERIMENT_NOT_RUNNING', 409, 'This experiment is not running.');
      }
      const e = await mustFind(id);
      if (running?.id === id) running = null;
      deps.changed();
      return e;
    },

    /**
     * Rolls out an arm: B writes its allowance into the meter's policy (or its words into the
     * paywall copy and its tagline into the site's settings), A keeps what is in force; either
     * way the experiment stops and records the winner, all in one transaction with the audit
     * entry. 409 when one of its arms was rolled out already.
     */
    async rollOut(id: string, arm: Arm, by: string, audit?: AuditWriter): Promise<Experiment> {
      const e = await mustFind(id);
      if (e.winner !== null) throw new AppError('EXPERIMENT_ROLLED_OUT', 409, `Arm ${e.winner} of this experiment was rolled out already.`);
      const at = clock();
      const basePolicy = deps.meterSettings.policy();
      const baseCopy = await deps.meterSettings.copy();
      const policy = policyOfArm(e.variant, arm, basePolicy);
      const copy = copyOfArm(e.variant, arm, baseCopy);
      const variant = e.variant;
      await deps.meterSettings.saveAll(policy, copy, at, async (tx) => {
        if (!(await markRolledOut(tx, { id, winner: arm, by, at }))) {
          throw new AppError('EXPERIMENT_ROLLED_OUT', 409, 'An arm of this experiment was rolled out meanwhile.');
        }
        if (arm === 'B' && variant.kind === 'copy') {
          const site = await readSiteSettings(tx);
          await writeSiteSettings(tx, { ...site, tagline: variant.copy.tagline }, at);
        }
        if (audit) await audit(tx, { id, name: e.name });
      });
      if (running?.id === id) running = null;
      // saveAll announced the change: every process reloads the policy, the copy, the chrome and this.
      return mustFind(id);
    },
  };
}

export type ExperimentService = ReturnType<typeof createExperimentService>;
