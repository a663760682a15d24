/**
 * Route validators made by TypeBox's own compiler (`typebox/compile`) instead of Fastify's Ajv.
 * Two scopes use them: the JSON APIs (src/api/api-validation.ts: no type coercion of bodies, every
 * error naming its field) and the reader's GET routes (the fronts, the article page, the listings,
 * the feeds, the print codes). For the reader's routes the reason is the cold start: TypeBox is in
 * every start's module graph already (the article columns are checked with it), while Ajv is ~100
 * CommonJS files that the first page's request would load and compile for two small schemas, and
 * a paper's first page after a start is a reader's page (bench/README.md, "Session 12").
 *
 * Each schema is compiled on its route's first request, once. Query strings and path parameters
 * are text on the wire: whole numbers, numbers and booleans are converted exactly (`?page=2`),
 * never loosely (`?page=2.5`, `?page=0x2` and `?page= 2` are errors that name the field).
 */
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';

type RawError = FastifySchemaValidationError & { schemaPath: string };

export interface TypeBoxValidatorOptions {
  /**
   * Refuse any string holding the NUL character (PostgreSQL text cannot store it): what the APIs
   * store. The reader's routes store nothing they are given and leave it to their services.
   */
  refuseNul: boolean;
}

/** A Fastify validator compiler over TypeBox's compiled checks; see the module comment. */
export function typeBoxValidatorCompiler(opts: TypeBoxValidatorOptions): FastifySchemaCompiler<TSchema> {
  return ({ schema, httpPart }) => {
    // Compiled on the route's first request, not when Fastify starts: a start compiles nothing a
    // request does not use, and each schema is still compiled once.
    let compiled: ReturnType<typeof Compile<TSchema>> | undefined;
    // The fields text may be converted in (whole numbers, numbers, booleans); none: the input is checked as it is.
    const typed = httpPart === 'querystring' || httpPart === 'params' ? typedFields(schema) : [];
    return (input: unknown) => {
      compiled ??= Compile(schema);
      const validator = compiled;
      // Most requests carry no field to convert (an article's path parameters are all text): no copy then.
      const value = typed.length > 0 ? convertText(typed, input) : input;
      if (!validator.Check(value)) return { error: readableErrors(validator.Errors(value) as RawError[]) };
      if (opts.refuseNul) {
        const nul = findNul(value, '');
        if (nul !== undefined)
          return {
            error: [{ keyword: 'nul', instancePath: nul, schemaPath: '#', params: {}, message: 'must not contain the NUL character' }],
          };
      }
      // `true` (not `{ value }`) leaves the request part as it is; headers must never be replaced.
      return value !== input ? { value } : true;
    };
  };
}

/**
 * The validator of the reader's GET routes: pass it as a route's `validatorCompiler` (each route
 * names it, so the app's Ajv stays the compiler of every form and every staff route).
 */
export const readerValidatorCompiler: FastifySchemaCompiler<TSchema> = typeBoxValidatorCompiler({ refuseNul: false });

type TextType = 'integer' | 'number' | 'boolean';

/** The schema's top-level fields that text is converted in, with their type. */
function typedFields(schema: TSchema): [string, TextType][] {
  const props = (schema as { properties?: Record<string, { type?: unknown }> }).properties ?? {};
  return Object.entries(props).flatMap(([name, prop]): [string, TextType][] =>
    prop.type === 'integer' || prop.type === 'number' || prop.type === 'boolean' ? [[name, prop.type]] : [],
  );
}

/** `input` with its typed fields' text converted exactly; `input` itself when none is there to convert. */
function convertText(typed: readonly [string, TextType][], input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const given = input as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const [name, type] of typed) {
    const v = given[name];
    if (typeof v !== 'string') continue;
    let converted: unknown;
    if (type === 'integer' && /^[+-]?\d{1,15}$/.test(v)) converted = Number(v);
    else if (type === 'number' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) converted = Number(v);
    else if (type === 'boolean' && (v === 'true' || v === 'false')) converted = v === 'true';
    else continue;
    out ??= { ...given };
    out[name] = converted;
  }
  return out ?? input;
}

/** TypeBox's errors, made to name fields: one per missing or unknown property, unions explained once. */
function readableErrors(raw: RawError[]): FastifySchemaValidationError[] {
  // `additionalProperties: false` reports each extra property twice; keep the per-property copy below.
  const errors = raw.filter((e) => e.keyword !== 'boolean');
  // Nullable fields are unions with null: "must be null" says nothing useful about a wrong value
  // when the other branch says what is wrong, and then neither does the union's own summary.
  // (TypeBox stops at 8 errors, so a union's summary may be cut off: match branches by path.)
  const dropped = new Set<RawError>();
  const branchOf = (e: RawError) => {
    const i = e.schemaPath.lastIndexOf('/anyOf/');
    return i < 0 ? undefined : e.schemaPath.slice(0, i);
  };
  for (const e of errors) {
    const union = branchOf(e);
    const isNull = e.keyword === 'type' && e.params.type === 'null';
    if (isNull && union !== undefined && errors.some((o) => o !== e && o.schemaPath.startsWith(`${union}/anyOf/`))) dropped.add(e);
  }
  for (const e of errors) {
    if (e.keyword !== 'anyOf') continue;
    if (errors.some((o) => !dropped.has(o) && o.schemaPath.startsWith(`${e.schemaPath}/anyOf/`))) dropped.add(e);
  }
  const out: FastifySchemaValidationError[] = [];
  for (const e of errors) {
    if (dropped.has(e)) continue;
    if (e.keyword === 'required' && Array.isArray(e.params.requiredProperties)) {
      for (const p of e.params.requiredProperties) out.push({ ...e, params: { missingProperty: String(p) }, message: 'is required' });
    } else if (e.keyword === 'additionalProperties' && Array.isArray(e.params.additionalProperties)) {
      for (const p of e.params.additionalProperties) {
        out.push({ ...e, instancePath: `${e.instancePath}/${pointerEscape(String(p))}`, params: {}, message: 'is not a known field' });
      }
    } else if (e.keyword === 'enum' && Array.isArray(e.params.allowedValues)) {
      out.push({ ...e, message: `must be one of: ${e.params.allowedValues.join(', ')}` });
    } else {
      out.push(e);
    }
  }
  return out;
}

function pointerEscape(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

function findNul(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], `${path}/${i}`);
      if (hit !== undefined) return hit;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const hit = findNul(v, `${path}/${pointerEscape(k)}`);
      if (hit !== undefined) return hit;
    }
  }
  return undefined;
}
