/**
 * The one error type services and transports throw. The HTTP error middleware turns it into
 * `{"error": message}` with the status and, where Hugging Face defines one, `X-Error-Code`.
 */
export type HfErrorCode = 'RepoNotFound' | 'RevisionNotFound' | 'EntryNotFound' | 'GatedRepo'
  // The dataset viewer's codes (huggingface/dataset-viewer).
  | 'MissingRequiredParameter' | 'InvalidParameter' | 'ResponseNotFound' | 'ResponseNotReady' | 'SqlQueryRefused' | 'SqlQueryFailed'
  // Not Hugging Face's: answers the Xet token routes of a hub that speaks plain LFS.
  | 'XetNotEnabled';

export class HubError extends Error {
  readonly status: number;
  readonly code: HfErrorCode | undefined;
  readonly headers: Record<string, string>;

  constructor(status: number, message: string, options: { code?: HfErrorCode; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = 'HubError';
    this.status = status;
    this.code = options.code;
    this.headers = options.headers ?? {};
  }

  /** Extra JSON fields for the error body (e.g. the conflicting `lock` of Git LFS). */
  extra: Record<string, unknown> = {};

  withLock(lock: unknown): this {
    this.extra = { ...this.extra, lock };
    return this;
  }
}

export const badRequest = (message: string) => new HubError(400, message);
export const unauthorized = (message = 'Authentication required', headers: Record<string, string> = {}) =>
  new HubError(401, message, { headers });
export const forbidden = (message: string) => new HubError(403, message);
export const notFound = (message = 'Not found') => new HubError(404, message);
export const conflict = (message: string) => new HubError(409, message);
export const repoNotFound = (id: string) =>
  new HubError(404, `Repository not found: ${id}`, { code: 'RepoNotFound' });
