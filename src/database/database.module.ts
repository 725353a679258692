import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { UnitOfWork } from '../kernel/unit-of-work';
import { createDataSource } from './data-source';
import { TypeOrmUnitOfWork } from './typeorm-unit-of-work';

/** The one DataSource, opened at boot and closed at shutdown, and transactions over it. */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createDataSource(config.databaseUrl).initialize(),
    },
    { provide: UnitOfWork, useClass: TypeOrmUnitOfWork },
  ],
  exports: [DataSource, UnitOfWork],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
