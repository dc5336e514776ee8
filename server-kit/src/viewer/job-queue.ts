import { randomUUID } from 'node:crypto';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Logger } from 'pino';

export interface Job {
  id: number;
  repoId: number;
  kind: string;
  commitSha: string;
  attempts: number;
}

export interface JobStatus {
  /** A job is queued or running. */
  pending: boolean;
  /** The last job's error, when it failed for good, and the commit it was for. */
  failed: string | null;
  failedSha: string | null;
}

export interface JobQueueOptions {
  leaseMs: number;
  pollMs: number;
  maxAttempts: number;
  /** A job running longer fails for good (it would only time out again): one huge file must not hold the queue. */
  timeoutMs: number;
}

type Runner = (job: Job, signal: AbortSignal) => Promise<void>;

/**
 * Background jobs persisted in the database (viewer_jobs), so they survive restarts: a worker
 * claims a queued job (or one whose lease ran out because its process died) with a compare-and-set
 * on its row, renews the lease while it works, and on a clean shutdown hands the job back to the
 * queue. Any number of hub processes may share the table; each job runs in one at a time.
 */
export class JobQueue {
  private timer: NodeJS.Timeout | null = null;
  private current: { job: Job; controller: AbortController; done: Promise<void> } | null = null;
  private stopped = true;
  private wake: (() => void) | null = null;
  private looping: Promise<void> = Promise.resolve();

  constructor(
    private readonly sequelize: Sequelize,
    private readonly run: Runner,
    private readonly logger: Logger,
    private readonly options: JobQueueOptions = { leaseMs: 60_000, pollMs: 5_000, maxAttempts: 3, timeoutMs: 30 * 60_000 },
  ) {}

  /** Queues work for a repository's commit; an older job of the same kind still waiting is moved to the new commit instead. */
  async enqueue(repoId: number, kind: string, commitSha: string): Promise<void> {
    const now = new Date();
    const [waiting] = await this.sequelize.query<{ id: number }>(
      "SELECT id FROM viewer_jobs WHERE repo_id = ? AND kind = ? AND status = 'queued' ORDER BY id DESC LIMIT 1",
      { replacements: [repoId, kind], type: QueryTypes.SELECT },
    ) as unknown as Array<{ id: number }>;
    if (waiting) {
      await this.sequelize.query('UPDATE viewer_jobs SET commit_sha = ?, updated_at = ? WHERE id = ?', { replacements: [commitSha, now, waiting.id] });
    } else {
      await this.sequelize.query(
        "INSERT INTO viewer_jobs (repo_id, kind, commit_sha, status, attempts, created_at, updated_at) VALUES (?, ?, ?, 'queued', 0, ?, ?)",
        { replacements: [repoId, kind, commitSha, now, now] },
      );
    }
    this.wake?.();
  }

  async status(repoId: number): Promise<JobStatus> {
    const rows = await this.sequelize.query<{ status: string; error: string | null; commit_sha: string }>(
      'SELECT status, error, commit_sha FROM viewer_jobs WHERE repo_id = ? ORDER BY id DESC LIMIT 5',
      { replacements: [repoId], type: QueryTypes.SELECT },
    );
    const pending = rows.some((r) => r.status === 'queued' || r.status === 'running');
    const last = rows[0];
    return { pending, failed: last?.status === 'failed' ? last.error ?? 'failed' : null, failedSha: last?.status === 'failed' ? last.commit_sha : null };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.looping = this.loop();
  }

  /** Stops taking jobs; a running job is aborted and handed back to the queue for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    this.current?.controller.abort();
    // Also waits for a claim in flight, which the loop hands straight back.
    await this.looping;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let job: Job | null = null;
      try {
        job = await this.claim();
      } catch (err) {
        if (!this.stopped) this.logger.warn({ err }, 'viewer job queue: claiming failed');
      }
      if (job && this.stopped) {
        await this.release(job);
        break;
      }
      if (job) {
        await this.execute(job);
        continue;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, this.options.pollMs);
      });
      this.wake = null;
    }
  }

  private async claim(): Promise<Job | null> {
    const now = new Date();
    const candidates = await this.sequelize.query<{ id: number }>(
      "SELECT id FROM viewer_jobs WHERE status = 'queued' OR (status = 'running' AND lease_until < ?) ORDER BY id LIMIT 5",
      { replacements: [now], type: QueryTypes.SELECT },
    );
    for (const { id } of candidates) {
      const claim = randomUUID();
      await this.sequelize.query(
        "UPDATE viewer_jobs SET status = 'running', claim = ?, lease_until = ?, attempts = attempts + 1, updated_at = ? WHERE id = ? AND (status = 'queued' OR (status = 'running' AND lease_until < ?))",
        { replacements: [claim, new Date(now.getTime() + this.options.leaseMs), now, id, now] },
      );
      const [row] = await this.sequelize.query<{ id: number; repo_id: number; kind: string; commit_sha: string; attempts: number }>(
        'SELECT id, repo_id, kind, commit_sha, attempts FROM viewer_jobs WHERE id = ? AND claim = ?',
        { replacements: [id, claim], type: QueryTypes.SELECT },
      );
      if (row) return { id: row.id, repoId: row.repo_id, kind: row.kind, commitSha: row.commit_sha, attempts: Number(row.attempts) };
    }
    return null;
  }

  private async execute(job: Job): Promise<void> {
    const controller = new AbortController();
    const renew = setInterval(() => {
      void this.sequelize.query('UPDATE viewer_jobs SET lease_until = ?, updated_at = ? WHERE id = ?', {
        replacements: [new Date(Date.now() + this.options.leaseMs), new Date(), job.id],
      }).catch(() => undefined);
    }, Math.max(1_000, this.options.leaseMs / 3));
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);
    const done = (async () => {
      try {
        await this.run(job, controller.signal);
        await this.finish(job, 'done', null);
      } catch (err) {
        if (timedOut) {
          this.logger.warn({ job, timeoutMs: this.options.timeoutMs }, 'viewer job timed out');
          await this.finish(job, 'failed', `Stopped after ${this.options.timeoutMs / 1000} s: the conversion took too long`);
          return;
        }
        if (controller.signal.aborted) {
          await this.release(job);
          return;
        }
        const message = ((err as Error).message ?? String(err)).slice(0, 2000);
        this.logger.warn({ err, job }, 'viewer job failed');
        await this.finish(job, job.attempts >= this.options.maxAttempts ? 'failed' : 'queued', message);
      } finally {
        clearInterval(renew);
        clearTimeout(deadline);
      }
    })();
    this.current = { job, controller, done };
    await done;
    this.current = null;
  }

  /** Shut down mid-job (or right after claiming): back to the queue, and this attempt does not count. */
  private async release(job: Job): Promise<void> {
    await this.sequelize.query("UPDATE viewer_jobs SET status = 'queued', claim = NULL, lease_until = NULL, attempts = attempts - 1, updated_at = ? WHERE id = ?", {
      replacements: [new Date(), job.id],
    }).catch((err) => this.logger.warn({ err }, 'viewer job queue: could not hand a job back'));
  }

  private async finish(job: Job, status: 'done' | 'failed' | 'queued', error: string | null): Promise<void> {
    await this.sequelize.query('UPDATE viewer_jobs SET status = ?, error = ?, claim = NULL, lease_until = NULL, updated_at = ? WHERE id = ?', {
      replacements: [status, error, new Date(), job.id],
    }).catch((err) => this.logger.warn({ err }, 'viewer job queue: could not record the outcome'));
  }
}
