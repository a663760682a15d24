import { GenerationalMap } from '../cache/generational-map.js';

/**
 * Verdicts by address, each kept until its own expiry, at most `maxEntries` (the older half of
 * them go together: `GenerationalMap`). Pure; the time is an argument.
 */
export class VerdictCache {
  readonly #entries: GenerationalMap<string, { verified: boolean; expiresAt: number }>;

  constructor(readonly maxEntries: number) {
    this.#entries = new GenerationalMap(Math.max(2, maxEntries));
  }

  /** The verdict, or undefined when there is none or it has expired. */
  get(key: string, now: number): boolean | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.verified;
  }

  set(key: string, verified: boolean, expiresAt: number): void {
    this.#entries.set(key, { verified, expiresAt });
  }

  get size(): number {
    return this.#entries.size;
  }
}
