import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Everything the hub's git processes share: a hub-owned HOME and global config, the hooks
 * directory, and an allowlisted environment. Nothing in a repository (its config, its hooks/
 * directory) can make the hub run code: hooks come only from `hooksDir`, passed on every
 * command line, which outranks any repository config.
 */
export class GitEnvironment {
  readonly home: string;
  readonly hooksDir: string;
  readonly configFile: string;

  constructor(readonly dataDir: string, readonly limits: { maxPushBytes: number }) {
    this.home = path.join(dataDir, 'git', 'home');
    this.hooksDir = path.join(dataDir, 'git', 'hooks');
    this.configFile = path.join(dataDir, 'git', 'gitconfig');
  }

  /** Arguments that come before every git subcommand. */
  get baseArgs(): string[] {
    return ['-c', `core.hooksPath=${this.hooksDir}`];
  }

  /** The only environment git ever sees: no inherited GIT_*, LD_*, or user configuration. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: this.home,
      LANG: 'C',
      LC_ALL: 'C',
      TZ: 'UTC',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: this.configFile,
      GIT_TERMINAL_PROMPT: '0',
      GIT_NO_REPLACE_OBJECTS: '1',
      GIT_ATTR_NOSYSTEM: '1',
      // Paths from users are paths, never pathspec magic like ':(exclude)' or globs.
      GIT_LITERAL_PATHSPECS: '1',
      ...extra,
    };
  }

  /** Writes the hub's git configuration; hooks are installed by the hook server. */
  async prepare(): Promise<void> {
    await fs.mkdir(this.home, { recursive: true });
    await fs.mkdir(this.hooksDir, { recursive: true });
    const config = [
      '[core]',
      `\thooksPath = ${this.hooksDir}`,
      '[safe]',
      '\tdirectory = *',
      '[receive]',
      // Every pushed object is checked; corrupt or malicious objects never land.
      '\tfsckObjects = true',
      '\tdenyDeleteCurrent = true',
      '\tautogc = false',
      `\tmaxInputSize = ${this.limits.maxPushBytes}`,
      '[transfer]',
      '\thideRefs = refs/hub-internal',
      '[uploadpack]',
      '\tallowFilter = true',
      '\tallowTipSHA1InWant = false',
      '[gc]',
      '\tauto = 0',
      '',
    ].join('\n');
    await fs.writeFile(this.configFile, config);
  }
}
