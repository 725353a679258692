import { Module } from '@nestjs/common';
import { ReviewModule } from '../review/review.module';
import { RequestStore } from './application/request.ports';
import { AnnualReportService } from './application/annual-report.service';
import { RequestLedger } from './application/request-ledger';
import { RequestsService } from './application/requests.service';
import { ReportsController } from './http/reports.controller';
import { RequestsController } from './http/requests.controller';
import { TypeOrmRequestStore } from './persistence/typeorm-request.store';

/** FOIA and MDR requests and their appeals, built on the review of each record. */
@Module({
  imports: [ReviewModule],
  controllers: [RequestsController, ReportsController],
  providers: [
    RequestsService,
    RequestLedger,
    AnnualReportService,
    { provide: RequestStore, useClass: TypeOrmRequestStore },
  ],
})
export class RequestsModule {}
