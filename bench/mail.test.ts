import { describe, expect, it } from 'vitest';
import { MAIL_TARGETS, type MailResult, mailRows, mailVerdicts, type SendFigures } from './mail-report.js';
import { formatResults } from './report.js';

function f(perSecond: number, over: Partial<SendFigures> = {}): SendFigures {
  return { recipients: 1000, accepted: 1000, seconds: 1000 / perSecond, perSecond, wallSeconds: 5, peakRssMb: 200, exitCode: 0, ...over };
}

function result(over: Partial<MailResult> = {}): MailResult {
  return { connections: 5, bare: f(2000, { peakRssMb: 0 }), plain: f(1200), dkim: f(500), ...over };
}

const byTarget = (m: MailResult, word: string) => mailVerdicts(m).find((v) => v.target.includes(word));

describe('the mail bench verdicts', () => {
  it('passes at half the bare loop and above, fails below', () => {
    expect(byTarget(result({ plain: f(1000) }), 'DKIM off')?.pass).toBe(true);
    expect(byTarget(result({ plain: f(999) }), 'DKIM off')).toMatchObject({ pass: false, value: expect.stringMatching(/^50 %/) });
    expect(byTarget(result(), 'DKIM off')?.value).toContain('60 %');
  });

  it('fails a send the sink did not count whole, or that did not exit 0, whatever its rate', () => {
    expect(byTarget(result({ plain: f(1900, { accepted: 999 }) }), 'DKIM off')?.pass).toBe(false);
    expect(byTarget(result({ plain: f(1900, { exitCode: 1 }) }), 'DKIM off')?.pass).toBe(false);
    expect(byTarget(result({ bare: f(2000, { accepted: 10 }) }), 'DKIM off')?.pass).toBe(false);
    expect(byTarget(result({ dkim: f(900, { accepted: 998 }) }), 'RSA-2048')?.pass).toBe(false);
  });

  it('holds DKIM to 400 messages a second', () => {
    expect(byTarget(result({ dkim: f(MAIL_TARGETS.dkimPerSecond) }), 'RSA-2048')?.pass).toBe(true);
    expect(byTarget(result({ dkim: f(399) }), 'RSA-2048')?.pass).toBe(false);
  });

  it('judges memory only when measured, by the large audience over the small one', () => {
    expect(byTarget(result(), 'peak RSS')).toBeUndefined();
    const memory = (small: number, large: number) =>
      result({
        memory: { small: f(900, { peakRssMb: small }), large: f(900, { recipients: 100_000, accepted: 100_000, peakRssMb: large }) },
      });
    expect(byTarget(memory(200, 220), 'peak RSS')).toMatchObject({ pass: true, value: '220 MB vs 200 MB (×1.10)' });
    expect(byTarget(memory(200, 240), 'peak RSS')?.pass).toBe(false);
    expect(byTarget(memory(0, 240), 'peak RSS')?.pass).toBe(false);
  });

  it('prints its table before the targets', () => {
    const m = result();
    const text = formatResults([], mailVerdicts(m), mailRows(m));
    expect(text.indexOf('The daily email')).toBeLessThan(text.indexOf('Targets'));
    expect(text).toMatch(/masthead, DKIM RSA-2048\s+1000\s+1000\s+500/);
  });
});
