import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { UnitOfWork, type Transaction } from '../kernel/unit-of-work';

@Injectable()
export class TypeOrmUnitOfWork extends UnitOfWork {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(manager as unknown as Transaction));
  }
}

/** The transaction's connection, or the pool when a store writes alone. */
export function managerOf(tx: Transaction | undefined, dataSource: DataSource): EntityManager {
  return tx ? (tx as unknown as EntityManager) : dataSource.manager;
}
