/** Test support for bounces: a sample of bounce-samples/ with its placeholders filled in. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const BOUNCE_SAMPLES = join(import.meta.dirname, 'bounce-samples');

/** The sample's bytes with `{{VERP}}`, `{{RCPT}}` and `{{MID}}` replaced (the binary sample as it is). */
export function fillSample(name: string, values: { verp: string; rcpt: string; mid: string }): Buffer {
  const raw = readFileSync(join(BOUNCE_SAMPLES, name));
  if (name.startsWith('malformed-binary')) return raw;
  return Buffer.from(
    raw.toString('utf8').replaceAll('{{VERP}}', values.verp).replaceAll('{{RCPT}}', values.rcpt).replaceAll('{{MID}}', values.mid),
  );
}
