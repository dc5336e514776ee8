/** A thread was chosen in `<csg-discussion-list>`. Cancelable: a host can open it itself (its own route). */
export class CsgDiscussionSelectEvent extends Event {
  static readonly type = 'csg-discussion-select';
  constructor(readonly num: number, readonly isPullRequest: boolean) {
    super(CsgDiscussionSelectEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

export type DiscussionAction = 'comment' | 'edit' | 'hide' | 'status' | 'title' | 'merge';

/**
 * `<csg-discussion>` is about to change a thread (comment, edit, hide, status, title, merge).
 * Cancelable: a host can veto (a confirmation dialog of its own, a policy).
 */
export class CsgDiscussionChangeEvent extends Event {
  static readonly type = 'csg-discussion-change';
  constructor(readonly num: number, readonly action: DiscussionAction, readonly value?: string) {
    super(CsgDiscussionChangeEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'csg-discussion-select': CsgDiscussionSelectEvent;
    'csg-discussion-change': CsgDiscussionChangeEvent;
  }
}
