import { Client, Pool } from 'pg';

type AnyFn = (this: unknown, ...args: unknown[]) => unknown;

export interface StatementStat {
  statement: string;
  count: number;
  totalMs: number;
}

export interface SqlProfile {
  queries: number;
  queryMs: number;
  poolCheckouts: number;
  poolWaitMs: number;
  statements: StatementStat[];
}

const isThenable = (v: unknown): v is Promise<unknown> =>
  typeof (v as { then?: unknown } | null)?.then === 'function';

/** The first words of a statement, whitespace folded, so that calls group by shape. */
function shapeOf(text: string): string {
  const folded = text.replace(/\s+/g, ' ').trim();
  return folded.length > 72 ? `${folded.slice(0, 72)}…` : folded;
}

/**
 * Opt-in (`--profile`): counts every statement the in-process API sends through `pg` and the time
 * until its answer, and every pool checkout and its wait, by patching pg's Client.query and
 * Pool.connect. The API shares this process, so this is the number of round trips per request as
 * Postgres sees them, without pg_stat_statements (which needs a server restart to load).
 */
export class SqlProfiler {
  private active = false;
  private readonly stats = new Map<string, StatementStat>();
  private poolCheckouts = 0;
  private poolWaitMs = 0;
  private restore: (() => void) | null = null;

  install(): void {
    if (this.restore) return;
    const clientProto = Client.prototype as unknown as { query: AnyFn };
    const poolProto = Pool.prototype as unknown as { connect: AnyFn };
    const originalQuery = clientProto.query;
    const originalConnect = poolProto.connect;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const profiler = this;

    clientProto.query = function (this: unknown, ...args: unknown[]): unknown {
      const first = args[0];
      const text = typeof first === 'string' ? first : (first as { text?: unknown } | null)?.text;
      if (!profiler.active || typeof text !== 'string') return originalQuery.apply(this, args);
      const start = process.hrtime.bigint();
      const done = () => profiler.record(shapeOf(text), start);
      const cb = args.findIndex((a) => typeof a === 'function');
      if (cb >= 0) {
        const callback = args[cb] as AnyFn;
        args[cb] = function (this: unknown, ...cbArgs: unknown[]) {
          done();
          return callback.apply(this, cbArgs);
        };
        return originalQuery.apply(this, args);
      }
      const result = originalQuery.apply(this, args);
      if (isThenable(result)) result.then(done, done);
      return result;
    };

    poolProto.connect = function (this: unknown, ...args: unknown[]): unknown {
      if (!profiler.active) return originalConnect.apply(this, args);
      const start = process.hrtime.bigint();
      const done = () => {
        profiler.poolCheckouts += 1;
        profiler.poolWaitMs += Number(process.hrtime.bigint() - start) / 1e6;
      };
      const cb = args.findIndex((a) => typeof a === 'function');
      if (cb >= 0) {
        const callback = args[cb] as AnyFn;
        args[cb] = function (this: unknown, ...cbArgs: unknown[]) {
          done();
          return callback.apply(this, cbArgs);
        };
        return originalConnect.apply(this, args);
      }
      const result = originalConnect.apply(this, args);
      if (isThenable(result)) result.then(done, done);
      return result;
    };

    this.restore = () => {
      clientProto.query = originalQuery;
      poolProto.connect = originalConnect;
    };
  }

  /** Counts from now on, or counts on after pause(). */
  start(): void {
    this.active = true;
  }

  /** Stops counting until the next start(), keeping the counts. */
  pause(): void {
    this.active = false;
  }

  /** Stops counting; what was counted while started, over every start(). */
  stop(): SqlProfile {
    this.pause();
    const statements = [...this.stats.values()].sort((a, b) => b.count - a.count);
    return {
      queries: statements.reduce((n, s) => n + s.count, 0),
      queryMs: statements.reduce((n, s) => n + s.totalMs, 0),
      poolCheckouts: this.poolCheckouts,
      poolWaitMs: this.poolWaitMs,
      statements,
    };
  }

  uninstall(): void {
    this.active = false;
    this.restore?.();
    this.restore = null;
  }

  private record(statement: string, start: bigint): void {
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const stat = this.stats.get(statement) ?? { statement, count: 0, totalMs: 0 };
    stat.count += 1;
    stat.totalMs += ms;
    this.stats.set(statement, stat);
  }
}
