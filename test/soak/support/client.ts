import { Agent, request } from 'node:http';

/** One answer of the API, with how long it took. */
export interface Answer<T = unknown> {
  status: number;
  body: T;
  ms: number;
}

export interface ErrorAnswer {
  statusCode: number;
  error: string;
  message: string;
}

/** Latencies and outcomes of every request, by kind. */
export class Recorder {
  readonly latencies = new Map<string, number[]>();
  readonly outcomes = new Map<string, number>();
  /** Requests that got no answer at all (connection refused or reset, timeout). */
  noAnswer = 0;

  record(kind: string, answer: Answer): void {
    const list = this.latencies.get(kind) ?? [];
    list.push(answer.ms);
    this.latencies.set(kind, list);
    const code =
      answer.status >= 400
        ? ` ${(answer.body as Partial<ErrorAnswer> | undefined)?.error ?? ''}`
        : '';
    const key = `${answer.status}${code}`;
    this.outcomes.set(key, (this.outcomes.get(key) ?? 0) + 1);
  }

  all(kind?: string): number[] {
    return kind ? (this.latencies.get(kind) ?? []) : [...this.latencies.values()].flat();
  }
}

/**
 * A small JSON client over keep-alive connections to one loopback server. A request that gets
 * no answer rejects; every answer (any status) resolves.
 */
export class JsonClient {
  private readonly agent: Agent;

  constructor(
    readonly port: number,
    readonly recorder = new Recorder(),
    private readonly timeoutMs = 30_000,
    sockets = 64,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  async send<T = unknown>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body?: unknown,
    token?: string,
    kind = method === 'GET' ? 'read' : 'write',
  ): Promise<Answer<T>> {
    try {
      const answer = await this.raw<T>(method, path, body, token);
      this.recorder.record(kind, answer);
      return answer;
    } catch (err) {
      this.recorder.noAnswer += 1;
      throw err;
    }
  }

  close(): void {
    this.agent.destroy();
  }

  private raw<T>(method: string, path: string, body: unknown, token?: string): Promise<Answer<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    if (token) headers.authorization = `Bearer ${token}`;
    return new Promise((resolve, reject) => {
      const start = process.hrtime.bigint();
      const req = request(
        { host: '127.0.0.1', port: this.port, method, path, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              // not JSON: keep the text
            }
            resolve({
              status: res.statusCode ?? 0,
              body: parsed as T,
              ms: Number(process.hrtime.bigint() - start) / 1e6,
            });
          });
        },
      );
      req.setTimeout(this.timeoutMs, () =>
        req.destroy(new Error(`${method} ${path}: no answer within ${this.timeoutMs} ms`)),
      );
      req.on('error', reject);
      req.end(payload);
    });
  }
}

interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: { id: string; username: string; roles: string[] };
}

/** A logged-in user: refreshes the access token before it expires, as a client should. */
export class Session {
  private tokens!: Tokens;
  private issuedAt = 0;
  /** One refresh at a time: a refresh token presented twice ends the session (theft detection). */
  private refreshing: Promise<void> | null = null;

  private constructor(
    private readonly client: JsonClient,
    readonly username: string,
    private readonly password: string,
  ) {}

  static async login(client: JsonClient, username: string, password: string): Promise<Session> {
    const session = new Session(client, username, password);
    await session.logIn();
    return session;
  }

  get id(): string {
    return this.tokens.user.id;
  }

  get roles(): string[] {
    return this.tokens.user.roles;
  }

  async request<T = unknown>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body?: unknown,
    kind?: string,
  ): Promise<Answer<T>> {
    if (Date.now() - this.issuedAt > (this.tokens.expiresIn - 60) * 1000) {
      this.refreshing ??= this.refresh().finally(() => (this.refreshing = null));
      await this.refreshing;
    }
    return this.client.send<T>(method, path, body, this.tokens.accessToken, kind);
  }

  private async logIn(): Promise<void> {
    const res = await this.client.send<Tokens>(
      'POST',
      '/api/auth/login',
      { username: this.username, password: this.password },
      undefined,
      'auth',
    );
    if (res.status !== 200)
      throw new Error(`login of ${this.username}: ${res.status} ${JSON.stringify(res.body)}`);
    this.tokens = res.body;
    this.issuedAt = Date.now();
  }

  private async refresh(): Promise<void> {
    const res = await this.client.send<Tokens>(
      'POST',
      '/api/auth/refresh',
      { refreshToken: this.tokens.refreshToken },
      undefined,
      'auth',
    );
    if (res.status !== 200) return this.logIn();
    this.tokens = res.body;
    this.issuedAt = Date.now();
  }
}

/** Nearest-rank percentile of unsorted samples (p in 0..100). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
