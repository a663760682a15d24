/**
 * One article file of an import (docs/import-format.md): YAML front matter between `---` lines,
 * then the Markdown body. Pure: no database, no file system. Every problem names the file and
 * the field, so a newsroom can fix its files from the import summary alone.
 */
import { createRequire } from 'node:module';
import { type StaticDecode, type TSchema, Type } from 'typebox';
import { Value } from 'typebox/value';
import type * as Yaml from 'yaml';
import { ACCESS_LEVELS, ARTICLE_STATUSES, SLUG_PATTERN } from '../articles/index.js';

/** An ISO 8601 date-time in the file; a `Date` once parsed. */
const DateTime = Type.Codec(Type.String({ format: 'date-time' }))
  .Decode((s) => new Date(s))
  .Encode((d: Date) => d.toISOString());

const Slug = Type.String({ pattern: SLUG_PATTERN, maxLength: 80 });

export const ArticleFrontMatterSchema = Type.Object(
  {
    headline: Type.String({ minLength: 1, maxLength: 200 }),
    dek: Type.Optional(Type.String()),
    slug: Type.Optional(Slug),
    section: Slug,
    authors: Type.Array(Slug, { minItems: 1 }),
    tags: Type.Optional(Type.Array(Slug)),
    dateline: Type.Optional(Type.String()),
    access: Type.Optional(Type.Enum([...ACCESS_LEVELS])),
    status: Type.Optional(Type.Enum([...ARTICLE_STATUSES])),
    published_at: Type.Optional(DateTime),
    updated_at: Type.Optional(DateTime),
    updates: Type.Optional(Type.Array(Type.Object({ at: DateTime, note: Type.String({ minLength: 1 }) }, { additionalProperties: false }))),
    related: Type.Optional(Type.Array(Slug)),
    image: Type.Optional(
      Type.Object(
        {
          file: Type.String({ minLength: 1 }),
          alt: Type.String({ minLength: 1 }),
          caption: Type.Optional(Type.String()),
          credit: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** The front matter with its dates as `Date`s. */
export type ArticleFrontMatter = StaticDecode<typeof ArticleFrontMatterSchema>;

export interface ParsedArticleFile {
  frontMatter: ArticleFrontMatter;
  body: string;
}

/** A problem with one import file; `field` is a dotted path (`updates[0].at`) or empty. */
export class ImportFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { field: string; message: string }[],
  ) {
    super(`${file}: ${problems.map((p) => `${p.field ? `${p.field}: ` : ''}${p.message}`).join('; ')}`);
    this.name = 'ImportFileError';
  }
}

const OPENING = /^\uFEFF?---[ \t]*\r?\n/;
const CLOSING = /^---[ \t]*$/m;

/** Splits `---` front matter from the body. The body keeps its text, minus surrounding blank lines. */
export function splitFrontMatter(file: string, text: string): { yaml: string; body: string } {
  const open = OPENING.exec(text);
  if (!open) throw new ImportFileError(file, [{ field: '', message: 'must start with a "---" line opening the YAML front matter' }]);
  const rest = text.slice(open[0].length);
  const close = CLOSING.exec(rest);
  if (!close) throw new ImportFileError(file, [{ field: '', message: 'the front matter has no closing "---" line' }]);
  const yaml = rest.slice(0, close.index);
  const body = rest
    .slice(close.index + close[0].length)
    .replace(/\r\n/g, '\n')
    .replace(/^\s*\n/, '')
    .trimEnd();
  return { yaml, body };
}

// The YAML parser is loaded with the first file parsed, not at start: the web app imports this
// module (through the demo seeding) but parses YAML only when importing.
let yaml: typeof Yaml | undefined;

/** Parses YAML text, naming the file and line of a syntax error. */
export function parseYamlText(file: string, text: string): unknown {
  yaml ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  const parseYaml = yaml.parse;
  try {
    // YAML 1.2 core schema: dates stay strings, and the schema below decides what they mean.
    return parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (err) {
    const e = err as Error & { linePos?: { line: number; col: number }[] };
    const pos = e.linePos?.[0];
    const where = pos ? ` (line ${pos.line}, column ${pos.col})` : '';
    throw new ImportFileError(file, [{ field: '', message: `invalid YAML${where}: ${firstLine(e.message)}` }]);
  }
}

/** Checks a parsed value against a schema, with problems phrased for people and named by field. */
export function schemaProblems(schema: TSchema, value: unknown): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const add = (field: string, message: string) => {
    if (!problems.some((p) => p.field === field && p.message === message)) problems.push({ field, message });
  };
  // At most a few errors come back (TypeBox's `maxErrors`): enough to fix a file in one go.
  for (const e of Value.Errors(schema, value)) {
    const path = fieldPath(e.instancePath);
    const params = e.params as { requiredProperties?: string[]; additionalProperties?: string[]; format?: string };
    if (e.keyword === 'boolean' && e.schemaPath.endsWith('/additionalProperties')) {
      add(path, `unknown key "${lastSegment(e.instancePath)}"`);
    } else if (e.keyword === 'additionalProperties') {
      for (const p of params.additionalProperties ?? []) add(join(path, p), `unknown key "${p}"`);
    } else if (e.keyword === 'required') {
      for (const p of params.requiredProperties ?? []) add(join(path, p), 'is required');
    } else if (e.keyword === 'format' && params.format === 'date-time') {
      add(path, 'must be an ISO 8601 date and time, like 2026-11-24T07:30:00Z');
    } else if (e.keyword === 'pattern') {
      add(path, 'must be a slug: lowercase letters, digits and single hyphens');
    } else if (e.keyword === 'minItems') {
      add(path, `must list at least ${(e.params as { limit?: number }).limit ?? 1}`);
    } else if (e.keyword === 'enum') {
      const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
      add(
        path,
        `has an unsupported value ${JSON.stringify(valueAt(value, e.instancePath))}${allowed ? ` (use one of: ${allowed.join(', ')})` : ''}`,
      );
    } else {
      add(path, e.message);
    }
  }
  return problems;
}

/** Parses one article file's text. Throws `ImportFileError` naming the file and every bad field. */
export function parseArticleFile(file: string, text: string): ParsedArticleFile {
  const { yaml, body } = splitFrontMatter(file, text);
  const data = parseYamlText(file, yaml);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ImportFileError(file, [{ field: '', message: 'the front matter must be a mapping of keys to values' }]);
  }
  const problems = schemaProblems(ArticleFrontMatterSchema, data);
  if (problems.length > 0) throw new ImportFileError(file, problems);
  const fm = Value.Decode(ArticleFrontMatterSchema, data);

  const status = fm.status ?? 'draft';
  if ((status === 'published' || status === 'scheduled') && (fm.dek ?? '').trim() === '') {
    problems.push({ field: 'dek', message: `is required for a ${status} story` });
  }
  if (status !== 'draft' && !fm.published_at) problems.push({ field: 'published_at', message: `is required for a ${status} story` });
  if (fm.headline.trim() === '') problems.push({ field: 'headline', message: 'must not be blank' });
  if (body.trim() === '') problems.push({ field: 'body', message: 'the article has no text after the front matter' });
  if (problems.length > 0) throw new ImportFileError(file, problems);
  return { frontMatter: fm, body };
}

function fieldPath(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : join(acc, seg)), '');
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function valueAt(value: unknown, pointer: string): unknown {
  let v = value;
  for (const seg of pointer.split('/').slice(1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

function lastSegment(pointer: string): string {
  return (pointer.split('/').pop() ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? s).replace(/ at line \d+, column \d+:?$/, '');
}
