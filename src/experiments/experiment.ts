/**
 * Experiments on the meter and the paywall: the words, the schemas of what arm B changes, and the
 * arm a reader falls in. Pure: no database, no HTTP.
 *
 * Arms come from bytes the meter already has. An anonymous reader's meter state is stored under
 * an HMAC of the meter's id keyed by the site's secret (src/meter/meter-cookie.ts): its last five
 * base64url digits are 30 unpredictable bits, the same on every request of that meter. A signed-in
 * reader's bits are an HMAC of their id (the experiment service computes it once per reader and
 * process). Both are mixed with the experiment's own salt by a 32-bit finaliser (MurmurHash3's
 * fmix32), so two experiments split readers independently: arm B of one says nothing of the next.
 * No third party sees anything; the arm is never stored, only recomputed.
 */
import { type Static, Type } from 'typebox';
import { type Arm, type MeterPolicy, MeterPolicySchema, type PaywallCopy, PaywallCopySchema } from '../meter/index.js';

export const EXPERIMENT_KINDS = ['allowance', 'copy'] as const;
export type ExperimentKind = (typeof EXPERIMENT_KINDS)[number];

export const KIND_LABELS: Record<ExperimentKind, string> = {
  allowance: 'Free articles (the meter’s allowance)',
  copy: 'The paywall’s words (tagline, pitch, editor’s letter, offer)',
};

/** Arm B of an allowance experiment: the free articles without an account, and the more an account gives. */
export const AllowanceVariantSchema = Type.Object(
  {
    anonymousFree: MeterPolicySchema.properties.anonymousFree,
    registeredExtra: MeterPolicySchema.properties.registeredExtra,
  },
  { additionalProperties: false },
);
export type AllowanceVariant = Static<typeof AllowanceVariantSchema>;

/** Arm B of a copy experiment: the whole paywall copy, and the tagline over the wall. */
export const CopyVariantSchema = Type.Object(
  { copy: PaywallCopySchema, tagline: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type CopyVariant = Static<typeof CopyVariantSchema>;

export type Variant = { kind: 'allowance'; allowance: AllowanceVariant } | { kind: 'copy'; copy: CopyVariant };

/** Per cent of readers in arm B: 1 to 99 (50 by default). */
export const ShareSchema = Type.Integer({ minimum: 1, maximum: 99 });
export const DEFAULT_SHARE_B = 50;

export type ExperimentStatus = 'running' | 'stopped';

export interface Experiment {
  id: string;
  name: string;
  variant: Variant;
  /** Per cent of readers in arm B. */
  shareB: number;
  status: ExperimentStatus;
  /** The arm rolled out, once one was. */
  winner: Arm | null;
  startedAt: Date;
  startedBy: string;
  stoppedAt: Date | null;
  stoppedBy: string | null;
  rolledOutAt: Date | null;
  rolledOutBy: string | null;
}

/** MurmurHash3's 32-bit finaliser: every input bit flips each output bit with probability about 1/2. */
export function fmix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < B64URL.length; i++) DIGIT[B64URL.charCodeAt(i)] = i;

/**
 * 30 bits of a meter's state hash: its last five base64url digits. Both cookie versions' hashes
 * end in HMAC output (a version-3 hash starts with the meter's instant, which is not random).
 */
export function bitsOfMeterHash(hash: string): number {
  let bits = 0;
  for (let i = Math.max(0, hash.length - 5); i < hash.length; i++) {
    const d = DIGIT[hash.charCodeAt(i)] ?? -1;
    bits = bits * 64 + Math.max(d, 0);
  }
  return bits >>> 0;
}

/** The salt of an experiment's split: 32 bits of its id (ids are random), fixed for its life. */
export function saltOf(experimentId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < experimentId.length; i++) h = Math.imul(h ^ experimentId.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

/**
 * The arm of a reader's 32 bits in an experiment with this salt: B for the first `shareB` per
 * cent of the mixed range. Stable: the same bits and salt give the same arm on every call.
 */
export function armOf(bits: number, salt: number, shareB: number): Arm {
  const mixed = fmix32((bits ^ salt) >>> 0);
  return mixed < Math.floor((shareB / 100) * 0x1_0000_0000) ? 'B' : 'A';
}

/** The policy of an arm: A the one in force, B it with the experiment's allowance (an allowance experiment only). */
export function policyOfArm(variant: Variant, arm: Arm, base: MeterPolicy): MeterPolicy {
  if (arm === 'A' || variant.kind !== 'allowance') return base;
  return { ...base, anonymousFree: variant.allowance.anonymousFree, registeredExtra: variant.allowance.registeredExtra };
}

export function copyOfArm(variant: Variant, arm: Arm, base: PaywallCopy): PaywallCopy {
  return arm === 'B' && variant.kind === 'copy' ? variant.copy.copy : base;
}

export function taglineOfArm(variant: Variant, arm: Arm, base: string): string {
  return arm === 'B' && variant.kind === 'copy' ? variant.copy.tagline : base;
}

/** What arm B changes, in a line for people. */
export function describeVariant(variant: Variant): string {
  if (variant.kind === 'allowance') {
    const a = variant.allowance;
    return `${a.anonymousFree} free ${a.anonymousFree === 1 ? 'article' : 'articles'} without an account, ${a.registeredExtra} more with one`;
  }
  return `Paywall heading “${variant.copy.copy.heading}”`;
}
