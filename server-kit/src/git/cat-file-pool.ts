import type { ChildProcess } from 'node:child_process';
import type { GitEnvironment } from './environment.js';
import { spawnGit } from './run.js';

export interface ObjectInfo {
  oid: string;
  type: 'blob' | 'tree' | 'commit' | 'tag';
  size: number;
}

interface Pending {
  command: string;
  wantContents: boolean;
  resolve(value: { info: ObjectInfo; data?: Buffer } | null): void;
  reject(err: Error): void;
}

/**
 * One long-lived `git cat-file --batch-command` per repository: object lookups and small reads
 * cost a pipe round trip instead of a process spawn. Object names are validated by callers
 * (full shas, `sha:path` with no newline), and answers are matched to requests in order.
 */
class CatFileProcess {
  private readonly child: ChildProcess;
  private readonly queue: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private header: ObjectInfo | null = null;
  dead = false;
  lastUsed = Date.now();

  constructor(git: GitEnvironment, gitDir: string, private readonly onExit: () => void) {
    this.child = spawnGit(git, gitDir, ['cat-file', '--batch-command']);
    this.child.stdout!.on('data', (chunk: Buffer) => this.onData(chunk));
    this.child.stderr!.resume();
    this.child.stdin!.on('error', () => this.fail(new Error('git cat-file stdin closed')));
    this.child.on('error', (err) => this.fail(err));
    this.child.on('close', () => this.fail(new Error('git cat-file exited')));
  }

  request(kind: 'info' | 'contents', object: string): Promise<{ info: ObjectInfo; data?: Buffer } | null> {
    if (this.dead) return Promise.reject(new Error('git cat-file is not running'));
    if (/[\r\n]/.test(object)) return Promise.resolve(null);
    this.lastUsed = Date.now();
    return new Promise((resolve, reject) => {
      this.queue.push({ command: kind, wantContents: kind === 'contents', resolve, reject });
      this.child.stdin!.write(`${kind} ${object}\n`);
    });
  }

  get busy(): boolean {
    return this.queue.length > 0;
  }

  close(): void {
    this.dead = true;
    this.child.stdin!.end();
    this.child.kill();
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const pending = this.queue[0];
      if (!pending) return;
      if (!this.header) {
        const nl = this.buffer.indexOf(10);
        if (nl < 0) return;
        const line = this.buffer.subarray(0, nl).toString('utf8');
        this.buffer = this.buffer.subarray(nl + 1);
        const parts = line.split(' ');
        if (parts.length !== 3 || !/^[0-9a-f]{40}$/.test(parts[0]!)) {
          // "<name> missing" or "<name> ambiguous"
          this.queue.shift();
          pending.resolve(null);
          continue;
        }
        const info: ObjectInfo = { oid: parts[0]!, type: parts[1] as ObjectInfo['type'], size: Number(parts[2]) };
        if (!pending.wantContents) {
          this.queue.shift();
          pending.resolve({ info });
          continue;
        }
        this.header = info;
      }
      const size = this.header.size;
      if (this.buffer.length < size + 1) return;
      const data = Buffer.from(this.buffer.subarray(0, size));
      this.buffer = this.buffer.subarray(size + 1);
      const info = this.header;
      this.header = null;
      this.queue.shift();
      pending.resolve({ info, data });
    }
  }

  private fail(err: Error): void {
    if (this.dead && !this.queue.length) return;
    this.dead = true;
    for (const pending of this.queue.splice(0)) pending.reject(err);
    this.onExit();
  }
}

/** Keeps at most `max` cat-file processes, one per repository, closing idle ones. */
export class CatFilePool {
  private readonly processes = new Map<string, CatFileProcess>();
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly git: GitEnvironment, private readonly max = 32, private readonly idleMs = 60_000) {
    this.timer = setInterval(() => this.reap(), Math.min(idleMs, 30_000));
    this.timer.unref();
  }

  async info(gitDir: string, object: string): Promise<ObjectInfo | null> {
    return (await this.with(gitDir, (p) => p.request('info', object)))?.info ?? null;
  }

  async contents(gitDir: string, object: string): Promise<{ info: ObjectInfo; data: Buffer } | null> {
    const result = await this.with(gitDir, (p) => p.request('contents', object));
    return result?.data ? { info: result.info, data: result.data } : null;
  }

  /** Ends every process; requests still running at shutdown fail instead of starting new ones. */
  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    for (const p of this.processes.values()) p.close();
    this.processes.clear();
  }

  /** Forgets a repository's process (it was deleted or moved). */
  drop(gitDir: string): void {
    this.processes.get(gitDir)?.close();
    this.processes.delete(gitDir);
  }

  private async with<T>(gitDir: string, fn: (p: CatFileProcess) => Promise<T>): Promise<T> {
    try {
      return await fn(this.get(gitDir));
    } catch (err) {
      if (this.closed) throw err;
      // The process died (repository repacked, moved, or git crashed): one retry on a fresh one.
      this.drop(gitDir);
      return fn(this.get(gitDir));
    }
  }

  private get(gitDir: string): CatFileProcess {
    if (this.closed) throw new Error('the hub is shutting down');
    let p = this.processes.get(gitDir);
    if (p && !p.dead) {
      // Map order doubles as LRU order.
      this.processes.delete(gitDir);
      this.processes.set(gitDir, p);
      return p;
    }
    if (this.processes.size >= this.max) {
      const victim = [...this.processes].find(([, q]) => !q.busy);
      if (victim) this.drop(victim[0]);
    }
    p = new CatFileProcess(this.git, gitDir, () => {
      if (this.processes.get(gitDir) === p) this.processes.delete(gitDir);
    });
    this.processes.set(gitDir, p);
    return p;
  }

  private reap(): void {
    const now = Date.now();
    for (const [dir, p] of this.processes) if (!p.busy && now - p.lastUsed > this.idleMs) this.drop(dir);
  }
}
