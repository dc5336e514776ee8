import type { RepoType, Session } from '@csghub/client';

/** The user signed in (`<csg-sign-in>`); the host keeps `session.csrfToken` for cookie-authenticated writes. */
export class CsgSignedInEvent extends Event {
  static readonly type = 'csg-signed-in';
  constructor(readonly session: Session) {
    super(CsgSignedInEvent.type, { bubbles: true, composed: true });
  }
}

/** A repository, organisation or discussion (`id`: its number) was created; the host may navigate to it. */
export class CsgCreatedEvent extends Event {
  static readonly type = 'csg-created';
  constructor(readonly kind: 'repo' | 'org' | 'discussion', readonly id: string, readonly repoType?: RepoType) {
    super(CsgCreatedEvent.type, { bubbles: true, composed: true });
  }
}

export class CsgRepoChangeEvent extends Event {
  static readonly type = 'csg-repo-change';
  /** `moved`: now at `id`; `deleted`: gone; `updated`: settings saved. */
  constructor(readonly change: 'moved' | 'deleted' | 'updated', readonly id: string, readonly repoType: RepoType) {
    super(CsgRepoChangeEvent.type, { bubbles: true, composed: true });
  }
}

/** `<csg-repo-list>`'s query changed (search, sort, tags, type); a host can mirror it in its URL. */
export class CsgListChangeEvent extends Event {
  static readonly type = 'csg-list-change';
  constructor(readonly query: { type: RepoType; search: string; sort: string; filter: string[] }) {
    super(CsgListChangeEvent.type, { bubbles: true, composed: true });
  }
}

/** What `<csg-admin-users>` is about to create (the password stays out of events). */
export interface NewUser {
  name: string;
  email: string;
  isAdmin: boolean;
}

/** `<csg-admin-users>` is about to create a user. Cancelable: a host can veto (a confirmation, a policy). */
export class CsgUserCreateEvent extends Event {
  static readonly type = 'csg-user-create';
  constructor(readonly user: NewUser) {
    super(CsgUserCreateEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'csg-signed-in': CsgSignedInEvent;
    'csg-created': CsgCreatedEvent;
    'csg-repo-change': CsgRepoChangeEvent;
    'csg-list-change': CsgListChangeEvent;
    'csg-user-create': CsgUserCreateEvent;
  }
}
