import { errorResponse, fakeFetch, jsonResponse, type FakeFetch } from '../../elements/src/test-support/fake-fetch.js';
import { addRepo, ENDPOINT, type FakeFile, type FakeRepo } from '../../elements/src/test-support/fake-hub.js';
import { addDiscussions, type FakeThread } from '../../elements/src/test-support/fake-discussions.js';
import { addViewer, type FakeSplit } from '../../elements/src/test-support/fake-viewer.js';
import { HubClient } from '@csghub/client';

/**
 * One fake hub per story state, from the elements' own test support (the real HubClient, only the
 * network replaced): `default` a small believable hub, `empty` nothing in it, `huge` thousands of
 * everything, `loading` never answers, `error` answers every call with a 503.
 */
export type State = 'default' | 'empty' | 'huge' | 'loading' | 'error';

const MiB = 1024 * 1024;
const iso = '2026-01-02T03:04:05.000Z';
const README = `---\nlicense: apache-2.0\nlanguage: [en, zh]\n---\n# Llama 7B (demo)\n\nA model card with **markdown**, a table and code:\n\n| metric | value |\n|---|---|\n| accuracy | 0.91 |\n\n\`\`\`python\nfrom transformers import AutoModel\nmodel = AutoModel.from_pretrained("acme/llama-7b")\n\`\`\`\n`;

function files(state: State): Record<string, FakeFile | string> {
  if (state === 'empty') return {};
  const base: Record<string, FakeFile | string> = {
    'README.md': README,
    'config.json': '{\n  "hidden_size": 4096,\n  "num_layers": 32\n}\n',
    'tokenizer.json': '{"version": "1.0"}',
    'model-00001-of-00002.safetensors': { size: 4900 * MiB, lfs: true },
    'model-00002-of-00002.safetensors': { size: 3100 * MiB, lfs: true },
    'src/train.py': 'import torch\n\nfor epoch in range(3):\n    print(epoch)\n',
  };
  if (state === 'huge') for (let i = 0; i < 5000; i++) base[`shards/part-${String(i).padStart(5, '0')}.bin`] = { size: 1024 * (i + 1), lfs: i % 2 === 0 };
  return base;
}

const commits = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i.toString(16).padStart(40, '0'), title: `Commit ${n - i}`, message: `Commit ${n - i}`, authors: [{ user: i % 2 ? 'bob' : 'alice' }], date: iso }));

const split = (rows: number): FakeSplit => ({
  config: 'default', split: 'train', rows,
  columns: [{ name: 'id', type: 'int' }, { name: 'text', type: 'string' }, { name: 'score', type: 'float' }, { name: 'ok', type: 'bool' }],
  cell: (row, column) => (column === 'id' ? row : column === 'text' ? `Sentence number ${row}` : column === 'score' ? (row % 97) / 10 : row % 3 === 0),
});

const threads = (n: number): FakeThread[] => Array.from({ length: n }, (_, i) => ({
  num: n - i, title: i === 0 ? 'The tokenizer drops emoji' : `Question ${n - i}`, status: i % 3 === 2 ? 'closed' : 'open', author: i % 2 ? 'bob' : 'alice',
  comments: [['alice', 'Steps to reproduce:\n\n1. load\n2. encode 🙂'], ['bob', 'Confirmed, thanks!']],
}));

function accounts(net: FakeFetch, state: State): void {
  const many = state === 'huge' ? 500 : state === 'empty' ? 0 : 3;
  const me = { type: 'user', id: '1', name: 'alice', fullname: 'Alice Zhang', email: 'alice@example.com', orgs: [{ type: 'org', name: 'acme', roleInOrg: 'admin' }, { type: 'org', name: 'research', roleInOrg: 'write' }] };
  net.on('GET', /^\/api\/whoami-v2$/, () => jsonResponse(me));
  net.on('POST', /^\/api\/auth\/login$/, () => errorResponse(401, 'Invalid username or password'));
  net.on('GET', /^\/api\/user\/tokens$/, () => jsonResponse(Array.from({ length: many }, (_, i) => ({ id: i + 1, displayName: `token-${i + 1}`, scope: (['read', 'write', 'admin'] as const)[i % 3], hint: `hf_…${String(1000 + i)}`, createdAt: iso, expiresAt: null, lastUsedAt: i % 2 ? iso : null }))));
  net.on('GET', /^\/api\/user\/ssh-keys$/, () => jsonResponse(Array.from({ length: many }, (_, i) => ({ id: i + 1, title: `laptop-${i + 1}`, keyType: 'ssh-ed25519', key: 'ssh-ed25519 AAAA…', fingerprint: `SHA256:${'x'.repeat(20)}${i}`, createdAt: iso, lastUsedAt: null }))));
  net.on('GET', /^\/api\/organizations\/([^/]+)\/members$/, () => jsonResponse(Array.from({ length: Math.max(state === 'empty' ? 0 : 1, many) }, (_, i) => ({ type: 'user', name: i ? `member-${i}` : 'alice', fullname: i ? null : 'Alice Zhang', role: i ? (['read', 'write', 'admin'] as const)[i % 3] : 'admin' }))));
  const repos = (type: string) => Array.from({ length: state === 'huge' ? 1000 : many }, (_, i) => ({
    id: `${i % 2 ? 'acme' : 'research'}/${type}-${String(i).padStart(4, '0')}`, likes: i * 7, downloads: i * 1234, tags: ['pytorch', i % 2 ? 'zh' : 'en', 'license:mit'], lastModified: iso, private: i % 5 === 4, visibility: i % 5 === 4 ? 'private' : 'public',
  }));
  net.on('GET', /^\/api\/(models|datasets|spaces|codes)$/, (call, m) => {
    const all = repos(m[1]!.slice(0, -1));
    const limit = Number(call.url.searchParams.get('limit') ?? 30);
    const offset = Number(call.url.searchParams.get('cursor') ?? 0);
    const headers: Record<string, string> = {};
    if (offset + limit < all.length) {
      const next = new URL(call.url);
      next.searchParams.set('cursor', String(offset + limit));
      headers.link = `<${next}>; rel="next"`;
    }
    return jsonResponse(all.slice(offset, offset + limit), { headers });
  });
  const settings = () => jsonResponse({ private: false, visibility: 'public', gated: false, description: 'A demo repository', protectedBranches: ['main'] });
  net.on('GET', /^\/api\/(models|datasets)\/[^/]+\/[^/]+\/settings$/, settings);
  net.on('PUT', /^\/api\/(models|datasets)\/[^/]+\/[^/]+\/settings$/, settings);
  net.on('POST', /^\/api\/users$/, (call) => {
    const { name, email, isAdmin } = JSON.parse(String(call.body)) as { name: string; email: string; isAdmin?: boolean };
    return jsonResponse({ type: 'user', id: '7', name, email, isAdmin: isAdmin ?? false }, { status: 201 });
  });
}

/** A client for `state`: pass it as `.client` to any element. */
export function world(state: State): HubClient {
  const net = fakeFetch();
  if (state === 'error') {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE']) net.on(method, /.*/, () => errorResponse(503, 'The hub is down for maintenance'));
  } else {
    const llama: FakeRepo = {
      id: 'acme/llama-7b', files: files(state), branches: ['main', 'dev'], tags: ['v1.0'], commits: commits(state === 'huge' ? 3000 : state === 'empty' ? 0 : 5),
      info: { likes: state === 'huge' ? 1234567 : 42, downloads: state === 'huge' ? 98765432 : 1234, tags: ['pytorch', 'text-generation', 'license:apache-2.0'], license: 'apache-2.0', cardData: state === 'empty' ? {} : { license: 'apache-2.0', language: ['en', 'zh'] } },
    };
    addRepo(net, llama);
    addRepo(net, { ...llama, id: 'acme/corpus', type: 'dataset' });
    addViewer(net, 'acme/corpus', state === 'empty' ? [] : [split(state === 'huge' ? 10_000_000 : 250)]);
    addDiscussions(net, 'acme/llama-7b', threads(state === 'huge' ? 400 : state === 'empty' ? 0 : 4), { name: 'alice', orgs: [{ name: 'acme', roleInOrg: 'admin' }] });
    accounts(net, state);
    if (state === 'loading') net.hold();
  }
  return new HubClient({ endpoint: ENDPOINT, token: 'hf_storybook', fetch: net.fetch });
}
