import type { RepoType } from '../db/models.js';
import type { RepoRef } from '../services/repos.js';
import { isPlausibleName } from '../util/names.js';

export type GitVerb = 'git-upload-pack' | 'git-receive-pack' | 'git-upload-archive';
export type LfsOperation = 'upload' | 'download';

/** What an SSH exec request may ask for: nothing else is ever run. */
export type SshCommand =
  | { kind: 'git'; verb: GitVerb; repo: RepoRef }
  | { kind: 'lfs-authenticate'; repo: RepoRef; operation: LfsOperation }
  | { kind: 'lfs-transfer'; repo: RepoRef; operation: LfsOperation };

/** A refused command; the message goes to the client's stderr. */
export class CommandError extends Error {}

const MAX_COMMAND = 1024;
const GIT_VERBS = new Set<string>(['git-upload-pack', 'git-receive-pack', 'git-upload-archive']);
// Characters a word may hold outside quotes: what repository paths, verbs and operations need,
// and none that a shell would give meaning to.
const BARE = /^[A-Za-z0-9._\/-]$/;
const PREFIX_TYPES: Record<string, RepoType> = { datasets: 'dataset', spaces: 'space', codes: 'code' };

/**
 * Splits a command line the way git writes one (`git-upload-pack '/acme/model.git'`): words
 * separated by spaces, each made of plain characters and single-quoted strings. Everything
 * else (double quotes, backslashes, `;`, `$`, backticks, control characters, non-ASCII) is
 * refused rather than interpreted, since no shell ever sees the command.
 */
export function tokenize(command: string): string[] {
  if (command.length > MAX_COMMAND) throw new CommandError('Invalid command: too long');
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (c === ' ') {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) throw new CommandError('Invalid command: unbalanced quotes');
      const quoted = command.slice(i + 1, end);
      if (/[^\x20-\x7e]/.test(quoted)) throw new CommandError('Invalid command: control or non-ASCII characters are not allowed');
      word = (word ?? '') + quoted;
      i = end;
    } else if (BARE.test(c)) {
      word = (word ?? '') + c;
    } else if (c < ' ' || c > '~') {
      throw new CommandError('Invalid command: control or non-ASCII characters are not allowed');
    } else {
      throw new CommandError(`Invalid command: the character ${c} is not allowed`);
    }
  }
  if (word !== null) words.push(word);
  return words;
}

/**
 * A repository path as git and git-lfs send it: `[/][datasets|spaces|codes/]ns/name[.git]`.
 * Only names that could exist pass (so no `..`, empty or extra segments, no options); the
 * directory is later taken from the database row, never from this text.
 */
export function parseSshRepoPath(text: string): RepoRef | null {
  const segments = (text.startsWith('/') ? text.slice(1) : text).split('/');
  let type: RepoType = 'model';
  const prefixType = PREFIX_TYPES[segments[0]!];
  if (prefixType) {
    type = prefixType;
    segments.shift();
  }
  if (segments.length !== 2) return null;
  const namespace = segments[0]!;
  const name = segments[1]!.endsWith('.git') ? segments[1]!.slice(0, -4) : segments[1]!;
  if (!isPlausibleName(namespace) || !isPlausibleName(name)) return null;
  return { type, namespace, name };
}

/** The allowlist: git's three services (also as `git upload-pack`), and git-lfs's two commands. */
export function parseCommand(command: string): SshCommand {
  let words = tokenize(command);
  // git over SSH with a custom upload-pack path, or older clients, use the two-word form.
  if (words[0] === 'git' && words[1] !== undefined && GIT_VERBS.has(`git-${words[1]}`)) words = [`git-${words[1]}`, ...words.slice(2)];
  const [verb, ...args] = words;
  if (verb === undefined) throw new CommandError('Invalid command: empty');
  const known = GIT_VERBS.has(verb) || verb === 'git-lfs-authenticate' || verb === 'git-lfs-transfer';
  if (!known) throw new CommandError(`Unknown command "${verb}": this server runs only git-upload-pack, git-receive-pack, git-upload-archive and git-lfs-authenticate`);
  if (args.some((a) => a.startsWith('-'))) throw new CommandError(`Invalid command: ${verb} takes no options`);
  const expected = GIT_VERBS.has(verb) ? 1 : 2;
  if (args.length !== expected) {
    throw new CommandError(GIT_VERBS.has(verb) ? `Invalid command: usage: ${verb} '<repository path>'` : `Invalid command: usage: ${verb} <repository path> upload|download`);
  }
  const repo = parseSshRepoPath(args[0]!);
  if (!repo) throw new CommandError(`Invalid repository path "${args[0]!.slice(0, 200)}": use ns/name, datasets/ns/name, spaces/ns/name or codes/ns/name`);
  if (GIT_VERBS.has(verb)) return { kind: 'git', verb: verb as GitVerb, repo };
  const operation = args[1]!;
  if (operation !== 'upload' && operation !== 'download') throw new CommandError(`Unknown operation "${operation.slice(0, 50)}": use upload or download`);
  return { kind: verb === 'git-lfs-authenticate' ? 'lfs-authenticate' : 'lfs-transfer', repo, operation };
}
