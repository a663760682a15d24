/**
 * `sections.yaml` and `authors.yaml` of an import (docs/import-format.md): created or updated by
 * slug, sections in front-page order. Found beside the articles or one level up, as in `demo/`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { type Static, type TSchema, Type } from 'typebox';
import { uuidv7 } from 'uuidv7';
import { SLUG_PATTERN } from '../articles/index.js';
import { findAuthorBySlug, insertAuthor, updateAuthor } from '../authors/index.js';
import type { Db } from '../db/database.js';
import { findSectionBySlug, insertSection, isReservedSlug, maxSectionPosition, updateSection } from '../sections/index.js';
import { ImportFileError, parseYamlText, schemaProblems } from './front-matter.js';

const Slug = Type.String({ pattern: SLUG_PATTERN, maxLength: 80 });

const SectionsFileSchema = Type.Array(
  Type.Object(
    { slug: Slug, name: Type.String({ minLength: 1, maxLength: 120 }), description: Type.Optional(Type.String({ maxLength: 500 })) },
    { additionalProperties: false },
  ),
);
const AuthorsFileSchema = Type.Array(
  Type.Object(
    { slug: Slug, name: Type.String({ minLength: 1, maxLength: 120 }), bio: Type.Optional(Type.String({ maxLength: 2000 })) },
    { additionalProperties: false },
  ),
);

export interface CatalogueResult {
  /** Whether any section or author row was written. */
  changed: boolean;
  failed: { file: string; reason: string }[];
}

/** The first of `dir/name` and `dir/../name` that exists. */
export async function findCatalogueFile(dir: string, name: string): Promise<string | undefined> {
  for (const candidate of [path.join(dir, name), path.join(path.dirname(dir), name)]) {
    const stat = await fs.stat(candidate).catch(() => undefined);
    if (stat?.isFile()) return candidate;
  }
  return undefined;
}

async function readList<T>(file: string, shown: string, schema: TSchema): Promise<T[]> {
  const data = parseYamlText(shown, await fs.readFile(file, 'utf8')) ?? [];
  const problems = schemaProblems(schema, data);
  if (problems.length > 0) throw new ImportFileError(shown, problems);
  return data as T[];
}

/** Imports `sections.yaml` and `authors.yaml`, if present. `shown` turns a path into the name a report uses. */
export async function importCatalogue(db: Db, dir: string, now: Date, shown: (file: string) => string): Promise<CatalogueResult> {
  const result: CatalogueResult = { changed: false, failed: [] };
  const fail = (file: string, reason: string) => result.failed.push({ file, reason });

  const sectionsFile = await findCatalogueFile(dir, 'sections.yaml');
  if (sectionsFile) {
    const name = shown(sectionsFile);
    try {
      const list = await readList<Static<typeof SectionsFileSchema>[number]>(sectionsFile, name, SectionsFileSchema);
      for (const [position, s] of list.entries()) {
        if (isReservedSlug(s.slug)) {
          fail(name, `[${position}].slug: "${s.slug}" is reserved for the site's own pages; choose another slug`);
          continue;
        }
        const wanted = { slug: s.slug, name: s.name, description: s.description ?? '', position };
        const existing = await findSectionBySlug(db, s.slug);
        if (!existing) {
          await insertSection(db, { id: uuidv7(), ...wanted }, now);
          result.changed = true;
        } else if (existing.name !== wanted.name || existing.description !== wanted.description || existing.position !== position) {
          await updateSection(db, existing.id, wanted, now);
          result.changed = true;
        }
      }
    } catch (err) {
      fail(name, reasonOf(err, name));
    }
  }

  const authorsFile = await findCatalogueFile(dir, 'authors.yaml');
  if (authorsFile) {
    const name = shown(authorsFile);
    try {
      const list = await readList<Static<typeof AuthorsFileSchema>[number]>(authorsFile, name, AuthorsFileSchema);
      for (const a of list) {
        const existing = await findAuthorBySlug(db, a.slug);
        const bio = a.bio ?? '';
        if (!existing) {
          await insertAuthor(db, { id: uuidv7(), slug: a.slug, name: a.name, bio, photoImageId: null }, now);
          result.changed = true;
        } else if (existing.name !== a.name || existing.bio !== bio) {
          await updateAuthor(db, existing.id, { name: a.name, bio }, now);
          result.changed = true;
        }
      }
    } catch (err) {
      fail(name, reasonOf(err, name));
    }
  }
  return result;
}

/**
 * Makes a section an article names but no sections file lists ("created if missing"), placed
 * after the others. Returns a reason when it cannot.
 */
export async function ensureSection(db: Db, slug: string, now: Date): Promise<string | undefined> {
  if (await findSectionBySlug(db, slug)) return undefined;
  if (isReservedSlug(slug)) return `section: "${slug}" is reserved for the site's own pages; choose another section`;
  const name = slug
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
  await insertSection(db, { id: uuidv7(), slug, name, description: '', position: (await maxSectionPosition(db)) + 1 }, now);
  return undefined;
}

/** A failure's reason for the summary, without repeating the file name. */
export function reasonOf(err: unknown, file: string): string {
  if (err instanceof ImportFileError) return err.message.startsWith(`${file}: `) ? err.message.slice(file.length + 2) : err.message;
  const e = err as Error & { fields?: { field: string; message: string }[] };
  if (Array.isArray(e.fields) && e.fields.length > 0) return e.fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return e instanceof Error ? e.message : String(err);
}
