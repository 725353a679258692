import { Module } from '@nestjs/common';
import { UsersModule } from '../auth/auth.module';
import { Clock, SystemClock } from '../common/clock';
import { DocumentsModule } from '../documents/documents.module';
import { ReviewStore } from './application/review.ports';
import { ReviewService } from './application/review.service';
import { ReviewsController } from './http/reviews.controller';
import { TypeOrmReviewStore } from './persistence/typeorm-review.store';

@Module({
  // Users, not the login: the worker opens and moves reviews too, without HTTP.
  imports: [DocumentsModule, UsersModule],
  controllers: [ReviewsController],
  providers: [
    ReviewService,
    { provide: ReviewStore, useClass: TypeOrmReviewStore },
    { provide: Clock, useClass: SystemClock },
  ],
  // The clock is shared, so the worker's deadlines and the reviews they open read one time.
  exports: [ReviewService, Clock],
})
export class ReviewModule {}
