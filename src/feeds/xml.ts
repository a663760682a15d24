/**
 * Writing XML by hand, safely: text and attribute values escaped, characters XML 1.0 forbids
 * removed, and the two date formats feeds use. Pure; the feed and sitemap builders share it.
 */

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * Everything outside XML 1.0's `Char` production (§2.2: tab, LF, CR, U+0020–U+D7FF,
 * U+E000–U+FFFD, U+10000–U+10FFFF), so other C0 controls, lone surrogates, U+FFFE and U+FFFF;
 * plus DEL and the C1 controls, which §2.2 discourages and feed validators reject.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** The text with every character XML 1.0 cannot carry removed. */
export function stripInvalidXmlChars(text: string): string {
  return text.replace(NOT_XML_CHAR, '');
}

/** Safe as element text and as a double- or single-quoted attribute value. */
export function escapeXml(text: string): string {
  return stripInvalidXmlChars(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export type XmlAttrs = Record<string, string | number | undefined>;

function attrs(a: XmlAttrs): string {
  let out = '';
  for (const [name, value] of Object.entries(a)) {
    if (value !== undefined) out += ` ${name}="${escapeXml(String(value))}"`;
  }
  return out;
}

/** `<name attrs>text</name>`, the text escaped. */
export function el(name: string, text: string, a: XmlAttrs = {}): string {
  return `<${name}${attrs(a)}>${escapeXml(text)}</${name}>`;
}

/** `<name attrs/>`. */
export function emptyEl(name: string, a: XmlAttrs): string {
  return `<${name}${attrs(a)}/>`;
}

/** `<name attrs>` + already-built children + `</name>`. */
export function parentEl(name: string, children: readonly string[], a: XmlAttrs = {}): string {
  return `<${name}${attrs(a)}>${children.join('')}</${name}>`;
}

/**
 * RFC 822 date-time as RSS 2.0 wants it, with the four-digit year of RFC 1123 and the zone
 * as `+0000`: "Tue, 24 Nov 2026 08:00:00 +0000".
 */
export function rfc822(at: Date): string {
  // toUTCString is fixed by ECMA-262 (§21.4.4.43) as "Tue, 24 Nov 2026 08:00:00 GMT".
  return at.toUTCString().replace(/GMT$/, '+0000');
}

/** RFC 3339 (and W3C Datetime, for sitemaps) in UTC, to the second: "2026-11-24T08:00:00Z". */
export function rfc3339(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
