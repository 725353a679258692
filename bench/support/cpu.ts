import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/**
 * Where the CPU went during a phase, in cores (1.0 = one core busy for the whole phase): the whole
 * machine (os.cpus() counters), this Node process (the bench clients and raw-SQL loops, and the
 * API too when it runs in-process), the API's own process when it has one, the Postgres processes
 * (from /proc, Linux only), and the rest — other people's work on a shared machine, which is noise
 * in the figures. On a 2-core box these say which side is the bottleneck.
 */
export interface CpuReport {
  /** Busy share of all cores, 0–100. */
  machineBusyPct: number;
  /** This process. */
  nodeCores: number;
  /** The API's process, when it is not this one (null in-process, or where /proc is unreadable). */
  api: ApiCpu | null;
  /** Every `postgres` process (null where /proc is not readable). */
  postgresCores: number | null;
  /** The Postgres backends connected to the bench database. */
  benchBackendCores: number | null;
  /** Busy cores used by neither this process, the API nor Postgres: other load on the machine. */
  otherCores: number;
  /** Event-loop utilisation of this process, 0–100. */
  eventLoopPct: number;
  /** Context switches of this process's event-loop thread (Linux). */
  contextSwitches: ContextSwitches | null;
}

export interface ApiCpu {
  /** All of its threads (event loop, libuv pool, GC). */
  cores: number;
  /**
   * Share of the phase its main thread was on a CPU, 0–100: the event loop's real CPU time, time
   * spent runnable but preempted left out. Near 100 the API's event loop is the bottleneck.
   */
  mainThreadPct: number;
  /** Context switches of its main (event-loop) thread. */
  contextSwitches: ContextSwitches | null;
}

/**
 * Involuntary ones are the kernel taking the CPU away from a thread that wanted it, e.g. to run
 * the Postgres backend a write just woke; voluntary ones are the thread waiting for I/O.
 */
export interface ContextSwitches {
  voluntary: number;
  involuntary: number;
}

interface ApiMark {
  processTicks: number;
  threadTicks: number;
  switches: ContextSwitches | null;
}

interface Mark {
  wallNs: bigint;
  busy: number;
  total: number;
  proc: NodeJS.CpuUsage;
  elu: EventLoopUtilization;
  api: ApiMark | null;
  pg: Map<string, { ticks: number; bench: boolean }> | null;
  switches: ContextSwitches | null;
}

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every common build. */
const TICK_MS = 10;

/** utime + stime, in ticks, from the text of a /proc stat file (of a process or a thread). */
function statTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** The context switches of a process's main thread, from /proc; null elsewhere. */
function contextSwitches(pid: number): ContextSwitches | null {
  try {
    const status = readFileSync(`/proc/${pid}/task/${pid}/status`, 'utf8');
    const voluntary = /^voluntary_ctxt_switches:\s+(\d+)/m.exec(status);
    const involuntary = /^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(status);
    if (!voluntary || !involuntary) return null;
    return { voluntary: Number(voluntary[1]), involuntary: Number(involuntary[1]) };
  } catch {
    return null;
  }
}

/** `sum` plus how far the counters moved from `start` to `end`; null if any of them is unknown. */
const addSwitches = (
  sum: ContextSwitches | null,
  start: ContextSwitches | null,
  end: ContextSwitches | null,
): ContextSwitches | null =>
  sum && start && end
    ? {
        voluntary: sum.voluntary + end.voluntary - start.voluntary,
        involuntary: sum.involuntary + end.involuntary - start.involuntary,
      }
    : null;

function apiMark(pid: number): ApiMark | null {
  try {
    return {
      processTicks: statTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')),
      threadTicks: statTicks(readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8')),
      switches: contextSwitches(pid),
    };
  } catch {
    return null;
  }
}

function machineTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const cpu of cpus()) {
    const t = cpu.times;
    const all = t.user + t.nice + t.sys + t.idle + t.irq;
    total += all;
    busy += all - t.idle;
  }
  return { busy, total };
}

/** CPU ticks of every `postgres` process, and whether it serves `database`; null without /proc. */
function postgresTicks(database: string): Map<string, { ticks: number; bench: boolean }> | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const found = new Map<string, { ticks: number; bench: boolean }>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm !== 'postgres') continue;
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      found.set(pid, { ticks: statTicks(stat), bench: title.includes(` ${database} `) });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/**
 * How far the counters moved while a meter ran, added up over its runs (a quantity that could not
 * be read in one of them is null).
 */
interface Spent {
  wallMs: number;
  /** All cores' busy and total time (os.cpus(), ms). */
  busy: number;
  total: number;
  /** This process's user + system time, µs. */
  procUs: number;
  eluActiveMs: number;
  eluIdleMs: number;
  api: { processTicks: number; threadTicks: number; switches: ContextSwitches | null } | null;
  postgres: { ticks: number; benchTicks: number } | null;
  switches: ContextSwitches | null;
}

/**
 * Measures the CPU over one stretch (start, stop) or several (start, pause, start, …, stop): the
 * report is over the sum of the stretches, as if they were one.
 */
export class CpuMeter {
  private readonly spent: Spent;
  private running: Mark | null = null;

  /** `apiPid`: the API's process, when it runs in one of its own. */
  constructor(
    private readonly database: string,
    private readonly apiPid: number | null = null,
  ) {
    const none: ContextSwitches = { voluntary: 0, involuntary: 0 };
    this.spent = {
      wallMs: 0,
      busy: 0,
      total: 0,
      procUs: 0,
      eluActiveMs: 0,
      eluIdleMs: 0,
      api: apiPid === null ? null : { processTicks: 0, threadTicks: 0, switches: none },
      postgres: { ticks: 0, benchTicks: 0 },
      switches: none,
    };
  }

  /** Starts measuring, or measures on after pause(). */
  start(): this {
    this.running ??= this.mark();
    return this;
  }

  /** Stops measuring until the next start(), keeping what was measured. */
  pause(): void {
    const start = this.running;
    if (!start) return;
    this.running = null;
    const end = this.mark();
    const s = this.spent;
    s.wallMs += Number(end.wallNs - start.wallNs) / 1e6;
    s.busy += end.busy - start.busy;
    s.total += end.total - start.total;
    s.procUs += end.proc.user - start.proc.user + end.proc.system - start.proc.system;
    s.eluActiveMs += end.elu.active - start.elu.active;
    s.eluIdleMs += end.elu.idle - start.elu.idle;
    s.api =
      s.api && start.api && end.api
        ? {
            processTicks: s.api.processTicks + end.api.processTicks - start.api.processTicks,
            threadTicks: s.api.threadTicks + end.api.threadTicks - start.api.threadTicks,
            switches: addSwitches(s.api.switches, start.api.switches, end.api.switches),
          }
        : null;
    if (s.postgres && start.pg && end.pg) {
      for (const [pid, { ticks, bench }] of end.pg) {
        const delta = ticks - (start.pg.get(pid)?.ticks ?? 0);
        s.postgres.ticks += delta;
        if (bench) s.postgres.benchTicks += delta;
      }
    } else {
      s.postgres = null;
    }
    s.switches = addSwitches(s.switches, start.switches, end.switches);
  }

  /** Stops measuring; the report over every stretch measured. */
  stop(): CpuReport {
    this.pause();
    const s = this.spent;
    const perWall = (ms: number) => (s.wallMs > 0 ? ms / s.wallMs : 0);
    const machineBusyPct = s.total > 0 ? (100 * s.busy) / s.total : 0;
    const nodeCores = perWall(s.procUs / 1000);
    const api: ApiCpu | null = s.api && {
      cores: perWall(s.api.processTicks * TICK_MS),
      mainThreadPct: 100 * perWall(s.api.threadTicks * TICK_MS),
      contextSwitches: s.api.switches,
    };
    const postgresCores = s.postgres && perWall(s.postgres.ticks * TICK_MS);
    const busyCores = (machineBusyPct / 100) * cpus().length;
    const elu = s.eluActiveMs + s.eluIdleMs;
    return {
      contextSwitches: s.switches,
      machineBusyPct,
      nodeCores,
      api,
      postgresCores,
      benchBackendCores: s.postgres && perWall(s.postgres.benchTicks * TICK_MS),
      otherCores: Math.max(0, busyCores - nodeCores - (api?.cores ?? 0) - (postgresCores ?? 0)),
      eventLoopPct: elu > 0 ? (100 * s.eluActiveMs) / elu : 0,
    };
  }

  private mark(): Mark {
    return {
      wallNs: process.hrtime.bigint(),
      ...machineTimes(),
      proc: process.cpuUsage(),
      elu: performance.eventLoopUtilization(),
      api: this.apiPid === null ? null : apiMark(this.apiPid),
      pg: postgresTicks(this.database),
      switches: contextSwitches(process.pid),
    };
  }
}

/** How busy the machine is before the bench starts: a first sign of noise from other work. */
export async function idleCheck(database: string, ms = 1000): Promise<CpuReport> {
  const meter = new CpuMeter(database).start();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return meter.stop();
}
