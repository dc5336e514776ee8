import pino from 'pino';
import type { Sequelize } from 'sequelize';
import { describe, expect, it } from 'vitest';
import { DATASET_WINDOW_MS, DownloadCounter } from '../src/services/downloads.js';

// Unit test of the counting rules and the batching; the database is a recorder of the UPDATEs.

function counter() {
  const updates: Array<[number, number]> = [];
  const sequelize = { query: async (_sql: string, o: { replacements: [number, number] }) => { updates.push(o.replacements); } } as unknown as Sequelize;
  return { updates, downloads: new DownloadCounter(sequelize, pino({ level: 'silent' }), 60_000) };
}

describe('DownloadCounter', () => {
  it("counts a model's top-level query files and .gguf files, nothing else", async () => {
    const { updates, downloads } = counter();
    const model = { id: 1, type: 'model' as const };
    for (const p of ['config.json', 'config.yaml', 'hyperparams.yaml', 'meta.yaml', 'q4_K_M.GGUF', 'sub/model.gguf']) downloads.record(model, p, '10.0.0.1');
    for (const p of ['sub/config.json', 'model.safetensors', 'README.md', 'config.json.bak']) downloads.record(model, p, '10.0.0.1');
    downloads.record({ id: 2, type: 'space' }, 'config.json', '10.0.0.1');
    await downloads.flush();
    expect(updates).toEqual([[6, 1]]);
  });

  it('counts one download per client and dataset in each five-minute window', async () => {
    const { updates, downloads } = counter();
    const t0 = 1_000_000;
    const data = { id: 7, type: 'dataset' as const };
    downloads.record(data, 'a.csv', '10.0.0.1', t0);
    downloads.record(data, 'b.csv', '10.0.0.1', t0 + 1000);
    downloads.record(data, 'a.csv', '10.0.0.2', t0 + 2000);
    downloads.record({ id: 8, type: 'dataset' }, 'a.csv', '10.0.0.1', t0 + 3000);
    downloads.record(data, 'a.csv', '10.0.0.1', t0 + DATASET_WINDOW_MS - 1);
    downloads.record(data, 'a.csv', '10.0.0.1', t0 + DATASET_WINDOW_MS + 1);
    await downloads.flush();
    expect(updates.sort()).toEqual([[1, 8], [3, 7]]);
  });

  it('writes each repository once per flush, and nothing when nothing was counted', async () => {
    const { updates, downloads } = counter();
    for (let i = 0; i < 100; i++) downloads.record({ id: 3, type: 'model' }, 'config.json', `10.0.0.${i}`);
    await downloads.flush();
    await downloads.flush();
    expect(updates).toEqual([[100, 3]]);
  });

  it('keeps the window table bounded under many clients', async () => {
    const { downloads } = counter();
    const data = { id: 9, type: 'dataset' as const };
    for (let i = 0; i < 150_000; i++) downloads.record(data, 'a.csv', `c${i}`, 5000);
    expect((downloads as unknown as { recent: Map<string, number> }).recent.size).toBeLessThanOrEqual(100_000);
    await downloads.close();
  });
});
