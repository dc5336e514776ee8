import type { UploadProgress, UploadResult } from '@csghub/client';

export interface UploadItem {
  /** Path in the repository. */
  path: string;
  size: number;
}

/** An upload is about to start. Cancelable: a host can veto it (quota, confirmation, its own checks). */
export class CsgUploadStartEvent extends Event {
  static readonly type = 'csg-upload-start';
  constructor(readonly files: UploadItem[], readonly summary: string, readonly revision: string) {
    super(CsgUploadStartEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

/** Bytes moved: `progress` is the client's (phase, the file it is about, loaded/total over all files). */
export class CsgUploadProgressEvent extends Event {
  static readonly type = 'csg-upload-progress';
  constructor(readonly progress: UploadProgress) {
    super(CsgUploadProgressEvent.type, { bubbles: true, composed: true });
  }
}

/** The commit was made (or there was nothing to commit: `result.noop`). */
export class CsgUploadCompleteEvent extends Event {
  static readonly type = 'csg-upload-complete';
  constructor(readonly result: UploadResult) {
    super(CsgUploadCompleteEvent.type, { bubbles: true, composed: true });
  }
}

/** The upload failed or was cancelled (`cancelled`); it can be resumed (parts already sent are kept). */
export class CsgUploadErrorEvent extends Event {
  static readonly type = 'csg-upload-error';
  constructor(readonly error: unknown, readonly cancelled: boolean) {
    super(CsgUploadErrorEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'csg-upload-start': CsgUploadStartEvent;
    'csg-upload-progress': CsgUploadProgressEvent;
    'csg-upload-complete': CsgUploadCompleteEvent;
    'csg-upload-error': CsgUploadErrorEvent;
  }
}
