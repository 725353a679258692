import helmet from '@fastify/helmet';
import { ValidationPipe, type ConsoleLogger, type PipeTransform } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { BODY_LIMIT_BYTES, useBodyParsers } from './common/http/body-parsers';
import { correlationId } from './common/http/correlation';
import { ErrorFilter } from './common/http/error.filter';
import { documentCommonErrors } from './common/http/openapi-errors';
import { StorableTextPipe } from './common/http/storable-text.pipe';
import { UnknownFieldsPipe } from './common/http/unknown-fields';
import type { AppConfig } from './config/config';
import { logger } from './common/logger';
import { mountQueueBoard } from './ops/http/queue-board';
import { serveWebApp } from './web/web-app';

/**
 * What a page served here may load: its own scripts only (no inline or injected script), styles
 * inline as well because the desk and the queue board set element styles, images and fonts from
 * here or data: URLs, and no framing by any other site. Helmet adds HSTS, X-Frame-Options,
 * nosniff and the rest of its defaults to every answer, API and pages alike.
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * Builds the API on Fastify: validation, errors, OpenAPI at /api/docs, the queue board and the
 * reviewer's desk. Used by main, the demo and the tests.
 */
/** What every parameter goes through, in order, before a handler sees it. */
export function requestPipes(): PipeTransform[] {
  return [
    // First: it refuses a padded body at a cost bounded by its declared part, before any walk of it all.
    new UnknownFieldsPipe(),
    new StorableTextPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
    }),
  ];
}

export async function createHttpApp(
  config: AppConfig,
  options: { logger?: ConsoleLogger | false } = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter({
      bodyLimit: BODY_LIMIT_BYTES,
      routerOptions: {
        ignoreTrailingSlash: true,
        // A longer path parameter would be a 404 before any validation could say what is wrong.
        maxParamLength: 1000,
      },
    }),
    { logger: options.logger ?? logger(config), bodyParser: false },
  );
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', correlationId);
  await app.register(helmet, { contentSecurityPolicy: { directives: CONTENT_SECURITY_POLICY } });
  useBodyParsers(fastify);
  app.useGlobalPipes(...requestPipes());
  app.useGlobalFilters(new ErrorFilter());
  mountQueueBoard(app);
  serveWebApp(fastify);
  const document = documentCommonErrors(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('declass')
        .setDescription(
          'Declassification review workflow: documents, portion-by-portion review, approvals, audit trail.',
        )
        .setVersion('0.1.0')
        .addBearerAuth()
        .build(),
    ),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}
