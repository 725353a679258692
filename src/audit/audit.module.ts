import { Module } from '@nestjs/common';
import { AuditService } from './application/audit.service';
import { AuditStore } from './application/audit.ports';
import { AuditController } from './http/audit.controller';
import { TypeOrmAuditStore } from './persistence/typeorm-audit.store';

@Module({
  controllers: [AuditController],
  providers: [AuditService, { provide: AuditStore, useClass: TypeOrmAuditStore }],
})
export class AuditModule {}
