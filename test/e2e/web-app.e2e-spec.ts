import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { webAppRoot } from '../../src/web/web-app';
import { startTestApp, type TestApp } from '../support/harness';

jest.setTimeout(30_000);

describe('the reviewer’s desk, served beside the API', () => {
  let t: TestApp;
  let asset: string;

  beforeAll(async () => {
    const root = webAppRoot();
    if (!root) throw new Error('web/dist is missing: run `npm run build` first (npm test does)');
    asset = readdirSync(join(root, 'assets')).find((f) => f.endsWith('.js'))!;
    t = await startTestApp('web_app');
  });

  afterAll(async () => {
    await t?.close();
  });

  it.each(['/', '/reviews/0b8c7c4e-1f6e-4a57-9b8f-0c5b1a0d2e3f', '/documents?q=SALT'])(
    'answers the app at %s, to be asked for again every time',
    async (path) => {
      const res = await t.http().get(path).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toMatch(/<div id="root">/);
    },
  );

  it('serves a hashed asset as cacheable for a year', async () => {
    const res = await t.http().get(`/assets/${asset}`).expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it.each(['/', '/api/health', '/api/docs', '/api/no-such-route'])(
    'forbids %s from running outside scripts or being framed by another site',
    async (path) => {
      const res = await t.http().get(path);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d{8}/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    },
  );

  it.each(['/api/no-such-route', '/assets/no-such-file.js', '/admin/no-such-page'])(
    'answers %s, which is not the app, with a JSON 404',
    async (path) => {
      const res = await t.http().get(path).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'NOT_FOUND' });
    },
  );
});
