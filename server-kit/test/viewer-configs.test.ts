import { describe, expect, it } from 'vitest';
import { ConfigError, detectConfigs, type RepoFile } from '../src/viewer/configs.js';
import { formatOf } from '../src/viewer/formats.js';

// Unit tests of the configs/splits detection (a pure module): README configs, conventions, defaults.

const files = (...paths: string[]): RepoFile[] => paths.map((p, i) => ({ path: p, oid: String(i).padStart(40, '0'), size: 10 }));
const shape = (configs: ReturnType<typeof detectConfigs>) => configs.map((c) => [c.name, c.splits.map((s) => [s.name, s.files.map((f) => f.path)])]);

describe('viewer configs and splits', () => {
  it('recognises formats and compression by name', () => {
    expect(formatOf('a/train.csv')).toEqual({ format: 'csv', compression: 'none' });
    expect(formatOf('x.JSONL.GZ')).toEqual({ format: 'jsonl', compression: 'gzip' });
    expect(formatOf('x.tsv.zst')).toEqual({ format: 'tsv', compression: 'zstd' });
    expect(formatOf('x.parquet')).toEqual({ format: 'parquet', compression: 'none' });
    expect(formatOf('x.arrow')).toEqual({ format: 'arrow', compression: 'none' });
    expect(formatOf('x.parquet.gz')).toBeNull();
    expect(formatOf('README.md')).toBeNull();
    expect(formatOf('gz')).toBeNull();
  });

  it('uses the file-name conventions, ignoring hidden files and non-data files', () => {
    expect(shape(detectConfigs(files('data/train-00000.parquet', 'data/train-00001.parquet', 'data/dev.csv', 'eval/x.jsonl', '.hidden/train.csv', 'notes.txt'), null))).toEqual([
      ['default', [['train', ['data/train-00000.parquet', 'data/train-00001.parquet']], ['validation', ['data/dev.csv']], ['test', ['eval/x.jsonl']]]],
    ]);
    expect(shape(detectConfigs(files('a.csv', 'b/c.jsonl'), null))).toEqual([['default', [['train', ['a.csv', 'b/c.jsonl']]]]]);
    expect(detectConfigs(files('README.md'), null)).toEqual([]);
    // "training" counts, "retrain" does not (whole words only).
    expect(shape(detectConfigs(files('training/a.csv', 'retrain.csv'), null))).toEqual([['default', [['train', ['training/a.csv']]]]]);
  });

  it('follows README configs: paths, globs, lists, mappings, data_dir, default first', () => {
    const card = {
      configs: [
        { config_name: 'second', data_files: 'b/*.csv' },
        { config_name: 'first', default: true, data_files: [{ split: 'train', path: ['a/1.csv', 'a/2.csv'] }, { split: 'test', path: 'a/t*.csv' }] },
        { config_name: 'mapped', data_files: { train: 'c/**/*.jsonl' } },
        { config_name: 'dir', data_dir: 'd' },
      ],
    };
    expect(shape(detectConfigs(files('a/1.csv', 'a/2.csv', 'a/t1.csv', 'b/x.csv', 'c/deep/y.jsonl', 'd/test.csv', 'd/train.csv'), card))).toEqual([
      ['first', [['train', ['a/1.csv', 'a/2.csv']], ['test', ['a/t1.csv']]]],
      ['second', [['train', ['b/x.csv']]]],
      ['mapped', [['train', ['c/deep/y.jsonl']]]],
      ['dir', [['train', ['d/train.csv']], ['test', ['d/test.csv']]]],
    ]);
  });

  it('rejects malformed configs with a message naming the place', () => {
    const bad = (configs: unknown, message: string) => expect(() => detectConfigs(files('a.csv'), { configs })).toThrow(new ConfigError(message));
    bad('nope', 'configs: must be a list');
    bad([{ config_name: '../x' }], 'configs[0].config_name: invalid name');
    bad([{ config_name: 'a' }, { config_name: 'a' }], 'configs: "a" appears twice');
    bad([{ data_files: 42 }], 'configs[0].data_files: must be a path, a list or a mapping of splits');
    bad([{ data_files: [{ split: 'bad name', path: 'a.csv' }] }], 'configs[0].data_files[0].split: invalid split name');
    bad([{ data_files: [{ split: 'train', path: [] }] }], 'configs[0].data_files[0].path: must be a path, a glob or a list of them');
  });
});
