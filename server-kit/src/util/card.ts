import { parse } from 'yaml';

export interface CardMetadata {
  data: Record<string, unknown> | null;
  error?: string;
}

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** The YAML front matter of a README (a model or dataset card), as Hugging Face reads it. */
export function parseCardMetadata(readme: string): CardMetadata {
  const match = FRONT_MATTER.exec(readme);
  if (!match) return { data: null };
  try {
    const data = parse(match[1]!, { maxAliasCount: 100, prettyErrors: false }) as unknown;
    if (data === null || data === undefined) return { data: {} };
    if (typeof data !== 'object' || Array.isArray(data)) return { data: null, error: 'The card metadata must be a YAML mapping' };
    return { data: data as Record<string, unknown> };
  } catch (err) {
    return { data: null, error: `Invalid YAML in the card metadata: ${(err as Error).message.split('\n')[0]}` };
  }
}

/** Tags as Hugging Face derives them from card metadata: tags, library, pipeline, languages, license. */
export function tagsFromCard(card: Record<string, unknown> | null): string[] {
  if (!card) return [];
  const tags = new Set<string>();
  const add = (value: unknown, prefix = '') => {
    for (const v of Array.isArray(value) ? value : [value]) {
      if ((typeof v === 'string' || typeof v === 'number') && String(v).trim()) tags.add(`${prefix}${String(v).trim()}`.slice(0, 100));
    }
  };
  add(card.tags);
  add(card.library_name);
  add(card.pipeline_tag);
  add(card.language);
  add(card.license, 'license:');
  return [...tags].slice(0, 200);
}
