export type RepoTab = 'card' | 'files' | 'history' | 'discussions' | 'viewer';

export interface NavigationState {
  tab: RepoTab;
  /** File or directory path inside the repository ('' at the root). */
  path: string;
  revision: string;
  /** The commit shown on the history tab, if one. */
  commit?: string | undefined;
}

/** `<csg-repo>` moved to another tab, path, revision or commit; a host can mirror it in its URL. */
export class CsgNavigateEvent extends Event {
  static readonly type = 'csg-navigate';
  constructor(readonly state: NavigationState) {
    super(CsgNavigateEvent.type, { bubbles: true, composed: true });
  }
}
declare global {
  interface GlobalEventHandlersEventMap {
    'csg-navigate': CsgNavigateEvent;
  }
}
