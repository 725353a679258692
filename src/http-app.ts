import { ValidationPipe, type ConsoleLogger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { correlationId } from './common/http/correlation';
import { ErrorFilter } from './common/http/error.filter';
import { documentCommonErrors } from './common/http/openapi-errors';
import { requireUtf8, StorableTextPipe } from './common/http/storable-text.pipe';
import type { AppConfig } from './config/config';
import { logger } from './common/logger';
import { mountQueueBoard } from './ops/http/queue-board';

/** Builds the API: validation, errors, OpenAPI at /api/docs. Used by main, the demo and the tests. */
export async function createHttpApp(
  config: AppConfig,
  options: { logger?: ConsoleLogger | false } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: options.logger ?? logger(config),
    bodyParser: false,
  });
  app.use(correlationId);
  // Bodies are bounded: a document of 5,000 portions fits, anything larger is a 413.
  // Bodies that are not UTF-8 are refused rather than mangled (Nest's option types leave out
  // body-parser's `verify`, which it reserves for rawBody; this app does not use rawBody).
  const utf8 = { verify: requireUtf8 };
  app.useBodyParser('json', { limit: '10mb', ...utf8 });
  app.useBodyParser('text', { limit: '10mb', type: 'text/plain', ...utf8 });
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
  // Bull Board is an Express app of its own, outside Nest's routes, behind its own admin check.
  mountQueueBoard(app);
  app.enableShutdownHooks();
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
