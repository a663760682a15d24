/** Dates as readers see them, always in the paper's time zone. */

/**
 * One formatter per style and time zone, made once: an `Intl.DateTimeFormat` costs tens of
 * microseconds to make (ICU loads the zone and the pattern), far more than a `format` call, and a
 * front page formats dozens of dates.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(style: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${style}|${timeZone}`;
  let f = formatters.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, ...options });
    formatters.set(key, f);
  }
  return f;
}

export function formatDateTime(at: Date, timeZone: string): string {
  return formatter('date-time', timeZone, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(at);
}

/** "21:15": hours and minutes on the 24-hour clock. */
export function formatTime(at: Date, timeZone: string): string {
  return formatter('time', timeZone, { hour: '2-digit', minute: '2-digit', hour12: false }).format(at);
}

export function formatDate(at: Date, timeZone: string): string {
  return formatter('date', timeZone, { day: 'numeric', month: 'long', year: 'numeric' }).format(at);
}

/** "Mara Quint", "Mara Quint and Tobias Renn", "A, B and C". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
