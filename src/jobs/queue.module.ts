import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config';
import { openQueueStore, QueueStore, type QueueMap } from './queue-store';

export { QueueStore, type QueueMap } from './queue-store';
export const QUEUE_MAP = Symbol('QUEUE_MAP');

/** The queue store of the configured backend and the producers of every queue. */
@Global()
@Module({
  providers: [
    { provide: QueueStore, inject: [APP_CONFIG], useFactory: openQueueStore },
    {
      provide: QUEUE_MAP,
      inject: [QueueStore],
      useFactory: (store: QueueStore): QueueMap => store.queues,
    },
  ],
  exports: [QueueStore, QUEUE_MAP],
})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(QueueStore) private readonly store: QueueStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
