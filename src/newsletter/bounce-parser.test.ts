/**
 * The bounce parser and its verdict against the corpus in bounce-samples/ (written for these
 * tests in the shapes of the major receivers' reports), one row per file: what kind of report it
 * is, what it means, the status, the recipient, and whether the VERP token and the original's
 * Message-ID are found. Then the VERP token itself and the escalation of soft bounces.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyReport, explainBounce, softBouncesEscalate, statusInText } from './bounce.js';
import { addressOf, parseBounceMessage } from './bounce-parser.js';
import { fillSample, BOUNCE_SAMPLES as SAMPLES } from './bounce-test-support.js';
import { readBounceToken, signBounceToken, verpAddress } from './bounce-token.js';

const KEYS = ['test-key-one'];
const READER = '01938f2e-6b1c-7a00-8000-0123456789ab';
const TOKEN = signBounceToken(READER, '2026-12-08', KEYS);
const VERP = verpAddress('bounces@bounce.news.example', TOKEN);
const RCPT = 'reader@receiver.example';
const MID = '<edition.01938f2e-0000-7000-8000-000000000001.01938f2e-6b1c-7a00-8000-0123456789ab@news.example>';

interface Row {
  file: string;
  type: string;
  kind: string;
  status?: string;
  address?: string | null;
  /** Whether the report carries our VERP token, and the original's Message-ID. */
  token: boolean;
  mid: boolean;
}

const ROWS: Row[] = [
  { file: 'gmail-hard-no-such-user.eml', type: 'dsn', kind: 'hard', status: '5.1.1', address: RCPT, token: true, mid: true },
  { file: 'gmail-soft-inbox-full.eml', type: 'dsn', kind: 'soft', status: '4.2.2', address: RCPT, token: true, mid: true },
  { file: 'outlook-hard-recipient-not-found.eml', type: 'dsn', kind: 'hard', status: '5.1.10', address: RCPT, token: true, mid: true },
  { file: 'yahoo-hard-plain-text.eml', type: 'text-bounce', kind: 'hard', status: '5.0.0', address: RCPT, token: true, mid: true },
  { file: 'postfix-hard-user-unknown.eml', type: 'dsn', kind: 'hard', status: '5.1.1', address: RCPT, token: true, mid: true },
  { file: 'postfix-delayed-warning.eml', type: 'dsn', kind: 'ignored', token: true, mid: true },
  { file: 'exim-hard-plain-text.eml', type: 'text-bounce', kind: 'hard', status: '5.1.1', address: RCPT, token: true, mid: true },
  { file: 'exim-soft-quota-plain-text.eml', type: 'text-bounce', kind: 'soft', status: '4.2.2', address: RCPT, token: true, mid: true },
  { file: 'ses-hard-dsn.eml', type: 'dsn', kind: 'hard', status: '5.1.1', address: RCPT, token: true, mid: true },
  { file: 'ses-hard-policy-block.eml', type: 'dsn', kind: 'hard', status: '5.7.1', address: RCPT, token: true, mid: false },
  { file: 'arf-yahoo-style-complaint.eml', type: 'arf', kind: 'complaint', status: 'abuse', address: RCPT, token: true, mid: true },
  {
    file: 'arf-outlook-style-complaint-redacted.eml',
    type: 'arf',
    kind: 'complaint',
    status: 'abuse',
    address: null,
    token: true,
    mid: true,
  },
  { file: 'dsn-not-ours.eml', type: 'dsn', kind: 'hard', status: '5.1.1', address: 'someone@elsewhere.example', token: false, mid: false },
  { file: 'auto-reply-out-of-office.eml', type: 'other', kind: 'ignored', token: true, mid: false },
  { file: 'malformed-missing-boundary.eml', type: 'other', kind: 'malformed', token: true, mid: false },
  { file: 'malformed-truncated-status.eml', type: 'dsn', kind: 'malformed', token: true, mid: false },
  { file: 'malformed-binary.eml', type: 'other', kind: 'malformed', token: false, mid: false },
];

describe('the bounce corpus', () => {
  it('has a row for every sample', () => {
    const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.eml'));
    expect(files.sort()).toEqual(ROWS.map((r) => r.file).sort());
  });

  it.each(ROWS)('$file: $type → $kind', async (row) => {
    const report = await parseBounceMessage(fillSample(row.file, { verp: VERP, rcpt: RCPT, mid: MID }));
    expect(report.type).toBe(row.type);
    const verdict = classifyReport(report);
    expect(verdict.kind).toBe(row.kind);
    if ('status' in verdict) {
      expect(verdict.status).toBe(row.status);
      expect(verdict.address).toBe(row.address);
      expect(verdict.diagnostic.length).toBeLessThanOrEqual(300);
    }
    if (row.token) {
      expect(report.tokens[0]).toBe(TOKEN);
      expect(readBounceToken(report.tokens[0] ?? '', KEYS)).toEqual({ readerId: READER, editionDate: '2026-12-08' });
    } else expect(report.tokens).toEqual([]);
    if (row.mid) expect(report.messageIds).toContain(MID.toLowerCase());
    else expect(report.messageIds).not.toContain(MID.toLowerCase());
  });

  it('keeps the receiver words of a folded Diagnostic-Code without its type', async () => {
    const verdict = classifyReport(
      await parseBounceMessage(fillSample('outlook-hard-recipient-not-found.eml', { verp: VERP, rcpt: RCPT, mid: MID })),
    );
    expect(verdict).toMatchObject({ diagnostic: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup' });
  });

  it('answers a report for an empty or huge garbage input without throwing', async () => {
    expect((await parseBounceMessage('')).why).toBe('malformed');
    expect((await parseBounceMessage(Buffer.alloc(200_000, 0x41))).why).toBe('malformed');
  });
});

describe('the VERP token', () => {
  it('round-trips, fits a local part, and survives a change of case', () => {
    expect(VERP.split('@')[0]?.length).toBeLessThanOrEqual(64);
    expect(VERP).toMatch(/^bounces\+[a-z2-7]{45}@bounce\.news\.example$/);
    expect(readBounceToken(TOKEN.toUpperCase(), KEYS)).toEqual({ readerId: READER, editionDate: '2026-12-08' });
  });
  it('refuses a changed, cut or foreign token, and verifies with a retired key', () => {
    const flipped = `${TOKEN.slice(0, 10)}${TOKEN[10] === 'a' ? 'b' : 'a'}${TOKEN.slice(11)}`;
    expect(readBounceToken(flipped, KEYS)).toBeUndefined();
    expect(readBounceToken(TOKEN.slice(1), KEYS)).toBeUndefined();
    expect(readBounceToken(TOKEN, ['other-key'])).toBeUndefined();
    expect(readBounceToken(TOKEN, ['new-key', 'test-key-one'])).toBeDefined();
  });
});

describe('bounce decisions', () => {
  it('escalates soft bounces on three different days within fourteen', () => {
    const now = new Date('2026-12-20T08:00:00Z');
    const day = (d: string) => new Date(`${d}T07:05:00Z`);
    expect(softBouncesEscalate([day('2026-12-18'), day('2026-12-19')], now)).toBe(false);
    expect(softBouncesEscalate([day('2026-12-19'), day('2026-12-19'), day('2026-12-20')], now)).toBe(false);
    expect(softBouncesEscalate([day('2026-12-10'), day('2026-12-15'), day('2026-12-20')], now)).toBe(true);
    expect(softBouncesEscalate([day('2026-12-01'), day('2026-12-15'), day('2026-12-20')], now)).toBe(false);
  });
  it('reads statuses out of words', () => {
    expect(statusInText('smtp; 550-5.1.1 The email account')).toBe('5.1.1');
    expect(statusInText('554: delivery error')).toBe('5.0.0');
    expect(statusInText('host mx [203.0.113.40] timed out')).toBeNull();
  });
  it('reads addresses in DSN fields', () => {
    expect(addressOf('rfc822; Reader@Example.ORG')).toBe('reader@example.org');
    expect(addressOf('rfc822;')).toBeNull();
    expect(addressOf('<a@b.example>')).toBe('a@b.example');
  });
  it('explains a bounce in plain words', () => {
    expect(explainBounce('hard_bounce', '5.1.1 550 no such user')).toMatch(/does not exist/);
    expect(explainBounce('hard_bounce', '5.2.2 mailbox full')).toMatch(/full/);
    expect(explainBounce('hard_bounce', 'soft-repeated 4.2.2 full')).toMatch(/several days/);
    expect(explainBounce('complaint', 'abuse')).toMatch(/spam/);
    expect(explainBounce('hard_bounce', '5.7.1 policy')).toMatch(/rules/);
  });
});
