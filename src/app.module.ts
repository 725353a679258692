import { Module, type DynamicModule } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CablesModule } from './cables/cables.module';
import type { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { DocumentsModule } from './documents/documents.module';
import { QueueModule } from './jobs/queue.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OpsModule } from './ops/ops.module';
import { ReviewModule } from './review/review.module';
import { RequestsModule } from './requests/requests.module';

/** The HTTP API. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        QueueModule,
        AuthModule,
        DocumentsModule,
        CablesModule,
        ReviewModule,
        RequestsModule,
        AuditModule,
        NotificationsModule,
        DeadlinesModule,
        OpsModule,
      ],
    };
  }
}
