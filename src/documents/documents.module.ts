import { Module } from '@nestjs/common';
import { DocumentsService } from './application/documents.service';
import { DocumentStore } from './application/document.ports';
import { DocumentsController } from './http/documents.controller';
import { TypeOrmDocumentStore } from './persistence/typeorm-document.store';

@Module({
  controllers: [DocumentsController],
  providers: [DocumentsService, { provide: DocumentStore, useClass: TypeOrmDocumentStore }],
  exports: [DocumentsService, DocumentStore],
})
export class DocumentsModule {}
