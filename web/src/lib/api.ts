/**
 * The one way the web app talks to the server: the documented /api routes with the bearer token,
 * and every refusal turned into an ApiError that says in plain words what happened.
 */
const TOKEN_KEY = 'declass.token';
const REFRESH_KEY = 'declass.refresh';

let token: string | null = sessionStorage.getItem(TOKEN_KEY);
let refreshToken: string | null = sessionStorage.getItem(REFRESH_KEY);
let onUnauthorized: (() => void) | null = null;

export function setToken(value: string | null, refresh: string | null = null): void {
  token = value;
  refreshToken = value ? refresh : null;
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
  if (refreshToken) sessionStorage.setItem(REFRESH_KEY, refreshToken);
  else sessionStorage.removeItem(REFRESH_KEY);
}

/**
 * Access tokens are short-lived: when one expires, trade the refresh token once for a new pair.
 * One trade at a time, since the server ends a session whose refresh token is presented twice.
 */
let refreshing: Promise<boolean> | null = null;
function refreshSession(): Promise<boolean> {
  if (!refreshToken) return Promise.resolve(false);
  refreshing ??= fetch('/api/auth/refresh', {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  })
    .then(async (res) => {
      if (!res.ok) return false;
      const next = (await res.json()) as { accessToken: string; refreshToken: string };
      setToken(next.accessToken, next.refreshToken);
      return true;
    })
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

export function hasToken(): boolean {
  return token !== null;
}

/** Called when the server no longer accepts the token (expired, or the user was deactivated). */
export function handleUnauthorized(fn: () => void): void {
  onUnauthorized = fn;
}

/** The error body every API refusal carries. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: Record<string, unknown>;
  correlationId?: string;
}

const LEAD: Record<number, string> = {
  400: 'The request was not accepted',
  401: 'You are not signed in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  413: 'Too large',
  422: 'A rule was not met',
  503: 'The service is unavailable',
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }

  get code(): string {
    return this.body.error;
  }

  /** A sentence a reviewer understands: what kind of refusal, then the server's own words. */
  get plain(): string {
    if (this.status === 0) return this.body.message;
    if (this.code === 'STALE_VERSION') {
      return 'Someone else changed this review after you opened it. Reload it to see their change, then try again.';
    }
    if (this.code === 'INVALID_TRANSITION') {
      const accepted = this.body.details?.acceptedEvents;
      const list = Array.isArray(accepted) ? accepted.join(', ') : '';
      return `Not possible now: ${this.body.message}${list && !this.body.message.includes(list) ? ` (it accepts ${list})` : ''}`;
    }
    const lead = LEAD[this.status] ?? (this.status >= 500 ? 'The server failed' : 'Refused');
    return `${lead}: ${this.body.message}`;
  }
}

export function plainError(err: unknown): string {
  if (err instanceof ApiError) return err.plain;
  if (err instanceof Error) return err.message;
  return String(err);
}

type Query = Record<string, string | number | boolean | undefined | null>;

function url(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return `/api${path}${qs ? `?${qs}` : ''}`;
}

async function send(
  method: string,
  path: string,
  body?: unknown,
  query?: Query,
  retried = false,
): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, {
      statusCode: 0,
      error: 'NETWORK',
      message: 'The server cannot be reached. Check your connection and try again.',
    });
  }
  if (res.ok) return res;
  let errorBody: ErrorBody;
  try {
    errorBody = (await res.json()) as ErrorBody;
  } catch {
    errorBody = { statusCode: res.status, error: 'ERROR', message: res.statusText || 'Error' };
  }
  if (
    res.status === 401 &&
    token &&
    !path.startsWith('/auth/login') &&
    !path.startsWith('/auth/refresh')
  ) {
    if (!retried && (await refreshSession())) return send(method, path, body, query, true);
    onUnauthorized?.();
  }
  throw new ApiError(res.status, errorBody);
}

export const api = {
  async get<T>(path: string, query?: Query): Promise<T> {
    return (await (await send('GET', path, undefined, query)).json()) as T;
  },
  async post<T>(path: string, body: unknown): Promise<T> {
    return (await (await send('POST', path, body)).json()) as T;
  },
  /** A streamed export as text (NDJSON or CSV). */
  async text(path: string, query?: Query): Promise<string> {
    return (await send('GET', path, undefined, query)).text();
  },
  async blob(path: string, query?: Query): Promise<Blob> {
    return (await send('GET', path, undefined, query)).blob();
  },
  /** Whether the server documents a route (feature detection for routes that later issues add). */
  async hasRoute(match: (path: string, methods: string[]) => boolean): Promise<string | null> {
    const res = await fetch('/api/docs/openapi.json', { headers: { accept: 'application/json' } });
    if (!res.ok) return null;
    const doc = (await res.json()) as { paths?: Record<string, Record<string, unknown>> };
    for (const [path, ops] of Object.entries(doc.paths ?? {})) {
      if (match(path, Object.keys(ops))) return path;
    }
    return null;
  },
};
