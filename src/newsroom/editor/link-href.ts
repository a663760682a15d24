/** The longest address the server keeps. */
export const MAX_HREF = 2000;

/**
 * Which link addresses the body may carry (contract B): http(s), mailto, a path on this site or
 * a fragment (`#…`), as the server's body document allows them (src/articles). Anything else
 * (javascript:, data:, protocol-relative `//host` or `/\host`, which browsers read as `//host`)
 * is refused in the editor, so it never offers to save a link the server would refuse.
 */
export function isAllowedHref(href: string): boolean {
  const value = href.trim();
  if (value !== href || value === '' || value.length > MAX_HREF) return false;
  if (/[<>"]/.test(value)) return false;
  // Control characters and spaces make browsers "repair" a URL into something else.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point of this check
  if (/[\u0000-\u0020\u007f]/.test(value)) return false;
  if (value.startsWith('#')) return /^#[\w-]*$/.test(value);
  if (value.startsWith('/')) return !value.startsWith('//') && !value.startsWith('/\\');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  if (scheme === 'mailto') return value.length > 'mailto:'.length;
  if (scheme !== 'http' && scheme !== 'https') return false;
  try {
    const url = new URL(value);
    return url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * What someone typed into the link dialog, made into an address: `example.com/x` becomes
 * `https://example.com/x`, `name@example.com` becomes a mailto link; the result may still be refused.
 */
export function normaliseHref(typed: string): string {
  const value = typed.trim();
  if (value === '' || value.startsWith('/') || value.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
  if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(value)) return `mailto:${value}`;
  if (/^[^\s/]+\.[^\s/]+/.test(value)) return `https://${value}`;
  return value;
}
