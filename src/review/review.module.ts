import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DocumentsModule } from '../documents/documents.module';
import { ReviewStore } from './application/review.ports';
import { ReviewService } from './application/review.service';
import { ReviewsController } from './http/reviews.controller';
import { TypeOrmReviewStore } from './persistence/typeorm-review.store';

@Module({
  imports: [DocumentsModule, AuthModule],
  controllers: [ReviewsController],
  providers: [ReviewService, { provide: ReviewStore, useClass: TypeOrmReviewStore }],
  exports: [ReviewService],
})
export class ReviewModule {}
