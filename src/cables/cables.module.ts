import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { CableImportService } from './application/cable-import.service';
import { CableImportStore, DispositionStore } from './application/cables.ports';
import { DispositionService } from './application/disposition.service';
import { CablesController } from './http/cables.controller';
import { TypeOrmCableImportStore } from './persistence/typeorm-cable-import.store';
import { TypeOrmDispositionStore } from './persistence/typeorm-disposition.store';

/** The State Department's cable format: import (API and CLI) and disposition export. */
@Module({
  imports: [DocumentsModule],
  controllers: [CablesController],
  providers: [
    CableImportService,
    DispositionService,
    { provide: CableImportStore, useClass: TypeOrmCableImportStore },
    { provide: DispositionStore, useClass: TypeOrmDispositionStore },
  ],
  exports: [CableImportService, DispositionService],
})
export class CablesModule {}
