/**
 * A pin's end as the editor's `datetime-local` field holds it: wall-clock time in the paper's
 * time zone (never the browser's), to and from an instant. Pure.
 */
import { localFields } from '../time/local-time.js';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-12-07T18:30` for an instant, in `timeZone`. */
export function toLocalInput(at: Date, timeZone: string): string {
  const f = localFields(at, timeZone);
  return `${f.y}-${pad(f.m)}-${pad(f.d)}T${pad(f.h)}:${pad(f.min)}`;
}

/** The instant a wall-clock `YYYY-MM-DDTHH:MM` names in `timeZone`; undefined when it is not one. */
export function fromLocalInput(value: string, timeZone: string): Date | undefined {
  const m = LOCAL.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, min] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || min > 59) return undefined;
  const wanted = Date.UTC(y, mo - 1, d, h, min);
  if (new Date(wanted).getUTCDate() !== d) return undefined;
  let guess = wanted;
  // Two corrections settle the zone's offset, including around a DST change.
  for (let i = 0; i < 2; i++) {
    const f = localFields(new Date(guess), timeZone);
    guess += wanted - Date.UTC(f.y, f.m - 1, f.d, f.h, f.min, f.s);
  }
  return new Date(guess);
}
