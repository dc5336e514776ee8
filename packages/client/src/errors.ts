/**
 * Typed errors from the hub's answers. The class follows the status; `code` and `message` come from
 * `X-Error-Code` / `X-Error-Message` (what Hugging Face clients read), else the JSON `error` field.
 */
export class HubError extends Error {
  readonly status: number;
  /** `X-Error-Code` (RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo, ...), if sent. */
  readonly code: string | undefined;
  readonly url: string;
  readonly requestId: string | undefined;

  constructor(status: number, message: string, options: { code?: string | undefined; url?: string; requestId?: string | undefined } = {}) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.code = options.code;
    this.url = options.url ?? '';
    this.requestId = options.requestId;
  }
}

export class BadRequestError extends HubError {}
export class UnauthorizedError extends HubError {}
export class ForbiddenError extends HubError {}
/** 404; also what a private repository looks like to whoever may not read it. */
export class NotFoundError extends HubError {}
export class ConflictError extends HubError {}
export class PayloadTooLargeError extends HubError {}
export class RangeNotSatisfiableError extends HubError {}
export class UnprocessableError extends HubError {}
export class RateLimitError extends HubError {}
export class ServerError extends HubError {}
/** The request never got an HTTP answer (DNS, connection refused, CORS, offline). */
export class NetworkError extends HubError {}

const BY_STATUS: Record<number, typeof HubError> = {
  400: BadRequestError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  413: PayloadTooLargeError,
  416: RangeNotSatisfiableError,
  422: UnprocessableError,
  429: RateLimitError,
};

function errorClass(status: number): typeof HubError {
  return BY_STATUS[status] ?? (status >= 500 ? ServerError : HubError);
}

/** The typed error for a status. */
export function createError(status: number, message: string, options: { code?: string | undefined; url?: string; requestId?: string | undefined } = {}): HubError {
  const Class = errorClass(status);
  return new Class(status, message, options);
}

/** Reads an error body in the shapes Hugging Face clients accept. */
function messageFromBody(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.error === 'string') return b.error;
  if (Array.isArray(b.error)) return b.error.map(String).join('; ');
  if (Array.isArray(b.errors)) return b.errors.map((e) => (e && typeof e === 'object' && 'message' in e ? String((e as { message: unknown }).message) : String(e))).join('; ');
  if (typeof b.message === 'string') return b.message;
  if (typeof b.error_description === 'string') return b.error_description;
  return undefined;
}

/** Builds the typed error for a non-OK response (consumes its body). */
export async function errorFromResponse(res: Response): Promise<HubError> {
  let message = res.headers.get('x-error-message') ?? undefined;
  if (message === undefined) {
    const type = res.headers.get('content-type') ?? '';
    try {
      if (type.includes('json')) message = messageFromBody(await res.json());
      else {
        const text = (await res.text()).trim();
        if (text) message = text.slice(0, 500);
      }
    } catch {
      // an unreadable body still leaves the status
    }
  } else {
    await res.body?.cancel().catch(() => undefined);
  }
  const Class = errorClass(res.status);
  return new Class(res.status, message ?? (res.statusText || `HTTP ${res.status}`), {
    code: res.headers.get('x-error-code') ?? undefined,
    url: res.url,
    requestId: res.headers.get('x-request-id') ?? undefined,
  });
}

/** True for the abort of a fetch through its AbortSignal. */
export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException ? error.name === 'AbortError' || error.name === 'TimeoutError' : (error as { name?: string })?.name === 'AbortError';
}
