declare const transaction: unique symbol;

/**
 * A database transaction as the application layer sees it: opaque, handed to each store that is
 * to write in it. Stores take it as an optional last argument and write alone without it.
 */
export type Transaction = { readonly [transaction]: true };

/** Runs several stores' writes as one transaction: all of them commit, or none if work throws. */
export abstract class UnitOfWork {
  abstract run<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
}
