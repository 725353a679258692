import { ValidationPipe, type ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { BODY_LIMIT_BYTES, useBodyParsers } from './common/http/body-parsers';
import { correlationId } from './common/http/correlation';
import { ErrorFilter } from './common/http/error.filter';
import { documentCommonErrors } from './common/http/openapi-errors';
import { StorableTextPipe } from './common/http/storable-text.pipe';
import type { AppConfig } from './config/config';
import { logger } from './common/logger';
import { mountQueueBoard } from './ops/http/queue-board';
import { serveWebApp } from './web/web-app';

/**
 * Builds the API on Fastify: validation, errors, OpenAPI at /api/docs, the queue board and the
 * reviewer's desk. Used by main, the demo and the tests.
 */
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
  useBodyParsers(fastify);
  app.useGlobalPipes(
    new StorableTextPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
    }),
  );
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
