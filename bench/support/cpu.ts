import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/**
 * Where the CPU went during a phase, in cores (1.0 = one core busy for the whole phase): the whole
 * machine (os.cpus() counters), this Node process (API + bench clients + raw-SQL loops), the
 * Postgres processes (from /proc, Linux only), and the rest — other people's work on a shared
 * machine, which is noise in the figures. On a 2-core box these say which side is the bottleneck.
 */
export interface CpuReport {
  /** Busy share of all cores, 0–100. */
  machineBusyPct: number;
  nodeCores: number;
  /** Every `postgres` process (null where /proc is not readable). */
  postgresCores: number | null;
  /** The Postgres backends connected to the bench database. */
  benchBackendCores: number | null;
  /** Busy cores used by neither this process nor Postgres: other load on the machine. */
  otherCores: number;
  /** Event-loop utilisation of this process, 0–100. */
  eventLoopPct: number;
  /**
   * Context switches of the event-loop thread (Linux): involuntary ones are the kernel taking the
   * CPU away from a thread that wanted it, e.g. to run the Postgres backend a write just woke.
   */
  contextSwitches: { voluntary: number; involuntary: number } | null;
}

interface Mark {
  wallNs: bigint;
  busy: number;
  total: number;
  proc: NodeJS.CpuUsage;
  elu: EventLoopUtilization;
  pg: Map<string, { ticks: number; bench: boolean }> | null;
  switches: { voluntary: number; involuntary: number } | null;
}

/** The main (event-loop) thread's context switches, from /proc/self/status; null elsewhere. */
function contextSwitches(): { voluntary: number; involuntary: number } | null {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const voluntary = /^voluntary_ctxt_switches:\s+(\d+)/m.exec(status);
    const involuntary = /^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(status);
    if (!voluntary || !involuntary) return null;
    return { voluntary: Number(voluntary[1]), involuntary: Number(involuntary[1]) };
  } catch {
    return null;
  }
}

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every common build. */
const TICK_MS = 10;

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
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      if (comm !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      found.set(pid, { ticks, bench: title.includes(` ${database} `) });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

export class CpuMeter {
  private readonly start: Mark;

  constructor(private readonly database: string) {
    this.start = {
      wallNs: process.hrtime.bigint(),
      ...machineTimes(),
      proc: process.cpuUsage(),
      elu: performance.eventLoopUtilization(),
      pg: postgresTicks(database),
      switches: contextSwitches(),
    };
  }

  stop(): CpuReport {
    const wallMs = Number(process.hrtime.bigint() - this.start.wallNs) / 1e6;
    const m = machineTimes();
    const proc = process.cpuUsage(this.start.proc);
    const elu = performance.eventLoopUtilization(this.start.elu);
    const pgEnd = postgresTicks(this.database);
    const cores = cpus().length;
    const machineBusyPct =
      m.total > this.start.total
        ? (100 * (m.busy - this.start.busy)) / (m.total - this.start.total)
        : 0;
    const perWall = (ms: number) => (wallMs > 0 ? ms / wallMs : 0);
    const nodeCores = perWall((proc.user + proc.system) / 1000);
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
    const switches = contextSwitches();
    return {
      contextSwitches:
        switches && this.start.switches
          ? {
              voluntary: switches.voluntary - this.start.switches.voluntary,
              involuntary: switches.involuntary - this.start.switches.involuntary,
            }
          : null,
      machineBusyPct,
      nodeCores,
      postgresCores,
      benchBackendCores,
      otherCores: Math.max(0, busyCores - nodeCores - (postgresCores ?? 0)),
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
