import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { el, emptyEl, escapeXml, rfc822, rfc3339, stripInvalidXmlChars } from './xml.js';

describe('stripInvalidXmlChars', () => {
  it.each([
    ['C0 controls', 'a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg', 'abcdefg'],
    ['DEL and C1 controls', 'a\u007Fb\u0080c\u009Fd', 'abcd'],
    ['lone surrogates', 'a\uD800b\uDFFFc', 'abc'],
    ['U+FFFE and U+FFFF', 'a\uFFFEb\uFFFFc', 'abc'],
    ['tab, LF and CR are kept', 'a\tb\nc\rd', 'a\tb\nc\rd'],
    ['astral characters are kept', 'news 😀 𝄞', 'news 😀 𝄞'],
    ['ordinary text is untouched', 'Café – “quoted” ½', 'Café – “quoted” ½'],
  ])('%s', (_name, input, expected) => {
    expect(stripInvalidXmlChars(input)).toBe(expected);
  });
});

describe('escapeXml', () => {
  it('escapes the five specials and strips controls', () => {
    expect(escapeXml(`Tom & Jerry <b>"hi"</b> it's\u0007`)).toBe('Tom &amp; Jerry &lt;b&gt;&quot;hi&quot;&lt;/b&gt; it&apos;s');
  });

  it('round-trips through an XML parser in text and attributes', () => {
    const nasty = `a & b < c > d "e" 'f' ]]> g`;
    const xml = `<r>${el('t', nasty, { v: nasty })}${emptyEl('e', { v: nasty, skip: undefined })}</r>`;
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, trimValues: false }).parse(xml);
    expect(doc.r.t['#text']).toBe(nasty);
    expect(doc.r.t['@_v']).toBe(nasty);
    expect(doc.r.e['@_v']).toBe(nasty);
    expect(doc.r.e['@_skip']).toBeUndefined();
  });
});

describe('dates', () => {
  it('writes RFC 822 with a four-digit year and a numeric zone', () => {
    expect(rfc822(new Date('2026-11-24T08:05:09.123Z'))).toBe('Tue, 24 Nov 2026 08:05:09 +0000');
    expect(rfc822(new Date('2027-01-03T23:59:59Z'))).toBe('Sun, 03 Jan 2027 23:59:59 +0000');
  });

  it('writes RFC 3339 in UTC to the second', () => {
    expect(rfc3339(new Date('2026-11-24T08:05:09.123Z'))).toBe('2026-11-24T08:05:09Z');
  });
});
