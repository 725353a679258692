import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { Logger, NotFoundException } from '@nestjs/common';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** The project root: the nearest folder above this file whose package.json is declass's. */
function projectRoot(from: string = __dirname): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'declass')
          return dir;
      } catch {
        // an unreadable package.json is not ours; keep looking
      }
    }
    if (dirname(dir) === dir) return null;
  }
}

/** Where `npm run build` puts the web app (web/dist), or null when it has not been built. */
export function webAppRoot(): string | null {
  const root = projectRoot();
  const dist = root && join(root, 'web', 'dist');
  return dist && existsSync(join(dist, 'index.html')) ? dist : null;
}

/** Hashed assets never change under their name; index.html must always be asked for again. */
function cacheHeaders(reply: FastifyReply, path: string): void {
  void reply.header(
    'cache-control',
    /[/\\]assets[/\\]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
  );
}

/** Paths that are never the app's own routes: an unknown one stays a JSON 404. */
const NOT_THE_APP = /^\/(api|assets|admin)(\/|$)/;

/**
 * Serves the reviewer's desk (the single-page app in web/) at `/`. Every GET outside `/api`,
 * `/assets` and `/admin` that names no file gets index.html, so the app's own routes survive a
 * reload. Without a built app the API runs alone.
 */
export function serveWebApp(fastify: FastifyInstance): void {
  const root = webAppRoot();
  if (!root) {
    new Logger('WebApp').warn(
      'The web app is not built (web/dist is missing); run `npm run build` to serve it at /',
    );
    return;
  }
  // The files there now, each its own route; no reply decorator, which the queue board's own
  // static files would clash with.
  void fastify.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    decorateReply: false,
    setHeaders: cacheHeaders,
  });
  const index = join(root, 'index.html');
  fastify.get('/*', (req, reply) => {
    const path = req.url.split('?')[0]!;
    if (NOT_THE_APP.test(path)) throw new NotFoundException(`Cannot GET ${path}`);
    cacheHeaders(reply, index);
    return reply.type('text/html; charset=utf-8').send(createReadStream(index));
  });
}
