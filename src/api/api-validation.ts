/**
 * The validator for /api routes: TypeBox's own compiler instead of the app-wide Ajv, for two
 * reasons. JSON bodies are checked as sent, with no type coercion (the site's Ajv coerces, which
 * suits form posts but would store `"headline": 123` as "123" and `null` as ""); and every error
 * names its field, unknown fields included, in the shape the global error handler already turns
 * into `{error: {code, message, fields}}` (instancePath, plus `params.missingProperty`).
 *
 * Query strings and path parameters are text on the wire: whole numbers and booleans are
 * converted exactly (`?page=2`), never loosely (`?page=2.5` stays an error).
 */
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';

type RawError = FastifySchemaValidationError & { schemaPath: string };

export const apiValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  // Compiled on the route's first request, not when Fastify starts: a start compiles nothing a
  // request does not use, and each schema is still compiled once.
  let compiled: ReturnType<typeof Compile<TSchema>> | undefined;
  const convert = httpPart === 'querystring' || httpPart === 'params';
  return (input: unknown) => {
    compiled ??= Compile(schema);
    const validator = compiled;
    const value = convert ? convertText(schema, input) : input;
    if (!validator.Check(value)) return { error: readableErrors(validator.Errors(value) as RawError[]) };
    // PostgreSQL text cannot hold NUL (SQLite can): refuse it here, for every string, by name.
    const nul = findNul(value, '');
    if (nul !== undefined)
      return { error: [{ keyword: 'nul', instancePath: nul, schemaPath: '#', params: {}, message: 'must not contain the NUL character' }] };
    // `true` (not `{ value }`) leaves the request part as it is; headers must never be replaced.
    return convert ? { value } : true;
  };
};

function convertText(schema: TSchema, input: unknown): unknown {
  const props = (schema as { properties?: Record<string, { type?: unknown }> }).properties;
  if (!props || input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const out: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const [name, prop] of Object.entries(props)) {
    const v = out[name];
    if (typeof v !== 'string') continue;
    if (prop.type === 'integer' && /^[+-]?\d{1,15}$/.test(v)) out[name] = Number(v);
    else if (prop.type === 'number' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) out[name] = Number(v);
    else if (prop.type === 'boolean' && (v === 'true' || v === 'false')) out[name] = v === 'true';
  }
  return out;
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
