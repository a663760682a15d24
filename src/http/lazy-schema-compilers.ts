/**
 * Fastify's schema compilers, made lazy: a route's validators and response serializers are
 * compiled on the route's first request instead of when the app starts. Fastify compiles every
 * route's schemas in `ready()` (Ajv for validation, fast-json-stringify for responses): about
 * 400 ms of a cold start on this app, for routes most processes never serve, and loading Ajv
 * and fast-json-stringify themselves (~150 modules) before the first request. Each schema is
 * still compiled once, with the same compilers and options Fastify would use (the packages
 * Fastify itself depends on, @fastify/ajv-compiler and @fastify/fast-json-stringify-compiler),
 * so what a request sees is unchanged: only when the work happens moves.
 *
 * A schema that does not compile therefore fails on its route's first request (a 500) rather
 * than at start: `compileAll` (used by a test over the whole app) compiles them all.
 */
import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
// The shapes Fastify calls, narrowed to what this module uses (Ajv's own types are wider).
interface RouteSchema {
  schema: unknown;
  method?: string;
  url?: string;
  httpPart?: string;
  httpStatus?: string;
  contentType?: string;
}
type Validate = ((data: unknown, dataCtx?: unknown) => unknown) & { errors?: unknown };
type Serialize = (doc: unknown) => string;
type ValidatorFactory = (externalSchemas: unknown, options: unknown) => (routeSchema: RouteSchema) => Validate;
type SerializerFactory = (externalSchemas: unknown, options: unknown) => (routeDef: RouteSchema) => Serialize;

const require = createRequire(import.meta.url);

export interface LazyCompilers {
  /** For `Fastify({ schemaController: { compilersFactory } })`. */
  compilersFactory: CompilersFactory;
  /**
   * Compiles every schema of the app (each validator's also checked against JSON Schema's
   * meta-schema); throws on the first that does not compile. Answers how many there are.
   */
  compileAll(): number;
  /** How many schemas have been compiled so far (for tests). */
  compiled(): number;
}

/**
 * Fastify's default compilers (same packages, same options), each made (and its package loaded)
 * on first use, and each route schema compiled on its first use.
 */
export function lazyCompilers(): LazyCompilers {
  // The schemas not compiled yet, so a test can compile them all.
  const pending = new Set<() => void>();
  let compiled = 0;
  let validatorFactory: ValidatorFactory | undefined;
  let serializerFactory: SerializerFactory | undefined;
  const buildValidator: ValidatorFactory = (externalSchemas, options) => {
    const compilers = new Map<boolean, ReturnType<ValidatorFactory>>();
    // Requests use an Ajv that does not check each schema against JSON Schema's meta-schema
    // (compiling the meta-schema was ~150 ms of the first request); `compileAll` (tests) checks
    // every schema with one that does.
    const compilerOf = (checkSchemas: boolean) => {
      let compiler = compilers.get(checkSchemas);
      if (compiler === undefined) {
        validatorFactory ??= (require('@fastify/ajv-compiler') as () => ValidatorFactory)();
        const o = (options ?? {}) as { customOptions?: object };
        compiler = validatorFactory(externalSchemas, { ...o, customOptions: { ...o.customOptions, validateSchema: checkSchemas } });
        compilers.set(checkSchemas, compiler);
      }
      return compiler;
    };
    return (given) => {
      const routeSchema = given.httpPart === 'headers' ? { ...given, schema: lowerCaseHeaderNames(given.schema) } : given;
      let validate: Validate | undefined;
      const compile = (): Validate => {
        if (validate === undefined) {
          validate = compilerOf(false)(routeSchema);
          compiled++;
        }
        return validate;
      };
      pending.add(() => {
        compilerOf(true)(routeSchema);
        compile();
      });
      // Fastify passes `{ parentData, parentDataProperty }` (what lets Ajv coerce a root value)
      // only to a validator that has `schemaEnv`, as Ajv's own functions do: this one always has
      // it and hands both arguments on; `errors` is copied back after each call, where Fastify reads it.
      const lazy = Object.assign(
        function lazyValidate(this: unknown, data: unknown, dataCtx?: unknown) {
          const real = compile();
          const result = real.call(this, data, dataCtx);
          lazy.errors = real.errors;
          return result;
        },
        { errors: null as unknown, schemaEnv: true },
      );
      return lazy;
    };
  };
  const buildSerializer: SerializerFactory = (externalSchemas, options) => {
    let compiler: ReturnType<SerializerFactory> | undefined;
    const compilerOf = () => {
      if (compiler === undefined) {
        serializerFactory ??= (require('@fastify/fast-json-stringify-compiler') as () => SerializerFactory)();
        compiler = serializerFactory(externalSchemas, options);
      }
      return compiler;
    };
    return (routeDef) => {
      let serialize: Serialize | undefined;
      const compile = (): Serialize => {
        if (serialize === undefined) {
          serialize = compilerOf()(routeDef);
          compiled++;
        }
        return serialize;
      };
      pending.add(compile);
      return (doc: unknown) => compile()(doc);
    };
  };
  return {
    // Fastify's types name Ajv's and fast-json-stringify's full types; these functions are called the same way.
    compilersFactory: { buildValidator, buildSerializer } as unknown as CompilersFactory,
    compileAll() {
      for (const compile of pending) compile();
      return pending.size;
    },
    compiled: () => compiled,
  };
}

/**
 * A header schema with its property names in lower case, as Node gives header names and as
 * Fastify does for its own compiler (it leaves that to a custom compiler, which this is).
 */
function lowerCaseHeaderNames(schema: unknown): unknown {
  if (schema === null || typeof schema !== 'object' || Object.getPrototypeOf(schema) !== Object.prototype) return schema;
  const s = schema as { properties?: unknown; required?: unknown };
  const out: Record<string, unknown> = { ...s };
  if (s.properties !== null && typeof s.properties === 'object') {
    out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k.toLowerCase(), v]));
  }
  if (Array.isArray(s.required)) out.required = s.required.map((k) => (typeof k === 'string' ? k.toLowerCase() : k));
  return out;
}
