// Git over the hub's SSH server against OpenSSH's sshd (Debian's, with the system git) serving
// the same repository, in one run: single clones alternated, then 20 concurrent clones each.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { history } from './git-http.bench.mjs';
import { fmt, freePort, gitEnv, median, now, pipeInto, run, startBenchHub, waitForPort } from './lib.mjs';

export async function main() {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'csghub-bench-ssh-'));
  const hubSshPort = await freePort();
  const bench = await startBenchHub(['--ssh-port', String(hubSshPort)]);
  let sshd;
  try {
    // One client key, registered with the hub and authorised for sshd.
    const key = path.join(work, 'id_ed25519');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    await run('node', [bench.cli, 'ssh-key', 'add', 'bench', `${key}.pub`, '--data', bench.dataDir]);
    await fetch(`${bench.url}/api/repos/create`, { method: 'POST', headers: { authorization: `Bearer ${bench.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'big' }) });
    const gitDir = bench.gitDir('bench', 'big');
    const parent = (await run('git', ['--git-dir', gitDir, 'rev-parse', 'main'], { env: gitEnv })).stdout.trim();
    await pipeInto('git', ['--git-dir', gitDir, 'fast-import', '--quiet', '--force'], history(parent), { env: gitEnv });
    await run('git', ['--git-dir', gitDir, 'repack', '-adq', '--write-bitmap-index'], { env: gitEnv });

    // sshd on its own port with its own host key and authorized_keys.
    const sshdPort = await freePort();
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(work, 'host_key')]);
    await fs.copyFile(`${key}.pub`, path.join(work, 'authorized_keys'));
    await fs.mkdir('/run/sshd', { recursive: true });
    const config = [
      `Port ${sshdPort}`, 'ListenAddress 127.0.0.1', `HostKey ${path.join(work, 'host_key')}`, `AuthorizedKeysFile ${path.join(work, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password', 'StrictModes no', 'UsePAM no', 'PasswordAuthentication no', `PidFile ${path.join(work, 'sshd.pid')}`,
      'MaxStartups 100', 'MaxSessions 100', 'LogLevel ERROR',
    ].join('\n');
    await fs.writeFile(path.join(work, 'sshd_config'), `${config}\n`);
    sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', path.join(work, 'sshd_config')], { stdio: 'ignore' });
    await waitForPort(sshdPort);

    const user = os.userInfo().username;
    const env = { ...gitEnv, GIT_SSH_COMMAND: `ssh -i ${key} -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR` };
    const hubUrl = `ssh://git@127.0.0.1:${hubSshPort}/bench/big.git`;
    const sshdUrl = `ssh://${user}@127.0.0.1:${sshdPort}${gitDir}`;
    let n = 0;
    const clone = async (url) => {
      const into = path.join(work, `c${n++}`);
      const start = now();
      await run('git', ['-c', 'protocol.version=2', 'clone', '-q', '--no-checkout', url, into], { env, maxBuffer: 1 << 26 });
      const ms = now() - start;
      await fs.rm(into, { recursive: true, force: true });
      return ms;
    };
    await clone(hubUrl);
    await clone(sshdUrl);
    const hubTimes = [];
    const sshdTimes = [];
    for (let i = 0; i < 5; i++) {
      hubTimes.push(await clone(hubUrl));
      sshdTimes.push(await clone(sshdUrl));
    }
    const single = median(hubTimes) / median(sshdTimes);
    console.log(`clone over SSH: hub ${fmt(median(hubTimes))}, sshd ${fmt(median(sshdTimes))}: ratio ${single.toFixed(2)} (target <= 1.30)`);

    const burst = async (url) => {
      const start = now();
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => clone(url)));
      return { ms: now() - start, failed: results.filter((r) => r.status === 'rejected').length };
    };
    const hubBurst = await burst(hubUrl);
    const sshdBurst = await burst(sshdUrl);
    const concurrent = hubBurst.ms / sshdBurst.ms;
    console.log(`20 concurrent clones over SSH: hub ${fmt(hubBurst.ms)} (${hubBurst.failed} failed), sshd ${fmt(sshdBurst.ms)} (${sshdBurst.failed} failed): ratio ${concurrent.toFixed(2)} (target <= 1.30, no failed clone)`);
    return { single, concurrent, failed: hubBurst.failed };
  } finally {
    sshd?.kill();
    await bench.close();
    await fs.rm(work, { recursive: true, force: true });
  }
}
