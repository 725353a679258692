import { Module } from '@nestjs/common';
import { UsersModule } from '../auth/auth.module';
import { DocumentsModule } from '../documents/documents.module';
import { ReviewStore } from './application/review.ports';
import { ReviewListService } from './application/review-list';
import { ReviewService } from './application/review.service';
import { ReviewsController } from './http/reviews.controller';
import { TypeOrmReviewStore } from './persistence/typeorm-review.store';

@Module({
  // Users, not the login: the worker opens and moves reviews too, without HTTP.
  imports: [DocumentsModule, UsersModule],
  controllers: [ReviewsController],
  providers: [
    ReviewService,
    ReviewListService,
    { provide: ReviewStore, useClass: TypeOrmReviewStore },
  ],
  exports: [ReviewService],
})
export class ReviewModule {}
