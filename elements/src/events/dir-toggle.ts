/** A directory of a tree was expanded or collapsed (its entries load on first expansion). */
export class CsgDirToggleEvent extends Event {
  static readonly type = 'csg-dir-toggle';
  constructor(readonly path: string, readonly expanded: boolean) {
    super(CsgDirToggleEvent.type, { bubbles: true, composed: true });
  }
}
declare global {
  interface GlobalEventHandlersEventMap {
    'csg-dir-toggle': CsgDirToggleEvent;
  }
}
