/**
 * A crawler's published address ranges, in the format Google and Bing publish them
 * (developers.google.com/static/search/apis/ipranges/googlebot.json, bing.com/toolbox/bingbot.json):
 * `{ "creationTime": "…", "prefixes": [{ "ipv4Prefix": "66.249.64.0/27" }, { "ipv6Prefix": "…" }] }`.
 * Pure: parsed and checked here, read and stored elsewhere.
 */
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
// cidr.ts is pure (node:net only); subscriptions/index.ts does not export parseCidr.
import { createRangeMatcher, parseCidr } from '../net/cidr.js';

/** The published file. Other keys (Google has added some over the years) are allowed and dropped. */
export const RangeFileSchema = Type.Object({
  creationTime: Type.String({ minLength: 1, maxLength: 64 }),
  prefixes: Type.Array(
    Type.Object({
      ipv4Prefix: Type.Optional(Type.String({ maxLength: 64 })),
      ipv6Prefix: Type.Optional(Type.String({ maxLength: 64 })),
    }),
    { minItems: 1, maxItems: 100_000 },
  ),
});
export type RangeFile = Static<typeof RangeFileSchema>;

export interface CrawlerRanges {
  /** As the publisher wrote it (Google: "2026-08-20T14:46:45.000000", no zone). */
  creationTime: string;
  ipv4: string[];
  ipv6: string[];
}

export type RangeParse = { ok: true; ranges: CrawlerRanges } | { ok: false; problems: string[] };

/** How many bad entries a message names before it says "and N more". */
const NAMED = 10;

/**
 * Checks a parsed JSON value. Problems are phrased for the operator and name the bad entries;
 * one bad entry rejects the whole file (a half-loaded list would verify less than the old one).
 */
export function parseRangeFile(value: unknown): RangeParse {
  if (!Value.Check(RangeFileSchema, value)) {
    const problems = [...Value.Errors(RangeFileSchema, value)]
      .slice(0, NAMED)
      .map((e) => `${e.instancePath || '(the file)'}: ${e.message}`);
    return { ok: false, problems: problems.length > 0 ? problems : ['is not a crawler range file'] };
  }
  const ipv4: string[] = [];
  const ipv6: string[] = [];
  const bad: string[] = [];
  value.prefixes.forEach((p, i) => {
    const entries = [
      ['ipv4Prefix', p.ipv4Prefix],
      ['ipv6Prefix', p.ipv6Prefix],
    ].filter((e): e is [string, string] => e[1] !== undefined);
    if (entries.length !== 1) {
      bad.push(`prefixes[${i}] (needs exactly one of ipv4Prefix, ipv6Prefix)`);
      return;
    }
    const [key, text] = entries[0] as [string, string];
    const cidr = parseCidr(text);
    const family = key === 'ipv4Prefix' ? 'ipv4' : 'ipv6';
    if (cidr === null || !text.includes('/')) bad.push(`"${text}" (${key})`);
    else if (cidr.family !== family) bad.push(`"${text}" (${key}, but an ${cidr.family} range)`);
    else (family === 'ipv4' ? ipv4 : ipv6).push(text.trim());
  });
  if (bad.length > 0) {
    const more = bad.length > NAMED ? `, and ${bad.length - NAMED} more` : '';
    const what = bad.length === 1 ? '1 prefix is not a valid CIDR range' : `${bad.length} prefixes are not valid CIDR ranges`;
    return { ok: false, problems: [`${what}: ${bad.slice(0, NAMED).join(', ')}${more}`] };
  }
  return { ok: true, ranges: { creationTime: value.creationTime, ipv4, ipv6 } };
}

/** Back to the published format: what is stored, so reading it back is the same parse. */
export function toRangeFile(ranges: CrawlerRanges): RangeFile {
  return {
    creationTime: ranges.creationTime,
    prefixes: [...ranges.ipv4.map((r) => ({ ipv4Prefix: r })), ...ranges.ipv6.map((r) => ({ ipv6Prefix: r }))],
  };
}

/** A matcher over both families; IPv4-mapped IPv6 addresses (`::ffff:66.249.66.1`) match their IPv4 range. */
export function rangeMatcher(ranges: CrawlerRanges | null): (ip: string) => boolean {
  if (ranges === null) return () => false;
  return createRangeMatcher([...ranges.ipv4, ...ranges.ipv6]);
}
