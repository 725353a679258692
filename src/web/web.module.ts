import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { Response } from 'express';

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
function cacheHeaders(res: Response, path: string): void {
  res.setHeader(
    'cache-control',
    /[/\\]assets[/\\]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
  );
  res.setHeader('x-content-type-options', 'nosniff');
}

/**
 * Serves the reviewer's desk (the single-page app in web/) at `/`. Every path outside `/api`
 * that names no file gets index.html, so the app's own routes survive a reload; `/api/…` never
 * does, so an unknown API route stays a JSON 404. Without a built app the API runs alone.
 */
@Module({})
export class WebModule {
  static forRoot(): DynamicModule {
    const rootPath = webAppRoot();
    if (!rootPath) {
      new Logger(WebModule.name).warn(
        'The web app is not built (web/dist is missing); run `npm run build` to serve it at /',
      );
      return { module: WebModule };
    }
    return {
      module: WebModule,
      imports: [
        ServeStaticModule.forRoot({
          rootPath,
          exclude: ['/api{/*path}', '/assets/{*path}', '/admin{/*path}'],
          serveStaticOptions: { index: false, setHeaders: cacheHeaders, fallthrough: true },
        }),
      ],
    };
  }
}
