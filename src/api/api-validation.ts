/**
 * The validator for /api routes: TypeBox's own compiler instead of the app-wide Ajv, for two
 * reasons. JSON bodies are checked as sent, with no type coercion (the site's Ajv coerces, which
 * suits form posts but would store `"headline": 123` as "123" and `null` as ""); and every error
 * names its field, unknown fields included, in the shape the global error handler already turns
 * into `{error: {code, message, fields}}` (instancePath, plus `params.missingProperty`).
 *
 * Query strings and path parameters are text on the wire: whole numbers and booleans are
 * converted exactly (`?page=2`), never loosely (`?page=2.5` stays an error). PostgreSQL text
 * cannot hold NUL (SQLite can): a string holding it is refused here, by name. The compiler itself
 * is shared with the reader's GET routes (src/http/typebox-validation.ts).
 */
import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { typeBoxValidatorCompiler } from '../http/typebox-validation.js';

export const apiValidatorCompiler: FastifySchemaCompiler<TSchema> = typeBoxValidatorCompiler({ refuseNul: true });
