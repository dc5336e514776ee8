import { errorFromResponse, isAbortError, NetworkError } from './errors.js';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface RequestOptions {
  signal?: AbortSignal | undefined;
}

export interface SendOptions extends RequestOptions {
  method?: string;
  query?: Record<string, string | number | boolean | undefined | null | Array<string | number>>;
  json?: unknown;
  body?: BodyInit | null;
  headers?: Record<string, string>;
  /** Send the token even to another origin (only signed storage URLs are followed without it). */
  auth?: boolean;
  /** Return non-OK responses instead of throwing (for 304/416 handling). */
  allowError?: boolean;
  redirect?: RequestRedirect;
}

/**
 * The one place requests are made: endpoint + path, the token as a Bearer header (never to other
 * origins), JSON in and out, and typed errors. `fetch` is pluggable so a host page can carry its own
 * session (cookies, SSO headers).
 */
export class Transport {
  readonly endpoint: string;
  token: string | undefined;
  private readonly fetchImpl: FetchLike;
  /** True when the host handed in its own fetch (then every request goes through it). */
  readonly usesCustomFetch: boolean;

  constructor(endpoint: string, token: string | undefined, fetchImpl: FetchLike | undefined) {
    this.endpoint = endpoint.replace(/\/+$/, '');
    this.token = token;
    this.usesCustomFetch = fetchImpl !== undefined;
    const f = fetchImpl ?? (globalThis.fetch as FetchLike | undefined);
    if (!f) throw new TypeError('No fetch available: pass one as `fetch`');
    // Called unbound: window.fetch throws "Illegal invocation" when called as a method of another object.
    this.fetchImpl = (input, init) => f(input, init);
  }

  /** Absolute URL for a path on the hub (absolute URLs pass through). */
  url(path: string, query?: SendOptions['query']): string {
    const url = new URL(/^https?:/.test(path) ? path : `${this.endpoint}${path.startsWith('/') ? '' : '/'}${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, String(v));
      else url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  private sameOrigin(url: string): boolean {
    return new URL(url).origin === new URL(this.endpoint).origin;
  }

  async send(path: string, options: SendOptions = {}): Promise<Response> {
    const url = this.url(path, options.query);
    const headers = new Headers(options.headers);
    if (this.token && (options.auth ?? this.sameOrigin(url)) && !headers.has('authorization')) headers.set('authorization', `Bearer ${this.token}`);
    let body = options.body;
    if (options.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(options.json);
    }
    let res: Response;
    try {
      res = await this.fetchImpl(url, { method: options.method ?? 'GET', headers, body: body ?? null, signal: options.signal ?? null, ...(options.redirect ? { redirect: options.redirect } : {}) });
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new NetworkError(0, `Network error: ${(error as Error)?.message ?? String(error)}`, { url });
    }
    if (!res.ok && !options.allowError && !(options.redirect === 'manual' && (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)))) throw await errorFromResponse(res);
    return res;
  }

  async json<T>(path: string, options: SendOptions = {}): Promise<T> {
    const res = await this.send(path, { ...options, headers: { accept: 'application/json', ...options.headers } });
    return (await res.json()) as T;
  }
}
