import { Minimatch } from 'minimatch';
import { formatOf, type FileFormat } from './formats.js';

/** A file of the repository at one commit, as the viewer needs it. */
export interface RepoFile {
  path: string;
  /** Git blob id (of the pointer, for LFS files). */
  oid: string;
  size: number;
  /** sha256 of the content, for LFS files. */
  lfsOid?: string;
}

export interface SplitFile extends RepoFile, FileFormat {}

export interface SplitDef {
  name: string;
  files: SplitFile[];
}

export interface ConfigDef {
  name: string;
  splits: SplitDef[];
}

export class ConfigError extends Error {}

const MAX_CONFIGS = 64;
const MAX_SPLITS = 64;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

// Hugging Face's split keywords (datasets.data_files), in the order splits are listed.
const SPLIT_KEYWORDS: Array<[string, string[]]> = [
  ['train', ['train', 'training']],
  ['validation', ['validation', 'valid', 'dev', 'val']],
  ['test', ['test', 'testing', 'eval', 'evaluation']],
];

/**
 * Configs and splits of a dataset at one commit: the README's `configs:` YAML when present
 * (data_files per split, globs), else Hugging Face's file-name conventions (train/validation/test
 * in a file or folder name), else one `default` config whose `train` split is every data file.
 */
export function detectConfigs(files: RepoFile[], card: Record<string, unknown> | null): ConfigDef[] {
  const data = files.flatMap((f) => {
    const format = formatOf(f.path);
    return format && !f.path.split('/').some((p) => p.startsWith('.')) ? [{ ...f, ...format }] : [];
  });
  if (card && card.configs !== undefined) return fromCard(card.configs, data);
  return [{ name: 'default', splits: fromConventions(data) }].filter((c) => c.splits.length > 0);
}

function fromCard(raw: unknown, data: SplitFile[]): ConfigDef[] {
  if (!Array.isArray(raw)) throw new ConfigError('configs: must be a list');
  if (raw.length > MAX_CONFIGS) throw new ConfigError(`configs: at most ${MAX_CONFIGS} configs`);
  const configs: ConfigDef[] = [];
  let defaultIndex = -1;
  for (const [i, entry] of raw.entries()) {
    if (!entry || typeof entry !== 'object') throw new ConfigError(`configs[${i}]: must be a mapping`);
    const e = entry as Record<string, unknown>;
    const name = e.config_name ?? 'default';
    if (typeof name !== 'string' || !NAME.test(name)) throw new ConfigError(`configs[${i}].config_name: invalid name`);
    if (configs.some((c) => c.name === name)) throw new ConfigError(`configs: "${name}" appears twice`);
    const dataDir = typeof e.data_dir === 'string' ? e.data_dir.replace(/^\/+|\/+$/g, '') : '';
    const inDir = dataDir ? data.filter((f) => f.path.startsWith(`${dataDir}/`)) : data;
    let splits: SplitDef[];
    if (e.data_files === undefined) {
      splits = fromConventions(inDir);
    } else {
      splits = splitsFromDataFiles(e.data_files, inDir, dataDir, i);
    }
    if (e.default === true) defaultIndex = configs.length;
    configs.push({ name, splits });
  }
  // The default config comes first, as the Hub lists it.
  if (defaultIndex > 0) configs.unshift(...configs.splice(defaultIndex, 1));
  return configs;
}

function splitsFromDataFiles(raw: unknown, data: SplitFile[], dataDir: string, i: number): SplitDef[] {
  const patterns = (v: unknown, where: string): string[] => {
    const list = typeof v === 'string' ? [v] : v;
    if (!Array.isArray(list) || list.length === 0 || !list.every((p) => typeof p === 'string' && p.length <= 1000)) {
      throw new ConfigError(`${where}: must be a path, a glob or a list of them`);
    }
    return list as string[];
  };
  let specs: Array<{ split: string; patterns: string[] }>;
  if (typeof raw === 'string' || (Array.isArray(raw) && raw.every((x) => typeof x === 'string'))) {
    specs = [{ split: 'train', patterns: patterns(raw, `configs[${i}].data_files`) }];
  } else if (Array.isArray(raw)) {
    specs = raw.map((s, j) => {
      const where = `configs[${i}].data_files[${j}]`;
      if (!s || typeof s !== 'object') throw new ConfigError(`${where}: must be a mapping with split and path`);
      const { split, path } = s as Record<string, unknown>;
      if (typeof split !== 'string' || !NAME.test(split)) throw new ConfigError(`${where}.split: invalid split name`);
      return { split, patterns: patterns(path, `${where}.path`) };
    });
  } else if (raw && typeof raw === 'object') {
    specs = Object.entries(raw as Record<string, unknown>).map(([split, v]) => {
      if (!NAME.test(split)) throw new ConfigError(`configs[${i}].data_files: invalid split name "${split.slice(0, 100)}"`);
      return { split, patterns: patterns(v, `configs[${i}].data_files.${split}`) };
    });
  } else {
    throw new ConfigError(`configs[${i}].data_files: must be a path, a list or a mapping of splits`);
  }
  if (specs.length > MAX_SPLITS) throw new ConfigError(`configs[${i}]: at most ${MAX_SPLITS} splits`);
  const splits: SplitDef[] = [];
  for (const spec of specs) {
    const globs = spec.patterns.map((p) => (dataDir ? `${dataDir}/${p.replace(/^\/+/, '')}` : p.replace(/^\/+/, '')));
    // Compiled once; braces are literal, as in Hugging Face's globs (expanding them let one pattern cost seconds per file).
    const matchers = globs.map((g) => new Minimatch(g, { dot: false, nobrace: true }));
    const files = data.filter((f) => matchers.some((m) => m.match(f.path)));
    const existing = splits.find((s) => s.name === spec.split);
    if (existing) existing.files.push(...files.filter((f) => !existing.files.includes(f)));
    else splits.push({ name: spec.split, files });
  }
  return splits.filter((s) => s.files.length > 0);
}

/** train/validation/test from file or folder names; otherwise everything is `train`. */
function fromConventions(data: SplitFile[]): SplitDef[] {
  const bySplit = new Map<string, SplitFile[]>();
  for (const f of data) {
    const words = f.path.toLowerCase().split(/[/._-]+/);
    const split = SPLIT_KEYWORDS.find(([, keys]) => keys.some((k) => words.includes(k)))?.[0];
    if (!split) continue;
    bySplit.set(split, [...(bySplit.get(split) ?? []), f]);
  }
  if (bySplit.size === 0) return data.length ? [{ name: 'train', files: data }] : [];
  return SPLIT_KEYWORDS.filter(([name]) => bySplit.has(name)).map(([name]) => ({ name, files: bySplit.get(name)! }));
}
