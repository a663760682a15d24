/**
 * CSV as the staff's downloads write it (the reader office's exports, the dashboard's tables):
 * RFC 4180 cells and CRLF lines, made safe to open in a spreadsheet.
 */

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes
 * doubled. A cell that a spreadsheet would read as a formula (starting with = + - @, or a tab or
 * carriage return before one) is prefixed with an apostrophe first, as OWASP's "CSV Injection"
 * page advises, so opening the export never runs what a reader typed as their name.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
