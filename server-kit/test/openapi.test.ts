import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends.js';
import { startHub, type TestHub } from './helpers/hub.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

describe('OpenAPI document', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startHub(backends[0]!);
  });
  afterAll(() => t.close());

  it('is served at /api/openapi.json as OpenAPI 3.1 with the hub as server', async () => {
    const res = await t.api('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; servers: Array<{ url: string }> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: t.url }]);
  });

  it('describes exactly the routes the router serves', async () => {
    const doc = (await (await t.api('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).filter((m) => METHODS.includes(m)).map((m) => `${m.toUpperCase()} ${p}`)),
    );
    const served = new Set(
      [...t.hub.router.stack, ...t.hub.fileRouter.stack].flatMap((layer) =>
        layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${layer.path.toString().replace(/[:*]([A-Za-z_]+)/g, '{$1}')}`),
      ),
    );
    expect([...served].filter((r) => !documented.has(r)), 'served but not documented').toEqual([]);
    expect([...documented].filter((r) => !served.has(r)), 'documented but not served').toEqual([]);
  });

  it('resolves every $ref and documents every path parameter', async () => {
    const doc = (await (await t.api('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;
      components: { schemas: Record<string, unknown> };
    };
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(doc.components.schemas, ref).toHaveProperty(ref);
    for (const [p, ops] of Object.entries(doc.paths)) {
      const names = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      for (const [method, op] of Object.entries(ops)) {
        const declared = (op.parameters ?? []).filter((x) => x.in === 'path').map((x) => x.name).sort();
        expect(declared, `${method} ${p}`).toEqual(names);
      }
    }
  });
});
