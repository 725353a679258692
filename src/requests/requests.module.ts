import { Module } from '@nestjs/common';
import { ReviewModule } from '../review/review.module';
import { RequestStore } from './application/request.ports';
import { RequestsService } from './application/requests.service';
import { RequestsController } from './http/requests.controller';
import { TypeOrmRequestStore } from './persistence/typeorm-request.store';

/** FOIA and MDR requests and their appeals, built on the review of each record. */
@Module({
  imports: [ReviewModule],
  controllers: [RequestsController],
  providers: [RequestsService, { provide: RequestStore, useClass: TypeOrmRequestStore }],
})
export class RequestsModule {}
