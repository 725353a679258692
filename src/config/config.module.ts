import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Clock } from '../kernel/clock';
import { SystemClock } from './system-clock';
import { APP_CONFIG, type AppConfig } from './config';

/**
 * Makes the validated configuration injectable everywhere as APP_CONFIG, and the one clock every
 * service dates its acts with, so the API, the worker and the deadlines read one time.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useClass: SystemClock },
      ],
      exports: [APP_CONFIG, Clock],
    };
  }
}
