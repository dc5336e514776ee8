/**
 * A fetch that answers from a route table, for element tests against a real HubClient (only the
 * network is replaced). Routes are `METHOD /path/regexp` → handler; unknown routes answer 404.
 */
export interface FakeCall {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
  signal: AbortSignal | null;
}

export type FakeHandler = (call: FakeCall, match: RegExpExecArray) => Response | Promise<Response>;

export interface FakeFetch {
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  calls: FakeCall[];
  /** Adds (or replaces) a route; later routes are tried first. */
  on(method: string, path: RegExp, handler: FakeHandler): void;
  /** Makes every answer wait until `release()` (to observe pending states). */
  hold(): () => void;
}

export function fakeFetch(): FakeFetch {
  const routes: Array<{ method: string; path: RegExp; handler: FakeHandler }> = [];
  const calls: FakeCall[] = [];
  let gate: Promise<void> | undefined;
  const fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input));
    const call: FakeCall = { method: (init.method ?? 'GET').toUpperCase(), url, headers: new Headers(init.headers), body: init.body, signal: init.signal ?? null };
    calls.push(call);
    if (gate) await gate;
    init.signal?.throwIfAborted();
    const path = decodeURI(url.pathname);
    for (const route of [...routes].reverse()) {
      if (route.method !== call.method && !(route.method === 'GET' && call.method === 'HEAD')) continue;
      const match = route.path.exec(url.pathname) ?? route.path.exec(path);
      if (match) {
        const res = await route.handler(call, match);
        Object.defineProperty(res, 'url', { value: url.toString() });
        return res;
      }
    }
    return jsonResponse({ error: `Not found: ${call.method} ${url.pathname}` }, { status: 404 });
  };
  return {
    fetch,
    calls,
    on(method, path, handler) {
      routes.push({ method: method.toUpperCase(), path, handler });
    },
    hold() {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

export function jsonResponse(value: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set('content-type', 'application/json');
  return new Response(JSON.stringify(value), { ...init, headers });
}

export function errorResponse(status: number, message: string, code?: string): Response {
  return jsonResponse({ error: message }, { status, headers: { 'x-error-message': message, ...(code ? { 'x-error-code': code } : {}) } });
}
