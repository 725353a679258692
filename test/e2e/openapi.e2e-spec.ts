import { EVENT_DTOS } from '../../src/review/http/review.dto';
import { startTestApp, type TestApp } from '../support/harness';

interface Operation {
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

interface Schema {
  $ref?: string;
  oneOf?: Schema[];
  properties?: Record<string, Schema & { enum?: string[] }>;
}

interface OpenApi {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Schema>;
    securitySchemes?: Record<string, { type: string; scheme?: string }>;
  };
}

/**
 * Every route Fastify serves, as `METHOD /path` (HEAD, which Fastify adds to each GET, left out),
 * read from its route tree: each line is `├── segment (METHODS)`, indented four columns a level.
 */
function servedRoutes(tree: string): string[] {
  const prefixes: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const path = (prefixes[depth - 1] ?? '') + m[2]!;
    prefixes[depth] = path;
    for (const method of (m[3] ?? '').split(', ').filter((x) => x && x !== 'HEAD')) {
      routes.push(`${method} ${path}`);
    }
  }
  return routes;
}

/** Errors the services raise on particular routes, beyond what every route of its kind can answer. */
const SPECIFIC_ERRORS: Record<string, number[]> = {
  'POST /api/auth/login': [401],
  'POST /api/documents': [403, 409, 422],
  'POST /api/documents/{id}/reviews': [403, 404, 409],
  'POST /api/reviews/{id}/events': [403, 404, 409, 422],
  'GET /api/reviews/{id}/release': [404, 409],
  'GET /api/audit/events': [403],
};

jest.setTimeout(30_000);

describe('OpenAPI document', () => {
  let t: TestApp;
  let spec: OpenApi;
  let operations: [string, Operation][];

  beforeAll(async () => {
    t = await startTestApp('openapi');
    const res = await t.http().get('/api/docs/openapi.json');
    spec = res.body as OpenApi;
    operations = Object.entries(spec.paths ?? {}).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]): [string, Operation] => [
        `${method.toUpperCase()} ${path}`,
        op,
      ]),
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  it('is served without a token', async () => {
    const res = await t.http().get('/api/docs/openapi.json');
    expect(res.status).toBe(200);
    expect(spec.openapi).toMatch(/^3\./);
    expect(spec.info.title).toBe('declass');
  });

  it('lists every route the app serves, and only those', () => {
    const fastify = t.app.getHttpAdapter().getInstance();
    const served = servedRoutes(fastify.printRoutes({ commonPrefix: false }))
      .filter((route) => {
        const path = route.split(' ')[1]!;
        return path.startsWith('/api/') && !path.startsWith('/api/docs');
      })
      .map((route) => route.replace(/:(\w+)/g, '{$1}'));
    expect(served.length).toBeGreaterThanOrEqual(12);
    expect(operations.map(([key]) => key).sort()).toEqual([...new Set(served)].sort());
  });

  it('marks login public, and every route it says needs a token refuses a caller without one', async () => {
    const schemes = Object.values(spec.components.securitySchemes ?? {});
    expect(schemes).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'http', scheme: 'bearer' })]),
    );
    expect(spec.paths['/api/auth/login']?.post?.security ?? []).toEqual([]);
    const mismatched: string[] = [];
    for (const [key, op] of operations) {
      const [method, path] = key.split(' ') as [string, string];
      const url = path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000');
      const verb = method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
      const res = await t.http()[verb](url);
      // A route the document says needs a token must refuse a caller without one (a public route
      // may still answer 401 for bad credentials, so only this direction is checked).
      if (op.security?.length && res.status !== 401) mismatched.push(`${key}: ${res.status}`);
    }
    expect(mismatched).toEqual([]);
  });

  /** `METHOD path status` for each operation matching `applies` that does not document `status`. */
  const undocumented = (status: number, applies: (key: string, op: Operation) => boolean) =>
    operations
      .filter(([key, op]) => applies(key, op) && !op.responses[String(status)])
      .map(([key]) => `${key} ${status}`);

  it('documents 401 on every route that needs a token', () => {
    expect(undocumented(401, (_key, op) => Boolean(op.security?.length))).toEqual([]);
  });

  it('documents 400 on every route that validates a parameter, a query or a body', () => {
    expect(
      undocumented(400, (_key, op) => Boolean(op.parameters?.length || op.requestBody)),
    ).toEqual([]);
  });

  it('documents 404 on every route that names a record by id', () => {
    expect(
      undocumented(404, (_key, op) => Boolean(op.parameters?.some((p) => p.in === 'path'))),
    ).toEqual([]);
  });

  it('documents the refusals particular to each route', () => {
    const missing = Object.entries(SPECIFIC_ERRORS).flatMap(([key, statuses]) =>
      statuses.flatMap((status) => undocumented(status, (k) => k === key)),
    );
    expect(missing).toEqual([]);
  });

  it('gives every documented error the error body shape', () => {
    const wrongShape = operations.flatMap(([key, op]) =>
      Object.entries(op.responses)
        .filter(([status]) => /^4\d\d$/.test(status))
        .filter(
          ([, response]) =>
            !response.content?.['application/json']?.schema?.$ref?.endsWith('/ErrorBodyDto'),
        )
        .map(([status]) => `${key} ${status}`),
    );
    expect(
      operations.some(([, op]) => Object.keys(op.responses).some((s) => s.startsWith('4'))),
    ).toBe(true);
    expect(wrongShape).toEqual([]);
  });

  it('describes the body of every event type the events route accepts', () => {
    const op = spec.paths['/api/reviews/{id}/events']?.post;
    const oneOf = op?.requestBody?.content['application/json']?.schema.oneOf ?? [];
    const types = oneOf.map((s) => {
      const name = s.$ref!.split('/').pop()!;
      return spec.components.schemas[name]?.properties?.type?.enum?.[0];
    });
    expect(types.sort()).toEqual(Object.keys(EVENT_DTOS).sort());
  });

  it('defines every schema it refers to', () => {
    const refs = [
      ...JSON.stringify(spec).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g),
    ].map((m) => m[1]!);
    const undefinedRefs = [...new Set(refs)].filter((name) => !spec.components.schemas[name]);
    expect(refs.length).toBeGreaterThan(0);
    expect(undefinedRefs).toEqual([]);
  });
});
