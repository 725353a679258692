import { isUtf8 } from 'node:buffer';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_DEPTH } from './storable-text.pipe';

/** Bodies are bounded: a document of 5,000 portions fits, anything larger is a 413. */
export const BODY_LIMIT_BYTES = 10 * 1024 * 1024;

/**
 * Every other JSON body (a login, a review event, a user) is small; a large one is refused before
 * it is parsed, so that no anonymous body can occupy the API.
 */
export const SMALL_JSON_LIMIT_BYTES = 256 * 1024;

/** The routes whose JSON bodies may be large: registering a document carries its text. */
const LARGE_JSON_ROUTES = new Set(['POST /api/documents']);

/**
 * No object in a request body has more keys than this. The API's largest object has about twenty;
 * the cap is what keeps a body of 100,000 keys from costing the parser and the validator their
 * time (the validator's is quadratic in the keys).
 */
export const MAX_KEYS_PER_OBJECT = 200;

/**
 * No body has more entries (object keys and array elements, counted together) than this. The
 * largest request, a document of 5,000 portions, has about 15,000; the cap bounds what building
 * the parsed value costs, whatever the byte limit of the route admits.
 */
export const MAX_ENTRIES_PER_BODY = 50_000;

const tooLarge = (message: string) => Object.assign(new Error(message), { statusCode: 413 });

const badRequest = (message: string) => Object.assign(new Error(message), { statusCode: 400 });

/** Bodies that are not UTF-8 are refused rather than having their bad bytes turned into U+FFFD. */
function utf8(body: Buffer): string {
  if (!isUtf8(body))
    throw badRequest('The body is not valid UTF-8; send the text encoded as UTF-8');
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
  const problem = shapeProblem(text);
  if (problem !== null) throw badRequest(problem);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw badRequest((err as Error).message);
  }
}

/**
 * Why no request sends this JSON text (an object of more than MAX_KEYS_PER_OBJECT keys, more than
 * MAX_ENTRIES_PER_BODY keys and array elements in all, or nesting deeper than MAX_DEPTH), or null. One pass over the text before it is parsed, stopping at
 * the first excess: building an object of 100,000 keys, or 100,000 nested arrays, costs JSON.parse
 * far more than reading past them. Keys are counted as the colons that follow them at the object's
 * own level, and array elements as the commas between them; strings are skipped, escapes included. Text that is not JSON is left for JSON.parse.
 */
export function shapeProblem(text: string): string | null {
  // Per open bracket: its keys so far for an object, -1 for an array.
  const keys: number[] = [];
  let entries = 0;
  const tooMany = (i: number) =>
    `The body has more than ${MAX_ENTRIES_PER_BODY} keys and array elements (the next is at character ${i + 1}); the largest request, a document of 5,000 portions, has about 15,000`;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* backslash */) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      keys.push(c === 0x7b ? 0 : -1);
      if (keys.length > MAX_DEPTH)
        return `The body is nested more than ${MAX_DEPTH} levels deep (at character ${i + 1}); no request needs more`;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      keys.pop();
    } else if (c === 0x3a /* : */ && keys.length > 0 && keys[keys.length - 1]! >= 0) {
      const n = keys[keys.length - 1]! + 1;
      if (n > MAX_KEYS_PER_OBJECT)
        return `An object in the body has more than ${MAX_KEYS_PER_OBJECT} keys (its key ${n} is at character ${i + 1}); no request needs more than ${MAX_KEYS_PER_OBJECT}`;
      keys[keys.length - 1] = n;
      if (++entries > MAX_ENTRIES_PER_BODY) return tooMany(i);
    } else if (c === 0x2c /* , */ && keys.length > 0 && keys[keys.length - 1]! < 0) {
      if (++entries > MAX_ENTRIES_PER_BODY) return tooMany(i);
    }
  }
  return null;
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
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const route = `${req.method} ${req.url.split('?')[0]!.replace(/\/+$/, '')}`;
    if (body.length > SMALL_JSON_LIMIT_BYTES && !LARGE_JSON_ROUTES.has(route)) {
      done(
        tooLarge(
          `The body is too large for this route: ${body.length} bytes, at most ${SMALL_JSON_LIMIT_BYTES}`,
        ),
      );
      return;
    }
    parse(parseJsonBody)(req, body as Buffer, done);
  });
  fastify.addContentTypeParser(
    'text/plain',
    { parseAs: 'buffer' },
    parse((text) => text),
  );
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
}
