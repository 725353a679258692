import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/**
 * Opt-in (`--cpu-profile <file>`): a V8 CPU profile of this process (API and bench clients) for
 * one phase, written as a .cpuprofile (open it in Chrome DevTools or speedscope) and summarised
 * here as self time by package / source folder and by function.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface CpuProfileSummary {
  file: string;
  totalMs: number;
  /** Share of sampled time, in %, by where the code lives ('(idle)' = waiting for I/O). */
  byArea: { area: string; pct: number }[];
  byFunction: { fn: string; pct: number }[];
}

function areaOf(url: string, fn: string): string {
  if (!url) {
    if (fn.startsWith('(')) return fn; // (garbage collector), (idle), (program)
    return '(native / V8 builtins)';
  }
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  const src = /\/dist\/(src|bench|migrations)\/([^/]+)/.exec(url);
  if (src) return src[1] === 'src' ? `src/${src[2]!.replace(/\.js$/, '')}` : src[1]!;
  if (url.startsWith('node:')) {
    const mod = url.slice('node:'.length).replace(/^internal\//, '');
    return `node:${mod
      .split('/')[0]!
      .replace(/\.js$/, '')
      .replace(/^(_http|http).*/, 'http')}`;
  }
  return url;
}

export class CpuProfiler {
  private readonly session = new Session();

  async start(intervalUs = 500): Promise<void> {
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.setSamplingInterval', { interval: intervalUs });
    await this.session.post('Profiler.start');
  }

  async stop(file: string): Promise<CpuProfileSummary> {
    const { profile } = (await this.session.post('Profiler.stop')) as unknown as {
      profile: Profile;
    };
    await this.session.post('Profiler.disable');
    this.session.disconnect();
    writeFileSync(file, JSON.stringify(profile));
    return summarizeProfile(profile, file);
  }
}

export function summarizeProfile(profile: Profile, file: string): CpuProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const area = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const a = areaOf(url, functionName);
    area.set(a, (area.get(a) ?? 0) + us);
    const short = url ? url.replace(/^.*\/(node_modules|dist)\//, '') : '';
    const key = `${functionName || '(anonymous)'}${short ? ` ${short}:${lineNumber + 1}` : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const share = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => ({ k, pct: total ? (100 * us) / total : 0 }));
  return {
    file,
    totalMs: total / 1000,
    byArea: share(area, 25).map(({ k, pct }) => ({ area: k, pct })),
    byFunction: share(fns, 25).map(({ k, pct }) => ({ fn: k, pct })),
  };
}
