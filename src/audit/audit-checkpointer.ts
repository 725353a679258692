import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AuditService } from './application/audit.service';

/** How often the worker looks whether the trail is due an anchor, at most. */
const LOOK_MAX_MS = 5_000;

/**
 * Runs in the worker: anchors the audit trail at the configured interval, or sooner after the
 * configured number of events, and copies each anchor, signed, to the checkpoint sink outside the
 * database. Several workers doing so is harmless: anchors are written one at a time, and a copy
 * written twice vouches for the same events.
 */
@Injectable()
export class AuditCheckpointer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditCheckpointer.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const every = Math.min(this.config.auditCheckpointIntervalMs, LOOK_MAX_MS);
    this.timer = setInterval(() => this.step(), every);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private step(): void {
    if (this.running) return;
    this.running = this.audit
      .tick()
      .then(({ anchored, checkpointed }) => {
        if (anchored || checkpointed > 0)
          this.logger.log({ msg: 'audit trail checkpointed', anchored, checkpointed });
      })
      .catch((err: unknown) =>
        // The next step tries again; anchors wait in the database to be copied.
        this.logger.warn({
          msg: 'cannot checkpoint the audit trail',
          error: err instanceof Error ? err.message : String(err),
        }),
      )
      .finally(() => {
        this.running = null;
      });
  }
}
