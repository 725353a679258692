import { Module, type DynamicModule } from '@nestjs/common';
import { AuditCheckpointer } from './audit/audit-checkpointer';
import { AuditCoreModule } from './audit/audit.module';
import { UsersModule } from './auth/auth.module';
import type { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DeadlineJobsModule } from './deadlines/deadline-jobs.module';
import { JobWorkers } from './worker-jobs';
import { QueueModule } from './jobs/queue.module';
import { NotificationsService } from './notifications/notifications.service';
import { OutboxRelay } from './outbox/outbox.relay';

/**
 * The background side: the outbox relay, the deadline sweeper, the BullMQ workers and the audit
 * trail's anchors and signed checkpoints.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        QueueModule,
        UsersModule,
        DeadlineJobsModule,
        AuditCoreModule,
      ],
      providers: [OutboxRelay, NotificationsService, JobWorkers, AuditCheckpointer],
      exports: [OutboxRelay, JobWorkers],
    };
  }
}
