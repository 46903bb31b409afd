// The one SDRS error type, and the functions that build it from responses, network failures and bad input.

/** What went wrong, so the UI can decide how to say it and whether a retry may help. */
export type SdrsErrorKind =
  | 'http' // the service (or its gateway) answered with an error status
  | 'network' // no answer: refused, reset, DNS, TLS
  | 'timeout'
  | 'aborted' // cancelled by the caller
  | 'validation' // rejected before any request was sent
  | 'response' // an answer of the wrong shape or size
  | 'config'; // endpoint, project or credentials unusable

export interface SdrsErrorInit {
  kind: SdrsErrorKind;
  message: string;
  status?: number;
  /** Service code such as `SDRS.0201` or `APIGW.0301`. */
  code?: string;
  /** The server's own message, shown as detail. */
  serverMessage?: string;
  /** `X-Request-Id` of the failed response, for support tickets. */
  requestId?: string;
  /** The input field at fault, for validation errors. */
  field?: string;
  /** Network error code such as `ECONNREFUSED`. */
  errno?: string;
}

export class SdrsError extends Error {
  override readonly name = 'SdrsError';
  readonly kind: SdrsErrorKind;
  readonly status?: number;
  readonly code?: string;
  readonly serverMessage?: string;
  readonly requestId?: string;
  readonly field?: string;
  readonly errno?: string;

  constructor(init: SdrsErrorInit) {
    super(init.message);
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.serverMessage = init.serverMessage;
    this.requestId = init.requestId;
    this.field = init.field;
    this.errno = init.errno;
  }

  /** One line for logs and notifications: message, code, status and request ID when known. */
  describe(): string {
    const parts = [this.message];
    if (this.serverMessage && this.serverMessage !== this.message) parts.push(`— ${this.serverMessage}`);
    const tags = [
      this.code,
      this.status !== undefined ? `HTTP ${this.status}` : undefined,
      this.requestId ? `request ID ${this.requestId}` : undefined,
    ].filter(Boolean);
    if (tags.length) parts.push(`(${tags.join(', ')})`);
    return parts.join(' ');
  }
}

export function isSdrsError(e: unknown): e is SdrsError {
  return e instanceof SdrsError;
}

const STATUS_MESSAGES: Record<number, string> = {
  400: 'SDRS rejected the request as invalid',
  401: 'Authentication failed: check the AK/SK or IAM token',
  403: 'Access denied: the credentials lack permission for SDRS in this project',
  404: 'Not found: check the region, project ID and resource ID',
  405: 'The endpoint does not allow this method',
  406: 'SDRS cannot produce the requested response format',
  407: 'A proxy between you and SDRS requires authentication',
  408: 'SDRS timed out waiting for the request',
  409: 'The request conflicts with the current state of the resource',
  429: 'Too many requests: SDRS is throttling this account, try again shortly',
  500: 'SDRS had an internal error',
  501: 'SDRS does not implement this request',
  502: 'Bad gateway: SDRS or a proxy in between is unreachable',
  503: 'SDRS is temporarily unavailable',
  504: 'Gateway timeout: SDRS did not answer in time',
};

export function statusMessage(status: number): string {
  if (STATUS_MESSAGES[status]) return STATUS_MESSAGES[status];
  if (status >= 300 && status < 400) return `SDRS answered with a redirect (HTTP ${status}); redirects are not followed`;
  if (status >= 500) return `SDRS failed with HTTP ${status}`;
  return `SDRS rejected the request with HTTP ${status}`;
}

interface ServiceError {
  code?: string;
  message?: string;
  requestId?: string;
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (typeof v === 'number') return String(v);
  return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads the service code and message out of any documented body shape:
 * `{"error": {code, message}}`, `{"badRequest": …}`/`{"badrequest": …}`, `{"itemNotFound": …}`,
 * any other single wrapper key holding code/message, and the gateway's flat
 * `{"error_code", "error_msg", "request_id"}`.
 */
export function parseErrorBody(body: unknown): ServiceError {
  if (typeof body === 'string') {
    const trimmed = body.trim();
    if (!trimmed.startsWith('{')) return {};
    try {
      body = JSON.parse(trimmed) as unknown;
    } catch {
      return {};
    }
  }
  if (!isRecord(body)) return {};
  const flat: ServiceError = {
    code: text(body.error_code) ?? text(body.code),
    message: text(body.error_msg) ?? text(body.message),
    requestId: text(body.request_id),
  };
  if (flat.code || flat.message) return flat;
  for (const value of Object.values(body)) {
    if (isRecord(value) && (value.code !== undefined || value.message !== undefined)) {
      return {
        code: text(value.code) ?? text(value.error_code),
        message: text(value.message) ?? text(value.error_msg),
        requestId: text(value.request_id) ?? flat.requestId,
      };
    }
  }
  return flat;
}

/** Builds the error for an HTTP answer with an error status, whatever its body. */
export function errorFromResponse(status: number, body: unknown, requestIdHeader?: string): SdrsError {
  const parsed = parseErrorBody(body);
  return new SdrsError({
    kind: 'http',
    status,
    message: statusMessage(status),
    code: parsed.code,
    serverMessage: parsed.message,
    requestId: requestIdHeader || parsed.requestId,
  });
}

const NETWORK_MESSAGES: Record<string, string> = {
  ECONNREFUSED: 'Connection refused: nothing is listening at the SDRS endpoint',
  ECONNRESET: 'The connection to SDRS was reset',
  EPIPE: 'The connection to SDRS was closed while sending',
  ENOTFOUND: 'The SDRS endpoint host name could not be resolved (DNS)',
  EAI_AGAIN: 'DNS lookup for the SDRS endpoint failed temporarily',
  EHOSTUNREACH: 'The SDRS endpoint host is unreachable',
  ENETUNREACH: 'The network is unreachable',
  ETIMEDOUT: 'The connection to SDRS timed out',
  ECONNABORTED: 'The request to SDRS timed out',
  ERR_SOCKET_CONNECTION_TIMEOUT: 'The connection to SDRS timed out',
};

const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH|ERR_OSSL)/;

/** Builds the error for a request that got no HTTP answer. */
export function errorFromNetwork(errno: string | undefined, detail: string | undefined, timeoutMs?: number): SdrsError {
  if (errno === 'ECONNABORTED' || errno === 'ETIMEDOUT') {
    return new SdrsError({
      kind: 'timeout',
      errno,
      message: timeoutMs ? `SDRS did not answer within ${Math.round(timeoutMs / 1000)} s` : NETWORK_MESSAGES[errno],
      serverMessage: detail,
    });
  }
  if (errno === 'ERR_CANCELED') {
    return new SdrsError({ kind: 'aborted', errno, message: 'The request was cancelled' });
  }
  if (errno && TLS_CODES.test(errno)) {
    return new SdrsError({
      kind: 'network',
      errno,
      message: `The TLS connection to SDRS failed (${errno}): check the endpoint and any proxy that intercepts HTTPS`,
      serverMessage: detail,
    });
  }
  return new SdrsError({
    kind: 'network',
    errno,
    message: (errno && NETWORK_MESSAGES[errno]) ?? `The request to SDRS failed${errno ? ` (${errno})` : ''}`,
    serverMessage: detail,
  });
}

export function validationError(field: string, message: string): SdrsError {
  return new SdrsError({ kind: 'validation', field, message: `Invalid ${field}: ${message}` });
}

export function responseError(message: string, requestId?: string, status?: number): SdrsError {
  return new SdrsError({ kind: 'response', message, requestId, status });
}
