/**
 * A bounded map that forgets its oldest half at once: entries go into a young generation; when it
 * holds half the bound, it becomes the old one and the previous old generation is dropped whole.
 * A hit in the old generation moves the entry to the young one, so what is used stays.
 *
 * Why not evict the oldest entry one at a time (`map.keys().next()` then `delete`): V8's Map leaves
 * a deleted entry's slot in place until the table is rebuilt, and iteration from the start walks
 * over every such slot, so at 50,000 entries that eviction cost ~100 µs per insert (measured) —
 * paid by every first visit of a story read by a crowd of new readers.
 */
export class GenerationalMap<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private readonly half: number;

  /** `max`: the most entries held at once (at least 2). */
  constructor(max: number) {
    if (!(Number.isInteger(max) && max >= 2)) throw new Error('GenerationalMap: max must be an integer of at least 2');
    this.half = Math.floor(max / 2);
  }

  get(key: K): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) {
      this.old.delete(key);
      this.put(key, o);
    }
    return o;
  }

  set(key: K, value: V): void {
    this.old.delete(key);
    this.put(key, value);
  }

  delete(key: K): void {
    this.young.delete(key);
    this.old.delete(key);
  }

  /** Deletes every entry whose value matches (a walk over all of them: for rare events). */
  deleteWhere(matches: (value: V) => boolean): void {
    for (const gen of [this.young, this.old]) for (const [k, v] of gen) if (matches(v)) gen.delete(k);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  private put(key: K, value: V): void {
    if (!this.young.has(key) && this.young.size >= this.half) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}
