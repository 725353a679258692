import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AuditService } from './application/audit.service';
import { AuditStore } from './application/audit.ports';
import { CheckpointSink } from './application/checkpoint-sink';
import { AuditController } from './http/audit.controller';
import { DirectoryCheckpointSink } from './persistence/directory-checkpoint-sink';
import { TypeOrmAuditStore } from './persistence/typeorm-audit.store';

/** The audit trail's reading, verifying and checkpointing, for the API, the worker and the CLI. */
@Module({
  providers: [
    AuditService,
    { provide: AuditStore, useClass: TypeOrmAuditStore },
    {
      provide: CheckpointSink,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new DirectoryCheckpointSink(config.auditCheckpointDir),
    },
  ],
  exports: [AuditService],
})
export class AuditCoreModule {}

@Module({ imports: [AuditCoreModule], controllers: [AuditController] })
export class AuditModule {}
