import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

// A clean, predictable git client: no user or system config, no credential prompts.
export const clientEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.CSGHUB_TEST_GIT_HOME ?? '/nonexistent',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.test',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.test',
  ...extra,
});

/** Runs Debian's git (no shell) and returns stdout; throws with stderr on a non-zero exit. */
export async function git(args: string[], cwd?: string, env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run('git', args, { cwd, env: clientEnv(env), maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** Runs git and returns exit code and both outputs, for commands expected to fail. */
export function gitResult(args: string[], cwd?: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('git', args, { cwd, env: clientEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
