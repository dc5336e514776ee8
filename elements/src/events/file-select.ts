import type { TreeEntry } from '@csghub/client';

/** An entry was activated (Enter, click). Cancelable: a host can veto and handle it itself. */
export class CsgFileSelectEvent extends Event {
  static readonly type = 'csg-file-select';
  constructor(readonly path: string, readonly kind: 'file' | 'directory', readonly entry?: TreeEntry) {
    super(CsgFileSelectEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}
declare global {
  interface GlobalEventHandlersEventMap {
    'csg-file-select': CsgFileSelectEvent;
  }
}
