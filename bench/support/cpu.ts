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

const switchesSince = (
  start: ContextSwitches | null,
  end: ContextSwitches | null,
): ContextSwitches | null =>
  start && end
    ? {
        voluntary: end.voluntary - start.voluntary,
        involuntary: end.involuntary - start.involuntary,
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

export class CpuMeter {
  private readonly start: Mark;

  /** `apiPid`: the API's process, when it runs in one of its own. */
  constructor(
    private readonly database: string,
    private readonly apiPid: number | null = null,
  ) {
    this.start = {
      wallNs: process.hrtime.bigint(),
      ...machineTimes(),
      proc: process.cpuUsage(),
      elu: performance.eventLoopUtilization(),
      api: apiPid === null ? null : apiMark(apiPid),
      pg: postgresTicks(database),
      switches: contextSwitches(process.pid),
    };
  }

  stop(): CpuReport {
    const wallMs = Number(process.hrtime.bigint() - this.start.wallNs) / 1e6;
    const m = machineTimes();
    const proc = process.cpuUsage(this.start.proc);
    const elu = performance.eventLoopUtilization(this.start.elu);
    const apiEnd = this.apiPid === null ? null : apiMark(this.apiPid);
    const pgEnd = postgresTicks(this.database);
    const cores = cpus().length;
    const machineBusyPct =
      m.total > this.start.total
        ? (100 * (m.busy - this.start.busy)) / (m.total - this.start.total)
        : 0;
    const perWall = (ms: number) => (wallMs > 0 ? ms / wallMs : 0);
    const nodeCores = perWall((proc.user + proc.system) / 1000);
    const api: ApiCpu | null =
      this.start.api && apiEnd
        ? {
            cores: perWall((apiEnd.processTicks - this.start.api.processTicks) * TICK_MS),
            mainThreadPct:
              100 * perWall((apiEnd.threadTicks - this.start.api.threadTicks) * TICK_MS),
            contextSwitches: switchesSince(this.start.api.switches, apiEnd.switches),
          }
        : null;
    let postgresCores: number | null = null;
    let benchBackendCores: number | null = null;
    if (this.start.pg && pgEnd) {
      let all = 0;
      let bench = 0;
      for (const [pid, end] of pgEnd) {
        const delta = end.ticks - (this.start.pg.get(pid)?.ticks ?? 0);
        all += delta;
        if (end.bench) bench += delta;
      }
      postgresCores = perWall(all * TICK_MS);
      benchBackendCores = perWall(bench * TICK_MS);
    }
    const busyCores = (machineBusyPct / 100) * cores;
    return {
      contextSwitches: switchesSince(this.start.switches, contextSwitches(process.pid)),
      machineBusyPct,
      nodeCores,
      api,
      postgresCores,
      benchBackendCores,
      otherCores: Math.max(0, busyCores - nodeCores - (api?.cores ?? 0) - (postgresCores ?? 0)),
      eventLoopPct: elu.utilization * 100,
    };
  }
}

/** How busy the machine is before the bench starts: a first sign of noise from other work. */
export async function idleCheck(database: string, ms = 1000): Promise<CpuReport> {
  const meter = new CpuMeter(database);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return meter.stop();
}
