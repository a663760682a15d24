/** A test's "this is there": the value, or a failure naming what was missing (instead of `x!`). */
export function must<T>(value: T | undefined | null, what = 'a value'): T {
  if (value === undefined || value === null) throw new Error(`expected ${what}, got ${String(value)}`);
  return value;
}
