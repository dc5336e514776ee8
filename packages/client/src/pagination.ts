import type { SendOptions, Transport } from './transport.js';

/** The `rel="next"` URL of a `Link` header, as Hugging Face's clients read it. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,\s*(?=<)/)) {
    const match = /^<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (match && match[2] === 'next') return match[1];
  }
  return undefined;
}

export interface Page<T> {
  items: T[];
  /** Absolute URL of the next page, if any. */
  next: string | undefined;
  /** `X-Total-Count`, where the endpoint sends it. */
  total: number | undefined;
}

/** Fetches one page of a bare-array endpoint. */
export async function fetchPage<T>(transport: Transport, url: string, options: SendOptions = {}): Promise<Page<T>> {
  const res = await transport.send(url, { ...options, headers: { accept: 'application/json', ...options.headers } });
  const items = (await res.json()) as T[];
  const total = res.headers.get('x-total-count');
  return { items, next: nextLink(res.headers.get('link')), total: total === null ? undefined : Number(total) };
}

/** Async iterator over every item, following `Link: <url>; rel="next"` until it ends. */
export async function* paginate<T>(transport: Transport, url: string, options: SendOptions = {}): AsyncGenerator<T, void, undefined> {
  let next: string | undefined = url;
  let first = true;
  while (next) {
    const page: Page<T> = await fetchPage<T>(transport, next, first ? options : { signal: options.signal, headers: options.headers });
    first = false;
    yield* page.items;
    next = page.next;
  }
}

/** Collects an async iterable (optionally up to `limit` items). */
export async function collect<T>(iterable: AsyncIterable<T>, limit = Infinity): Promise<T[]> {
  const out: T[] = [];
  if (limit <= 0) return out;
  for await (const item of iterable) {
    out.push(item);
    if (out.length >= limit) break;
  }
  return out;
}
