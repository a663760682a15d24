/**
 * What `masthead newsletter send` shows while it sends: sent, failed, remaining, the rate over the
 * last few seconds and the time left at that rate. Pure: the command feeds it counts and times.
 */
import type { SendProgress } from './edition-sender.js';

/** Final outcomes a second over a sliding window of samples (the last ~10 s). */
export function createRateMeter(windowMs = 10_000) {
  const samples: { at: number; done: number }[] = [];
  return {
    add(at: number, done: number): void {
      samples.push({ at, done });
      while (samples.length > 2 && (samples[0]?.at ?? at) < at - windowMs) samples.shift();
    },
    /** Per second; 0 until two samples apart in time. */
    rate(): number {
      const first = samples[0];
      const last = samples[samples.length - 1];
      if (!first || !last || last.at <= first.at) return 0;
      return ((last.done - first.done) * 1000) / (last.at - first.at);
    },
  };
}

const n = (v: number) => v.toLocaleString('en-US');

/** "1:02:03" or "2:05". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** "sent 1,200 · failed 3 · remaining 8,797 · 412/s · ETA 0:21" (rate and ETA once there is a rate). */
export function formatProgress(p: SendProgress, rate: number): string {
  const remaining = p.total - p.done;
  const parts = [`sent ${n(p.counts.accepted)}`, `failed ${n(p.counts.failed)}`];
  if (p.counts.skipped > 0) parts.push(`left out ${n(p.counts.skipped)}`);
  parts.push(`remaining ${n(remaining)}`);
  if (rate > 0) parts.push(`${n(Math.round(rate))}/s`, `ETA ${formatDuration(remaining / rate)}`);
  else if (remaining > 0) parts.push('ETA —');
  return parts.join(' · ');
}
