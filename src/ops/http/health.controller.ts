import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../../common/http/auth.guard';
import { QueueStore } from '../../jobs/queue.module';

const CHECK_TIMEOUT_MS = 2000;

@ApiTags('operations')
@Controller('api/health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    private readonly store: QueueStore,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({
    summary:
      'Postgres and the queue store (Redis, or BullMQ on Postgres) reachable: 200 when both are up, 503 (same body) when one is down',
  })
  async check(@Res({ passthrough: true }) res: FastifyReply) {
    try {
      return await this.health.check([
        () =>
          this.indicators
            .check('database')
            .attempt(async () => {
              await this.dataSource.query('SELECT 1');
            })
            .withTimeout(CHECK_TIMEOUT_MS),
        () =>
          this.indicators
            .check('queues')
            .attempt(() => this.store.ping())
            .withTimeout(CHECK_TIMEOUT_MS),
      ]);
    } catch (err) {
      // Terminus reports a failed check as a 503 carrying the same body: keep that body.
      if (!(err instanceof ServiceUnavailableException)) throw err;
      res.status(503);
      return err.getResponse();
    }
  }
}
