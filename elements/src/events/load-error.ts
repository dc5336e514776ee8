/** Something an element asked the hub for failed (it shows the error too); for the host's logging. */
export class CsgLoadErrorEvent extends Event {
  static readonly type = 'csg-load-error';
  constructor(readonly operation: string, readonly error: unknown) {
    super(CsgLoadErrorEvent.type, { bubbles: true, composed: true });
  }
}
declare global {
  interface GlobalEventHandlersEventMap {
    'csg-load-error': CsgLoadErrorEvent;
  }
}
