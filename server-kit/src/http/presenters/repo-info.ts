import type { RepoRow } from '../../db/models.js';
import { repoId } from '../../services/repos.js';

const iso = (d: Date): string => d.toISOString();

export interface RepoInfoOptions {
  sha?: string | null;
  siblings?: string[];
  /** Only these fields (plus `_id` and `id`), as Hugging Face answers `expand`. */
  expand?: string[];
}

/** A repository in Hugging Face's repo-info shape (`ModelInfo`, `DatasetInfo`, ...). */
export function repoInfo(row: RepoRow, options: RepoInfoOptions = {}): Record<string, unknown> {
  const id = repoId(row);
  const card = parseJson<Record<string, unknown> | null>(row.cardData, null);
  // Hugging Face takes these from the card's metadata too.
  const fromCard = (key: string) => (typeof card?.[key] === 'string' ? (card[key] as string) : undefined);
  const full: Record<string, unknown> = {
    _id: String(row.id),
    id,
    ...(row.type === 'model' ? { modelId: id } : {}),
    author: row.namespace,
    sha: options.sha ?? row.lastCommit ?? undefined,
    lastModified: iso(row.updatedAt),
    createdAt: iso(row.createdAt),
    private: row.visibility !== 'public',
    visibility: row.visibility,
    gated: false,
    disabled: false,
    downloads: row.downloads,
    // Counted since the repository was created: the same figure.
    downloadsAllTime: row.downloads,
    likes: row.likes,
    tags: parseJson<string[]>(row.tags, []),
    cardData: card ?? undefined,
    pipeline_tag: fromCard('pipeline_tag'),
    library_name: fromCard('library_name'),
    description: row.description || undefined,
    license: row.license ?? undefined,
    defaultBranch: row.defaultBranch,
    ...(options.siblings ? { siblings: options.siblings.map((rfilename) => ({ rfilename })) } : {}),
  };
  if (!options.expand?.length) return full;
  const picked: Record<string, unknown> = { _id: full._id, id };
  for (const key of options.expand) if (key in full) picked[key] = full[key];
  return picked;
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
