import { isUtf8 } from 'node:buffer';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Bodies are bounded: a document of 5,000 portions fits, anything larger is a 413. */
export const BODY_LIMIT_BYTES = 10 * 1024 * 1024;

const badRequest = (message: string) => Object.assign(new Error(message), { statusCode: 400 });

/** Bodies that are not UTF-8 are refused rather than having their bad bytes turned into U+FFFD. */
function utf8(body: Buffer): string {
  if (!isUtf8(body)) throw badRequest('The body is not valid UTF-8; send the text encoded as UTF-8');
  return body.toString('utf8');
}

/**
 * JSON as a request body: an object or an array (a bare `null`, string or number is refused), UTF-8
 * only; an empty body is an empty object. JSON.parse's own message says where a syntax error is.
 */
export function parseJsonBody(text: string): unknown {
  const first = /\S/.exec(text)?.[0];
  if (first === undefined) return {};
  if (first !== '{' && first !== '[') {
    throw badRequest(
      `The body is not valid JSON for this API: send a JSON object (it starts with "${first}")`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequest((err as Error).message);
  }
}

/**
 * The API's body parsers: JSON and plain text (a cable), both UTF-8 only; any other type of body
 * is not read, so the route sees none and its validation says what is missing.
 */
export function useBodyParsers(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  const parse =
    (decode: (text: string) => unknown) =>
    (_req: FastifyRequest, body: Buffer, done: (err: Error | null, value?: unknown) => void) => {
      let value: unknown;
      try {
        value = decode(utf8(body));
      } catch (err) {
        done(err as Error);
        return;
      }
      done(null, value);
    };
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, parse(parseJsonBody));
  fastify.addContentTypeParser('text/plain', { parseAs: 'buffer' }, parse((text) => text));
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
}
