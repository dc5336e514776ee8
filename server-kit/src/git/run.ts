import { spawn, type ChildProcess } from 'node:child_process';
import type { GitEnvironment } from './environment.js';

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export interface RunOptions {
  gitDir: string;
  input?: Buffer | string;
  env?: Record<string, string>;
  /** stdout beyond this many bytes kills git and fails (guards against huge outputs). */
  maxOutput?: number;
  /** Non-zero exits that are answers, not failures (e.g. merge-base --is-ancestor). */
  okCodes?: number[];
}

export class GitCommandError extends Error {
  constructor(readonly args: string[], readonly code: number, readonly stderr: string) {
    super(`git ${args[0]} exited with ${code}: ${stderr.trim().slice(0, 500)}`);
  }
}

/**
 * Spawns git with a fixed argument list (no shell) against one repository. Callers pass user
 * input only after `--end-of-options` or `--`, or as validated object ids, so it cannot become an option.
 */
export function spawnGit(git: GitEnvironment, gitDir: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn('git', [...git.baseArgs, `--git-dir=${gitDir}`, ...args], {
    env: git.env(env),
    stdio: ['pipe', 'pipe', 'pipe'],
    cwd: gitDir,
  });
}

export function runGit(git: GitEnvironment, args: string[], options: RunOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawnGit(git, options.gitDir, args, options.env);
    const out: Buffer[] = [];
    let outSize = 0;
    let err = '';
    const max = options.maxOutput ?? 256 * 1024 * 1024;
    child.stdout!.on('data', (chunk: Buffer) => {
      outSize += chunk.length;
      if (outSize > max) {
        child.kill('SIGKILL');
        return;
      }
      out.push(chunk);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      if (err.length < 64 * 1024) err += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.stdin!.on('error', () => {
      // git may exit before reading all input (e.g. on a bad object); its exit code tells.
    });
    child.on('close', (code, signal) => {
      if (outSize > max) return reject(new GitCommandError(args, -1, `output larger than ${max} bytes`));
      const exit = code ?? (signal ? 128 : 0);
      if (exit !== 0 && !(options.okCodes ?? []).includes(exit)) return reject(new GitCommandError(args, exit, err));
      resolve({ code: exit, stdout: Buffer.concat(out), stderr: err });
    });
    child.stdin!.end(options.input ?? '');
  });
}
