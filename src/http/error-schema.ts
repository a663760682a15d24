/**
 * The one JSON error shape (`ErrorBody` in error-pages.tsx), as a schema: routes name it for
 * their error statuses, so Fastify serializes errors with it and the OpenAPI document shows it.
 */
import { Type } from 'typebox';

export const ErrorJson = Type.Object({
  statusCode: Type.Integer({ description: 'the response status, repeated' }),
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
  }),
});

/** Error responses for the OpenAPI document (the global error handler writes this shape). */
export function errors(...codes: number[]): Record<number, typeof ErrorJson> {
  return Object.fromEntries(codes.map((c) => [c, ErrorJson]));
}
