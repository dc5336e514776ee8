import pino from 'pino';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobQueue } from '../src/viewer/job-queue.js';
import { backends } from './helpers/backends.js';
import { startHub, type TestHub } from './helpers/hub.js';

// The job queue's time limit, on the hub's real database: a job that runs too long is stopped and
// fails for good, so one huge file cannot hold the queue (it would only time out again).
describe.each(backends)('viewer job queue time limit ($name)', (backend) => {
  let t: TestHub;

  beforeAll(async () => {
    t = await startHub(backend);
    // The hub's own worker stays out of the way: this test runs a queue of its own.
    await t.hub.services.viewer.jobs.stop();
  });
  afterAll(() => t?.close());

  it('stops a job past timeoutMs through its AbortSignal and records it as failed, not queued again', async () => {
    const token = await t.user('alice');
    expect((await t.api('/api/repos/create', { method: 'POST', token, json: { name: 'slow', type: 'dataset' } })).status).toBe(200);
    const repo = (await t.hub.services.repos.find({ type: 'dataset', namespace: 'alice', name: 'slow' }))!;
    let aborted = false;
    const runner = (_job: unknown, signal: AbortSignal) => new Promise<void>((_resolve, reject) => {
      signal.addEventListener('abort', () => {
        aborted = true;
        reject(new Error('interrupted'));
      });
    });
    const { sequelize } = t.hub.services.db;
    const queue = new JobQueue(sequelize, runner, pino({ level: 'silent' }), { leaseMs: 60_000, pollMs: 20, maxAttempts: 3, timeoutMs: 300 });
    await queue.enqueue(repo.id, 'hang', 'a'.repeat(40));
    queue.start();
    try {
      const deadline = Date.now() + 20_000;
      let row: { status: string; attempts: number; error: string | null } | undefined;
      while (Date.now() < deadline) {
        [row] = await sequelize.query<{ status: string; attempts: number; error: string | null }>(
          "SELECT status, attempts, error FROM viewer_jobs WHERE repo_id = ? AND kind = 'hang'", { replacements: [repo.id], type: QueryTypes.SELECT });
        if (row?.status === 'failed') break;
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(aborted).toBe(true);
      expect(row).toMatchObject({ status: 'failed', error: 'Stopped after 0.3 s: the conversion took too long' });
      expect(Number(row!.attempts)).toBe(1);
    } finally {
      await queue.stop();
    }
  });
});
