import { timingSafeEqual } from 'node:crypto';
import {
  Controller,
  Get,
  Header,
  Inject,
  Injectable,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuthService } from '../../auth/application/auth.service';
import { Public } from '../../common/http/auth.guard';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { DomainError, ErrorCode } from '../../kernel/errors';
import { MetricsService } from '../application/metrics.service';
import { prometheusText } from './prometheus';

/**
 * A Prometheus server cannot log in, and a user's token expires within a day: the metrics accept
 * either an administrator's bearer token or the static METRICS_TOKEN, when one is configured.
 */
@Injectable()
export class MetricsGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const token = /^Bearer ([A-Za-z0-9_.~-]+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token) {
      throw new DomainError(
        ErrorCode.UNAUTHENTICATED,
        'Send "Authorization: Bearer <token>": an administrator\'s token, or METRICS_TOKEN',
      );
    }
    const scrape = this.config.metricsToken;
    if (
      scrape &&
      token.length === scrape.length &&
      timingSafeEqual(Buffer.from(token), Buffer.from(scrape))
    ) {
      return true;
    }
    const { actor } = await this.auth.authenticate(token);
    if (!actor.roles.includes('admin')) {
      throw new DomainError(ErrorCode.ROLE_REQUIRED, 'The metrics are for administrators');
    }
    return true;
  }
}

@ApiTags('operations')
@ApiBearerAuth()
@Controller('api/metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Public()
  @UseGuards(MetricsGuard)
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Deadline and queue metrics in the Prometheus text format (admin, or METRICS_TOKEN)',
  })
  @ApiOkResponse({ description: 'text/plain; version=0.0.4', type: String })
  async get(): Promise<string> {
    return prometheusText(await this.metrics.collect());
  }
}
