import { describe, expect, it } from 'vitest';
import { CommandError, parseCommand, parseSshRepoPath, tokenize } from '../src/ssh/command.js';

const refused = (command: string): string => {
  try {
    parseCommand(command);
  } catch (err) {
    if (err instanceof CommandError) return err.message;
    throw err;
  }
  throw new Error(`accepted: ${JSON.stringify(command)}`);
};

describe('SSH command tokenizer and allowlist', () => {
  it('splits words on spaces and joins single-quoted strings, as git writes them', () => {
    expect(tokenize("git-upload-pack '/acme/model.git'")).toEqual(['git-upload-pack', '/acme/model.git']);
    expect(tokenize("  git  upload-pack  'acme/x'y  ")).toEqual(['git', 'upload-pack', 'acme/xy']);
    expect(tokenize("a '' b")).toEqual(['a', '', 'b']);
    expect(tokenize("'it has spaces; and $(x)'")).toEqual(['it has spaces; and $(x)']);
  });

  it.each([
    ["git-upload-pack 'acme/x", 'Invalid command: unbalanced quotes'],
    ['git-upload-pack "acme/x"', 'Invalid command: the character " is not allowed'],
    ['git-upload-pack acme/x\\', 'Invalid command: the character \\ is not allowed'],
    ['git-upload-pack acme/x;id', 'Invalid command: the character ; is not allowed'],
    ['git-upload-pack $(id)', 'Invalid command: the character $ is not allowed'],
    ['git-upload-pack `id`', 'Invalid command: the character ` is not allowed'],
    ['git-upload-pack acme/x|id', 'Invalid command: the character | is not allowed'],
    ['git-upload-pack acme/x&&id', 'Invalid command: the character & is not allowed'],
    ['git-upload-pack acme/x>out', 'Invalid command: the character > is not allowed'],
    ['git-upload-pack ~/x', 'Invalid command: the character ~ is not allowed'],
    ['git-upload-pack acme/x\nid', 'Invalid command: control or non-ASCII characters are not allowed'],
    ['git-upload-pack\tacme/x', 'Invalid command: control or non-ASCII characters are not allowed'],
    ["git-upload-pack 'acme/x\0'", 'Invalid command: control or non-ASCII characters are not allowed'],
    ['git-upload-pack acme/modеl', 'Invalid command: control or non-ASCII characters are not allowed'],
    [`git-upload-pack ${'a'.repeat(1100)}`, 'Invalid command: too long'],
  ])('refuses %j', (command, message) => {
    expect(refused(command)).toBe(message);
  });

  it('accepts the three git services in both forms, for every repository type, with or without / and .git', () => {
    expect(parseCommand("git-upload-pack '/acme/model.git'")).toEqual({ kind: 'git', verb: 'git-upload-pack', repo: { type: 'model', namespace: 'acme', name: 'model' } });
    expect(parseCommand("git upload-pack 'acme/model'")).toEqual({ kind: 'git', verb: 'git-upload-pack', repo: { type: 'model', namespace: 'acme', name: 'model' } });
    expect(parseCommand("git-receive-pack 'datasets/acme/corpus.git'")).toEqual({ kind: 'git', verb: 'git-receive-pack', repo: { type: 'dataset', namespace: 'acme', name: 'corpus' } });
    expect(parseCommand('git receive-pack /spaces/acme/demo')).toEqual({ kind: 'git', verb: 'git-receive-pack', repo: { type: 'space', namespace: 'acme', name: 'demo' } });
    expect(parseCommand("git-upload-archive '/codes/acme/tool.git'")).toEqual({ kind: 'git', verb: 'git-upload-archive', repo: { type: 'code', namespace: 'acme', name: 'tool' } });
    expect(parseCommand('git-lfs-authenticate /acme/model.git download')).toEqual({ kind: 'lfs-authenticate', repo: { type: 'model', namespace: 'acme', name: 'model' }, operation: 'download' });
    expect(parseCommand("git-lfs-authenticate 'datasets/acme/corpus' upload")).toEqual({ kind: 'lfs-authenticate', repo: { type: 'dataset', namespace: 'acme', name: 'corpus' }, operation: 'upload' });
    expect(parseCommand('git-lfs-transfer acme/model upload')).toEqual({ kind: 'lfs-transfer', repo: { type: 'model', namespace: 'acme', name: 'model' }, operation: 'upload' });
  });

  it.each([
    ["git-upload-pack '--upload-pack=touch /tmp/x'", 'Invalid command: git-upload-pack takes no options'],
    ['git upload-pack --help', 'Invalid command: git-upload-pack takes no options'],
    ["git-receive-pack '-acme/x'", 'Invalid command: git-receive-pack takes no options'],
    ["git-upload-pack 'acme/x' extra", "Invalid command: usage: git-upload-pack '<repository path>'"],
    ['git-upload-pack', "Invalid command: usage: git-upload-pack '<repository path>'"],
    ['git-lfs-authenticate acme/x', 'Invalid command: usage: git-lfs-authenticate <repository path> upload|download'],
    ['git-lfs-authenticate acme/x upload oid', 'Invalid command: usage: git-lfs-authenticate <repository path> upload|download'],
    ['git-lfs-authenticate acme/x delete', 'Unknown operation "delete": use upload or download'],
    ['', 'Invalid command: empty'],
    ['ls -la', 'Unknown command "ls": this server runs only git-upload-pack, git-receive-pack, git-upload-archive and git-lfs-authenticate'],
    ["git -c 'core.pager=id' upload-pack acme/x", 'Unknown command "git": this server runs only git-upload-pack, git-receive-pack, git-upload-archive and git-lfs-authenticate'],
    ['git-upload-pack.exe acme/x', 'Unknown command "git-upload-pack.exe": this server runs only git-upload-pack, git-receive-pack, git-upload-archive and git-lfs-authenticate'],
    ["git-upload-pack '../../etc/passwd'", 'Invalid repository path "../../etc/passwd": use ns/name, datasets/ns/name, spaces/ns/name or codes/ns/name'],
    ["git-upload-pack 'acme/../acme/x'", 'Invalid repository path "acme/../acme/x": use ns/name, datasets/ns/name, spaces/ns/name or codes/ns/name'],
    ["git-upload-pack '$(touch /tmp/x)'", 'Invalid repository path "$(touch /tmp/x)": use ns/name, datasets/ns/name, spaces/ns/name or codes/ns/name'],
  ])('refuses %j', (command, message) => {
    expect(refused(command)).toBe(message);
  });

  it('parses only repository paths that could exist', () => {
    for (const bad of ['acme', 'acme/', '/acme/x/', 'acme//x', '//acme/x', 'a/b/c', 'models/acme/x', 'datasets/acme', 'spaces/x', 'codes/acme/x/y', 'acme/.git', 'acme/..', '.acme/x', 'acme/x.', '/datasets/acme/x/y', 'acme/x y', `acme/${'x'.repeat(97)}`]) {
      expect(parseSshRepoPath(bad), bad).toBeNull();
    }
    // Only one ".git" is stripped: "x.git.git" names a repository "x.git", which cannot exist.
    expect(parseSshRepoPath('acme/x.git.git')).toEqual({ type: 'model', namespace: 'acme', name: 'x.git' });
  });
});
