import type { RepoType } from '../db/models.js';
import type { HubContext } from './state.js';

/** The hub's public URL: configured, else the scheme and host the request came to. */
export function publicBase(ctx: HubContext): string {
  return ctx.services.config.publicUrl ?? `${ctx.protocol}://${ctx.host}`;
}

/** Hugging Face's path prefix per type: models live at the root. */
export const TYPE_PREFIX: Record<RepoType, string> = { model: '', dataset: 'datasets/', space: 'spaces/', code: 'codes/' };

export const PLURAL_TO_TYPE: Record<string, RepoType> = { models: 'model', datasets: 'dataset', spaces: 'space', codes: 'code' };

export function repoWebUrl(ctx: HubContext, type: RepoType, id: string): string {
  return `${publicBase(ctx)}/${TYPE_PREFIX[type]}${id}`;
}
