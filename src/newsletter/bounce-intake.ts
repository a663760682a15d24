/**
 * Takes in a report that came back after the daily email (from the webhook or the command), finds the delivery it is about, and acts on it:
 * - the delivery is named by the VERP token of the address the report came back to (signed:
 *   bounce-token.ts), else by the original's Message-ID if it matches a ledger row exactly;
 * - a hard bounce marks the address undeliverable (the audience leaves it out from then on);
 * - a soft bounce is recorded for that delivery; soft bounces on several days escalate (bounce.ts);
 * - a complaint stops the daily email for the reader (opt-out 'complaint') and marks the address.
 * Reports we cannot match, malformed ones and ones that mean nothing (delay warnings,
 * auto-replies) are counted per day and logged by outcome only: no address, no content.
 */
import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import { markUndeliverable } from './audience-repository.js';
import { type BounceVerdict, classifyReport, SOFT_BOUNCE_WINDOW_DAYS, softBouncesEscalate, undeliverableDetail } from './bounce.js';
import { parseBounceMessage } from './bounce-parser.js';
import {
  countIntake,
  type DeliveryRef,
  findDeliveryByDate,
  findDeliveryByMessageId,
  insertBounce,
  softBounceTimes,
} from './bounce-repository.js';
import { readBounceToken } from './bounce-token.js';

export const INTAKE_OUTCOMES = ['hard', 'soft', 'soft-escalated', 'complaint', 'ignored', 'unattributed', 'malformed'] as const;
export type IntakeOutcome = (typeof INTAKE_OUTCOMES)[number];

export interface BounceIntakeDeps {
  db: Db;
  clock: () => Date;
  log: Pick<Logger, 'info' | 'warn'>;
  keys: readonly string[];
  /** Stops the daily email for a reader (newsletter sending's `unsubscribe`, which turns their opt-in off too). */
  unsubscribe(readerId: string, via: 'complaint'): Promise<unknown>;
}

/** Largest report taken in: a DSN with the whole original message attached fits easily. */
export const MAX_REPORT_BYTES = 2 * 1024 * 1024;

export function createBounceIntake(deps: BounceIntakeDeps) {
  const { db, clock, keys } = deps;

  async function attribute(tokens: readonly string[], messageIds: readonly string[]): Promise<DeliveryRef | undefined> {
    for (const t of tokens) {
      const named = readBounceToken(t, keys);
      const d = named && (await findDeliveryByDate(db, named.editionDate, named.readerId));
      if (d) return d;
    }
    for (const id of messageIds) {
      const d = await findDeliveryByMessageId(db, id);
      if (d) return d;
    }
    return undefined;
  }

  async function apply(delivery: DeliveryRef, verdict: Extract<BounceVerdict, { status: string }>): Promise<IntakeOutcome> {
    const at = clock();
    const detail = undeliverableDetail(verdict.status, verdict.diagnostic);
    if (verdict.kind === 'complaint') {
      await db.transaction().execute(async (trx) => {
        await insertBounce(trx, { delivery, kind: 'complaint', status: verdict.status, diagnostic: verdict.diagnostic, at });
        await markUndeliverable(trx, delivery.email, 'complaint', verdict.status, at);
      });
      // Idempotent: a report fed twice stops nothing twice.
      await deps.unsubscribe(delivery.readerId, 'complaint');
      return 'complaint';
    }
    if (verdict.kind === 'hard') {
      await db.transaction().execute(async (trx) => {
        await insertBounce(trx, { delivery, kind: 'hard', status: verdict.status, diagnostic: verdict.diagnostic, at });
        await markUndeliverable(trx, delivery.email, 'hard_bounce', detail, at);
      });
      return 'hard';
    }
    return db.transaction().execute(async (trx) => {
      await insertBounce(trx, { delivery, kind: 'soft', status: verdict.status, diagnostic: verdict.diagnostic, at });
      const times = await softBounceTimes(trx, delivery.email, new Date(at.getTime() - SOFT_BOUNCE_WINDOW_DAYS * 86_400_000));
      if (!softBouncesEscalate(times, at)) return 'soft';
      await markUndeliverable(trx, delivery.email, 'hard_bounce', `soft-repeated ${detail}`, at);
      return 'soft-escalated';
    });
  }

  /** Reads one report and acts on it; never throws for what the message holds. */
  async function ingest(raw: Buffer | string, source: 'webhook' | 'file'): Promise<IntakeOutcome> {
    const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
    let outcome: IntakeOutcome;
    if (size > MAX_REPORT_BYTES) outcome = 'malformed';
    else {
      const report = await parseBounceMessage(raw);
      const verdict = classifyReport(report);
      if (verdict.kind === 'malformed' || verdict.kind === 'ignored') outcome = verdict.kind;
      else {
        const delivery = await attribute(report.tokens, report.messageIds);
        outcome = delivery ? await apply(delivery, verdict) : 'unattributed';
      }
    }
    await countIntake(db, outcome, clock());
    // By outcome only: reports carry other people's addresses and words.
    (outcome === 'unattributed' || outcome === 'malformed' ? deps.log.warn : deps.log.info).call(
      deps.log,
      { source, outcome, bytes: size },
      'newsletter bounce report',
    );
    return outcome;
  }

  return { ingest };
}

export type BounceIntake = ReturnType<typeof createBounceIntake>;
