/** A recording fetch for unit tests of one module: routes answer by method + path. */
export interface Call {
  method: string;
  url: URL;
  headers: Headers;
  body: string | Blob | null;
}

type Handler = (call: Call) => Response | Promise<Response>;

export function fakeFetch(routes: Record<string, Handler>) {
  const calls: Call[] = [];
  const fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    init.signal?.throwIfAborted();
    const url = new URL(String(input));
    const body = init.body instanceof Blob ? init.body : typeof init.body === 'string' ? init.body : null;
    const call: Call = { method: init.method ?? 'GET', url, headers: new Headers(init.headers), body };
    calls.push(call);
    const key = `${call.method} ${url.pathname}`;
    const handler = routes[key] ?? routes[`${call.method} *`];
    if (!handler) return new Response(JSON.stringify({ error: `no route ${key}` }), { status: 599 });
    const res = await handler(call);
    Object.defineProperty(res, 'url', { value: url.toString() });
    return res;
  };
  return { fetch, calls };
}

export const json = (value: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(value), { ...init, headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });
