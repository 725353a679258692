import type { FileResult } from '../application/cable-import.service';

interface Output {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): boolean;
}

/**
 * The import's progress on stderr: a bar redrawn in place (at most ten times a second) on a
 * terminal, a plain line every few seconds otherwise (a log file, CI). Count, rate, ETA — the ETA
 * once the count of files is known, which a second walk of the folders finds out meanwhile.
 */
export class ImportProgressBar {
  /** From the first file, so the rate leaves out the process start. */
  private started: number | null = null;
  private readonly tty: boolean;
  private total: number | null = null;
  private done = 0;
  private imported = 0;
  private unchanged = 0;
  private failed = 0;
  private warnings = 0;
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly out: Output,
    private readonly options: { intervalMs?: number; quiet?: boolean } = {},
  ) {
    this.tty = out.isTTY === true;
  }

  setTotal(total: number): void {
    this.total = total;
  }

  tick(result: FileResult): void {
    if (this.started === null) {
      // The first line waits an interval too: a rate over one file says nothing.
      this.started = Date.now();
      this.lastDraw = this.started;
    }
    this.done++;
    this[result.status]++;
    if (result.status === 'imported') this.warnings += result.warnings;
    this.draw(false);
  }

  /** A line of its own above the bar (a failure, say). */
  log(line: string): void {
    if (this.tty && this.drawn) this.out.write('\r\x1b[2K');
    this.out.write(`${line}\n`);
    this.drawn = false;
    this.draw(true);
  }

  finish(): void {
    if (this.options.quiet) return;
    if (this.tty) {
      this.draw(true);
      this.out.write('\n');
    } else {
      this.out.write(`${this.line()}\n`);
    }
  }

  private draw(force: boolean): void {
    if (this.options.quiet) return;
    const now = Date.now();
    const interval = this.options.intervalMs ?? (this.tty ? 100 : 5000);
    if (!force && now - this.lastDraw < interval) return;
    if (!this.tty && (force || this.done === 0)) return;
    this.lastDraw = now;
    if (this.tty) {
      this.out.write(`\r\x1b[2K${this.bar()}`);
      this.drawn = true;
    } else {
      this.out.write(`${this.line()}\n`);
    }
  }

  private figures(): { rate: number; eta: string; share: number | null } {
    const seconds = this.started === null ? 0 : (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    const share = this.total ? Math.min(1, this.done / this.total) : null;
    const left = this.total === null ? null : Math.max(0, this.total - this.done);
    const eta = left === null || rate === 0 ? '?' : duration(left / rate);
    return { rate, eta, share };
  }

  private bar(): string {
    const { rate, eta, share } = this.figures();
    const width = Math.max(10, Math.min(30, (this.out.columns ?? 80) - 100));
    const filled = share === null ? 0 : Math.round(share * width);
    const gauge = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
    const count = `${n(this.done)}/${this.total === null ? '?' : n(this.total)}`;
    const pct = share === null ? '' : ` ${Math.floor(share * 100)}%`;
    const text = `${gauge} ${count}${pct} ${n(Math.round(rate))}/s ETA ${eta}  imported ${n(this.imported)} unchanged ${n(this.unchanged)} failed ${n(this.failed)}`;
    // Never wider than the terminal: a wrapped line cannot be redrawn in place.
    return text.slice(0, Math.max(20, (this.out.columns ?? 80) - 1));
  }

  private line(): string {
    const { rate, eta, share } = this.figures();
    const of = this.total === null ? '' : ` of ${this.total}`;
    const pct = share === null ? '' : ` (${Math.floor(share * 100)}%)`;
    return `cables:import ${this.done}${of} files${pct}, ${Math.round(rate)} cables/s, ETA ${eta}; imported ${this.imported}, unchanged ${this.unchanged}, failed ${this.failed}, warnings ${this.warnings}`;
  }
}

function n(value: number): string {
  return value.toLocaleString('en-US');
}

/** `0:06`, `12:40`, `1:02:03`. */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (x: number) => String(x).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}
