/**
 * Verdicts by address, each kept until its own expiry, at most `maxEntries` (the oldest written
 * goes first). A Map keeps insertion order, so that is a delete of its first key. Pure; the
 * time is an argument.
 */
export class VerdictCache {
  readonly #entries = new Map<string, { verified: boolean; expiresAt: number }>();

  constructor(readonly maxEntries: number) {}

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
    this.#entries.delete(key);
    if (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { verified, expiresAt });
  }

  get size(): number {
    return this.#entries.size;
  }
}
