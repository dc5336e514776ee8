import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createHub, type Hub } from '@csghub/server-kit';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
/** A Python with huggingface_hub (>= 1.20, with hf_xet) installed: CSGHUB_TEST_PYTHON, else python3. */
const python = process.env.CSGHUB_TEST_PYTHON ?? 'python3';
const probe = spawnSync(python, ['-c', 'import huggingface_hub, httpx2, hf_xet; print(huggingface_hub.__version__)'], { encoding: 'utf8' });
const version = probe.status === 0 ? probe.stdout.trim() : null;
const datasetsProbe = version ? spawnSync(python, ['-c', 'import datasets'], { encoding: 'utf8' }) : null;
const hasDatasets = datasetsProbe?.status === 0;
if (version && !hasDatasets) console.warn(`SKIPPED: the datasets library test needs ${python} with datasets installed`);
if (!version) {
  console.warn(`SKIPPED: the huggingface_hub Python tests need ${python} with huggingface_hub, httpx2 and hf_xet ` +
    '(e.g. python3 -m venv /tmp/hfpy && /tmp/hfpy/bin/pip install huggingface_hub; CSGHUB_TEST_PYTHON=/tmp/hfpy/bin/python)');
}

/**
 * The real Python client (huggingface_hub) against a hub started here, with HF_ENDPOINT: uploads,
 * downloads and snapshots (also offline from its cache), errors, pull requests, discussions,
 * merges, likes, download counts, branches. And what happens without HF_HUB_DISABLE_XET.
 */
describe.skipIf(!version)(`huggingface_hub ${version ?? ''} (Python) against the hub`, () => {
  let hub: Hub;
  let dataDir: string;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-interop-py-'));
    hub = await createHub({ dataDir, port: 0, logger: pino({ level: process.env.CSGHUB_TEST_LOG ?? 'silent' }) });
    const { accounts, tokens } = hub.services;
    alice = (await tokens.create(await accounts.createUser({ name: 'alice', email: 'alice@example.test', password: 'password123' }), { name: 'py' })).token;
    bob = (await tokens.create(await accounts.createUser({ name: 'bob', email: 'bob@example.test', password: 'password123' }), { name: 'py' })).token;
  });
  afterAll(async () => {
    await hub?.close(1000);
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  const py = (script: string, args: string[]) =>
    run(python, [path.join(here, 'python', script), ...args], { timeout: 300_000, maxBuffer: 16 * 1024 * 1024, env: { PATH: process.env.PATH, HOME: dataDir, HF_HOME: path.join(dataDir, 'hf-home') } });

  it('runs the whole client flow, every step asserted in Python', async () => {
    const { stdout } = await py('hf_client_flow.py', [hub.url, alice, bob]);
    const lines = stdout.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('step '))).toHaveLength(10);
    expect(lines.at(-1)).toBe('ok');
  }, 300_000);

  it.skipIf(!hasDatasets)('datasets: push_to_hub writes Parquet, load_dataset reads it back', async () => {
    const { stdout } = await py('datasets_flow.py', [hub.url, alice]);
    expect(stdout.trim().split('\n').at(-1)).toBe('ok');
    const files = (await (await fetch(`${hub.url}/api/datasets/alice/pushed-dataset/tree/main?recursive=true`)).json()) as Array<{ path: string }>;
    expect(files.map((f) => f.path)).toContainEqual(expect.stringMatching(/^data\/train-00000-of-00001\.parquet$/));
  }, 300_000);

  it('without HF_HUB_DISABLE_XET, large files fail at the Xet token route (404); regular files still upload', async () => {
    const { stdout } = await py('hf_xet_default.py', [hub.url, alice]);
    const [error, small] = stdout.trim().split('\n').slice(-2);
    expect(error).toMatch(/^error \w+ .*404.*\/api\/models\/alice\/xet-default\/xet-write-token\/main/);
    expect(small).toMatch(/^small [0-9a-f]{40}$/);
    const files = (await (await fetch(`${hub.url}/api/models/alice/xet-default/tree/main`)).json()) as Array<{ path: string }>;
    expect(files.map((f) => f.path).sort()).toEqual(['.gitattributes', 'README.md', 'small.txt']);
  }, 300_000);
});
