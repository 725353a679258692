import type { OpenAPIObject } from '@nestjs/swagger';

const ref = { $ref: '#/components/schemas/ErrorBodyDto' };
const response = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref } },
});

/**
 * Every route answers these the same way (the error filter, the validation pipe, the auth
 * guard), so they are documented once here rather than on each handler.
 */
export function documentCommonErrors(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const operation of [path.get, path.post, path.put, path.patch, path.delete]) {
      if (!operation) continue;
      const responses = operation.responses;
      responses['400'] ??= response(
        'Bad input: malformed JSON, a wrong type, an unknown field or parameter',
      );
      if (operation.security?.length)
        responses['401'] ??= response('No token, or a bad, expired or revoked one');
      responses['503'] ??= response('The database is unavailable; try again shortly');
    }
  }
  return document;
}
