/**
 * What every embedding page here does before the elements load (one script tag: /elements.js):
 * point `<csg-hub>` at the hub (`?hub=`, default this origin) and, when this browser is signed in to
 * that hub on the same origin, hand in a fetch that adds the session's CSRF token to writes (the
 * pattern a portal uses to carry its own SSO session). `?repo=` and `?dataset=` pick what is shown.
 */
export interface Demo {
  endpoint: string;
  repo: string;
  dataset: string;
  fetch: typeof fetch;
}

export async function connect(): Promise<Demo> {
  const q = new URLSearchParams(location.search);
  const endpoint = (q.get('hub') ?? location.origin).replace(/\/+$/, '');
  let csrf: string | null = null;
  if (new URL(endpoint).origin === location.origin) {
    const session = await fetch(`${endpoint}/api/auth/session`, { credentials: 'same-origin' }).then((r) => (r.ok ? r.json() : null)).catch(() => null) as { csrfToken?: string } | null;
    csrf = session?.csrfToken ?? null;
  }
  const carry: typeof fetch = (input, init = {}) => {
    const method = (init.method ?? 'GET').toUpperCase();
    if (csrf && method !== 'GET' && method !== 'HEAD') init = { ...init, headers: { ...Object.fromEntries(new Headers(init.headers)), 'x-csrf-token': csrf } };
    return fetch(input, { ...init, credentials: 'same-origin' });
  };
  return { endpoint, repo: q.get('repo') ?? 'acme/corpus', dataset: q.get('dataset') ?? q.get('repo') ?? 'acme/corpus', fetch: carry };
}
