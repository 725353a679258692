import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AuthModule } from '../auth/auth.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { BoardSessions } from './application/board-session';
import { MetricsService } from './application/metrics.service';
import { HealthController } from './http/health.controller';
import { MetricsController, MetricsGuard } from './http/metrics.controller';
import { QueueBoardController } from './http/queue-board.controller';

/** What operators use: health, metrics and the queue board (mounted by http-app). */
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), AuthModule, DeadlinesModule],
  controllers: [HealthController, MetricsController, QueueBoardController],
  providers: [MetricsService, MetricsGuard, BoardSessions],
  exports: [BoardSessions],
})
export class OpsModule {}
