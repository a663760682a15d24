import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  afterReply,
  classifyReply,
  type Delivery,
  type DeliveryEvent,
  type DeliveryPolicy,
  isFinal,
  messageIdFor,
  pendingDelivery,
  retryDelay,
  transition,
} from './delivery.js';

const policy: DeliveryPolicy = { leaseMs: 1000, giveUpMs: 20_000, retryBaseMs: 500, retryMaxMs: 4000 };
const T0 = Date.parse('2026-12-07T07:00:00Z');
const SENDERS = ['a', 'b', 'c'];

const replyArb = fc.oneof(
  fc.constantFrom(250, 251, 421, 450, 451, 452, 454, 550, 552, 554).map((code) => ({ code, text: `${code} reply` })),
  fc.constant({ code: null, text: 'ECONNRESET' }),
);
/** A step: some time passes, then one sender does one thing. */
const stepArb = fc.record({
  advance: fc.integer({ min: 0, max: 3000 }),
  by: fc.constantFrom(...SENDERS),
  kind: fc.constantFrom('claim', 'renew', 'send', 'skip', 'reply' as const),
  reply: replyArb,
});

type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

function run(steps: Step[]) {
  let d = pendingDelivery('<m@x>');
  let t = T0;
  const trace: { before: Delivery; event: DeliveryEvent; after: Delivery }[] = [];
  for (const s of steps) {
    t += s.advance;
    const now = new Date(t);
    const event: DeliveryEvent = s.kind === 'reply' ? { kind: 'reply', by: s.by, now, reply: s.reply } : { kind: s.kind, by: s.by, now };
    const r = transition(d, event, policy);
    if (r.ok) {
      trace.push({ before: d, event, after: r.delivery });
      d = r.delivery;
    }
  }
  return { d, trace };
}

describe('the delivery state machine (property tests)', () => {
  it('accepted and failed are final; the Message-ID never changes', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 60 }), (steps) => {
        const { trace } = run(steps);
        for (const { before, after } of trace) {
          expect(isFinal(before.status)).toBe(false);
          expect(after.messageId).toBe('<m@x>');
        }
      }),
    );
  });

  it('only the sender holding a live lease hands a message to SMTP, and each hand-over counts one attempt', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 60 }), (steps) => {
        for (const { before, event, after } of run(steps).trace) {
          if (after.status === 'skipped') expect(before.status).toBe('claimed');
          if (after.status === 'sent' && before.status !== 'sent') {
            expect(event.kind).toBe('send');
            expect(before.claimedBy).toBe(event.by);
            expect(before.leaseUntil && event.now < before.leaseUntil).toBe(true);
            expect(after.attempts).toBe(before.attempts + 1);
          } else expect(after.attempts).toBe(before.attempts);
        }
      }),
    );
  });

  it('a message handed to SMTP is taken over by another sender only once its lease ran out (the one duplicate a crash can make)', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 60 }), (steps) => {
        for (const { before, event, after } of run(steps).trace) {
          if (before.status === 'sent' && after.status === 'claimed') {
            expect(event.kind).toBe('claim');
            expect(before.leaseUntil === null || event.now >= before.leaseUntil).toBe(true);
          }
          // Out of `sent` only by a reply of the sender that sent it, or by a lapsed lease's claim.
          if (before.status === 'sent' && after.status !== 'sent')
            expect(event.kind === 'reply' ? event.by === before.claimedBy : event.kind === 'claim').toBe(true);
        }
      }),
    );
  });

  it('a reply decides: 2xx accepted, 5xx failed, 4xx or no reply later (or failed once the give-up time has passed)', () => {
    fc.assert(
      fc.property(replyArb, fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 40_000 }), (reply, attempts, since) => {
        const sent: Delivery = {
          ...pendingDelivery('<m@x>'),
          status: 'sent',
          attempts,
          claimedBy: 'a',
          leaseUntil: new Date(T0 + since + 1000),
          firstTriedAt: new Date(T0),
        };
        const now = new Date(T0 + since);
        const after = afterReply(sent, reply, now, policy);
        expect(after.claimedBy).toBeNull();
        expect(after.reply).toContain(reply.code === null ? 'no reply' : String(reply.code));
        const kind = classifyReply(reply);
        if (kind === 'accepted') expect(after.status).toBe('accepted');
        else if (kind === 'failed') expect(after.status).toBe('failed');
        else if (since >= policy.giveUpMs) {
          expect(after.status).toBe('failed');
          expect(after.reply).toMatch(/^gave up after/);
        } else {
          expect(after.status).toBe('pending');
          expect(after.notBefore?.getTime()).toBe(now.getTime() + retryDelay(attempts, policy));
        }
      }),
    );
  });

  it('a sender that keeps trying ends every message accepted or failed within the give-up time and a retry', () => {
    fc.assert(
      fc.property(fc.array(replyArb, { minLength: 1, maxLength: 200 }), (replies) => {
        let d = pendingDelivery('<m@x>');
        let t = T0;
        for (const reply of replies) {
          if (isFinal(d.status)) break;
          t = Math.max(t, d.notBefore?.getTime() ?? t);
          const now = new Date(t);
          for (const kind of ['claim', 'send'] as const) {
            const r = transition(d, { kind, by: 'a', now }, policy);
            if (!r.ok) throw new Error(r.reason);
            d = r.delivery;
          }
          const r = transition(d, { kind: 'reply', by: 'a', now, reply }, policy);
          if (!r.ok) throw new Error(r.reason);
          d = r.delivery;
          if (d.status === 'pending') expect((d.notBefore?.getTime() ?? 0) - T0).toBeLessThanOrEqual(policy.giveUpMs + policy.retryMaxMs);
        }
        if (!isFinal(d.status)) expect(replies.every((r) => classifyReply(r) === 'retry')).toBe(true);
      }),
    );
  });
});

describe('delivery helpers', () => {
  it.each([
    [{ code: 250, text: '250 2.0.0 Ok' }, 'accepted'],
    [{ code: 421, text: '421 4.7.0 Try again later' }, 'retry'],
    [{ code: 450, text: 'mailbox busy' }, 'retry'],
    [{ code: 451, text: 'local error' }, 'retry'],
    [{ code: 454, text: 'TLS not available' }, 'retry'],
    [{ code: 550, text: 'no such user' }, 'failed'],
    [{ code: null, text: 'ECONNRESET' }, 'retry'],
  ] as const)('classifies %j as %s', (reply, kind) => {
    expect(classifyReply(reply)).toBe(kind);
  });

  it('doubles the retry wait up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((a) => retryDelay(a, policy))).toEqual([500, 1000, 2000, 4000, 4000]);
  });

  it('makes one Message-ID per edition and reader', () => {
    expect(messageIdFor('e1', 'r1', 'paper.example')).toBe('<edition.e1.r1@paper.example>');
    expect(messageIdFor('e1', 'r1', 'paper.example')).toBe(messageIdFor('e1', 'r1', 'paper.example'));
    expect(messageIdFor('e1', 'r2', 'paper.example')).not.toBe(messageIdFor('e1', 'r1', 'paper.example'));
  });
});
