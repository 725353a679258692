import { Agent, request } from 'node:http';

export interface JsonResponse<T = unknown> {
  status: number;
  body: T;
  /** Time from sending the request to the last byte of the answer, in ms. */
  ms: number;
}

export type ClientKind = 'http' | 'fetch';

/**
 * A small JSON client over keep-alive connections to one loopback server. `http` uses node:http
 * with a keep-alive Agent (cheapest on the CPU the server shares with it); `fetch` uses Node's
 * global fetch, whose bundled undici also keeps connections alive.
 */
export class JsonClient {
  private readonly agent: Agent;
  private readonly origin: string;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly kind: ClientKind,
    sockets: number,
    private readonly timeoutMs = 30_000,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
    this.origin = `http://${host}:${port}`;
  }

  send<T = unknown>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<JsonResponse<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    return this.kind === 'fetch'
      ? this.viaFetch<T>(method, path, headers, payload)
      : this.viaHttp<T>(method, path, headers, payload);
  }

  close(): void {
    this.agent.destroy();
  }

  private async viaFetch<T>(
    method: string,
    path: string,
    headers: Record<string, string>,
    payload: string | undefined,
  ): Promise<JsonResponse<T>> {
    const start = process.hrtime.bigint();
    const res = await fetch(`${this.origin}${path}`, {
      method,
      headers,
      body: payload,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    return { status: res.status, body: parse<T>(text), ms };
  }

  private viaHttp<T>(
    method: string,
    path: string,
    headers: Record<string, string>,
    payload: string | undefined,
  ): Promise<JsonResponse<T>> {
    return new Promise((resolve, reject) => {
      const start = process.hrtime.bigint();
      if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
      const req = request(
        { host: this.host, port: this.port, method, path, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const ms = Number(process.hrtime.bigint() - start) / 1e6;
            resolve({
              status: res.statusCode ?? 0,
              body: parse<T>(Buffer.concat(chunks).toString('utf8')),
              ms,
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

function parse<T>(text: string): T {
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    return text as T;
  }
}
