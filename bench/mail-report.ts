/**
 * The mail bench's figures and verdicts (bench/mail.ts measures them): pure, so bench/mail.test.ts
 * checks the verdicts without sending anything.
 */
import type { Verdict } from './report.js';

export const MAIL_TARGETS = {
  /** Our DKIM-off rate over the bare loop's. */
  versusBare: 0.5,
  /** Messages a second with DKIM (RSA-2048) on. */
  dkimPerSecond: 400,
  /** The large audience's peak RSS over the small one's: "no more memory" with room for noise. */
  memoryGrowth: 1.15,
};

export interface SendFigures {
  recipients: number;
  /** The sink's own count of messages accepted during this send. */
  accepted: number;
  /** Sink-side seconds from the first to the last message accepted. */
  seconds: number;
  /** accepted / seconds. */
  perSecond: number;
  /** The sender process from start to exit (start-up and assembly included). */
  wallSeconds: number;
  /** The sender's peak resident set (VmHWM), MB; 0 for the bare loop (not measured). */
  peakRssMb: number;
  exitCode: number | null;
}

export interface MailResult {
  connections: number;
  bare: SendFigures;
  plain: SendFigures;
  dkim: SendFigures;
  memory?: { small: SendFigures; large: SendFigures };
}

const pctOf = (r: number) => `${(r * 100).toFixed(0)} %`;
const rate = (f: SendFigures) => `${f.perSecond.toFixed(0)} msg/s (sink: ${f.accepted} of ${f.recipients} accepted)`;

/** The mail targets, judged from the figures (pure: tested in mail.test.ts). */
export function mailVerdicts(m: MailResult): Verdict[] {
  const out: Verdict[] = [];
  const complete = (f: SendFigures) => f.accepted === f.recipients && f.exitCode === 0;
  const ratio = m.bare.perSecond > 0 ? m.plain.perSecond / m.bare.perSecond : 0;
  out.push({
    target: `daily email, DKIM off, ${m.plain.recipients} recipients: masthead newsletter send vs bare pooled nodemailer (${m.connections} connections)`,
    value: `${pctOf(ratio)} (${rate(m.plain)}; bare ${rate(m.bare)})`,
    goal: `≥ ${pctOf(MAIL_TARGETS.versusBare)}, every recipient accepted`,
    pass: ratio >= MAIL_TARGETS.versusBare && complete(m.plain) && m.bare.accepted === m.bare.recipients,
  });
  out.push({
    target: `daily email, DKIM RSA-2048 on, ${m.dkim.recipients} recipients`,
    value: rate(m.dkim),
    goal: `≥ ${MAIL_TARGETS.dkimPerSecond} msg/s, every recipient accepted`,
    pass: m.dkim.perSecond >= MAIL_TARGETS.dkimPerSecond && complete(m.dkim),
  });
  if (m.memory) {
    const { small, large } = m.memory;
    const growth = small.peakRssMb > 0 ? large.peakRssMb / small.peakRssMb : Number.POSITIVE_INFINITY;
    out.push({
      target: `daily email sender peak RSS, ${large.recipients} vs ${small.recipients} recipients`,
      value: `${large.peakRssMb.toFixed(0)} MB vs ${small.peakRssMb.toFixed(0)} MB (×${growth.toFixed(2)})`,
      goal: `≤ ×${MAIL_TARGETS.memoryGrowth.toFixed(2)}, every recipient accepted`,
      pass: growth <= MAIL_TARGETS.memoryGrowth && complete(small) && complete(large),
    });
  }
  return out;
}

/** The mail figures as table rows (bench/report.ts prints them). */
export function mailRows(m: MailResult): string[][] {
  const row = (label: string, f: SendFigures) => [
    label,
    String(f.recipients),
    String(f.accepted),
    f.perSecond.toFixed(0),
    f.wallSeconds > 0 ? f.wallSeconds.toFixed(1) : '',
    f.peakRssMb > 0 ? f.peakRssMb.toFixed(0) : '',
  ];
  const rows = [
    ['send', 'recipients', 'sink accepted', 'msg/s (sink)', 'wall s', 'peak RSS MB'],
    row('bare pooled nodemailer', m.bare),
    row('masthead, DKIM off', m.plain),
    row('masthead, DKIM RSA-2048', m.dkim),
  ];
  if (m.memory) rows.push(row('masthead, memory: small', m.memory.small), row('masthead, memory: large', m.memory.large));
  return rows;
}
