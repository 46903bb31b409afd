// The one SDRS error type, and the functions that build it from responses, network failures and bad input.
import { isRecord } from './json';

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
  /** SDRS took the request (a 2xx JSON answer); only what it answered cannot be used. Nothing failed in the cloud. */
  accepted?: boolean;
  /**
   * Credential values used for the request (keys, tokens, the Authorization header, the signature).
   * Every text field is redacted with them before it is stored; they are not kept.
   */
  secrets?: readonly (string | undefined)[];
}

/** What replaces a credential found in server-supplied text. */
export const REDACTED = '***';
/** Longest server message kept; longer ones are cut with a note of how much was dropped. */
export const MAX_SERVER_MESSAGE = 500;
export const MAX_CODE = 64;
export const MAX_REQUEST_ID = 128;
/** Our own messages are short; this only bounds ones that quote user input (an endpoint, a filter). */
const MAX_MESSAGE = 1_000;
const MAX_TAG = 64;
/** Shorter "secrets" are not redacted: hiding every `t` of a message helps nobody, and real keys are 20+ characters. */
const MIN_SECRET_LENGTH = 4;

// C0 and C1 controls, DEL, U+2028/U+2029 and the bidirectional overrides: anything that breaks or
// visually rewrites a line. Each run becomes one space, so server text cannot forge log lines.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g;

/** The text on one line: control characters and line breaks become single spaces; trimmed. */
export function oneLine(text: string): string {
  return text.replace(UNPRINTABLE, ' ').trim();
}

/**
 * At most `max` UTF-16 units: longer text keeps its start and ends with `…`, plus
 * `(N more characters)` when there is room for it (max ≥ 200). Never splits a surrogate pair.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const suffix = (dropped: number): string => (max >= 200 ? `… (${dropped} more characters)` : '…');
  let keep = Math.max(0, max - suffix(text.length).length);
  const code = text.charCodeAt(keep - 1);
  if (code >= 0xd800 && code <= 0xdbff) keep -= 1;
  return text.slice(0, keep) + suffix(text.length - keep);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `encodeURIComponent` plus the characters RFC 3986 reserves that it leaves alone. */
function strictUriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Replaces every occurrence of each secret, as sent or percent-encoded, in any letter case, with
 * `***`. Longer secrets are matched first, so a whole echoed Authorization header becomes one `***`.
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
    variants.add(secret);
    variants.add(encodeURIComponent(secret));
    variants.add(strictUriEncode(secret));
  }
  if (!variants.size) return text;
  const pattern = new RegExp(
    [...variants]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'gi',
  );
  return text.replace(pattern, REDACTED);
}

/**
 * Removes user info from URLs in free text: everything from `//` to the last `@` of the same
 * word. Greedy on purpose: a secret key may contain `/`, which URL parsers take for the path.
 */
export function stripUserinfo(text: string): string {
  return text.replace(/\/\/[^\s"'<>]*@/g, `//${REDACTED}@`);
}

/**
 * Makes server-supplied (or otherwise untrusted) text safe to show and log: one line, credentials
 * and URL user info redacted, then cut to `max`. Redaction comes before the cut, so a cut can never
 * leave half a secret behind.
 */
export function serverText(raw: string, secrets: readonly (string | undefined)[] = [], max = MAX_SERVER_MESSAGE): string {
  return clip(stripUserinfo(redact(oneLine(raw), secrets)), max);
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
  /** SDRS took the request; only its answer is unusable (a create without a job ID to follow, a rename answered unreadably). */
  readonly accepted: boolean;

  /**
   * Every text field goes through serverText here, the one place all errors are built: whatever
   * a server, a network library or a user supplied is stored on one line, cut to size and, given
   * `init.secrets`, without credentials.
   */
  constructor(init: SdrsErrorInit) {
    super(serverText(init.message, init.secrets, MAX_MESSAGE));
    const clean = (v: string | undefined, max: number): string | undefined => (v === undefined ? undefined : serverText(v, init.secrets, max) || undefined);
    this.kind = init.kind;
    this.status = init.status;
    this.code = clean(init.code, MAX_CODE);
    this.serverMessage = clean(init.serverMessage, MAX_SERVER_MESSAGE);
    this.requestId = clean(init.requestId, MAX_REQUEST_ID);
    this.field = clean(init.field, MAX_TAG);
    this.errno = clean(init.errno, MAX_TAG);
    this.accepted = init.accepted === true;
  }

  /** One line for logs and notifications: message, server message, code, status and request ID when known. */
  describe(): string {
    const parts = [this.message];
    if (this.serverMessage && this.serverMessage !== this.message) parts.push(`— ${this.serverMessage}`);
    const tags = [this.code, this.status !== undefined ? `HTTP ${this.status}` : undefined, this.requestId ? `request ID ${this.requestId}` : undefined].filter(
      Boolean,
    );
    if (tags.length) parts.push(`(${tags.join(', ')})`);
    return oneLine(parts.join(' '));
  }
}

/** The same error in other words: kind, status, code, server message, request ID, field and errno are kept. */
export function reworded(e: SdrsError, message: string): SdrsError {
  const { kind, status, code, serverMessage, requestId, field, errno, accepted } = e;
  return new SdrsError({ kind, message, status, code, serverMessage, requestId, field, errno, accepted });
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

/**
 * Builds the error for an HTTP answer with an error status, whatever its body. `secrets` are the
 * credential values the request carried; a server that echoes them gets them redacted.
 */
export function errorFromResponse(status: number, body: unknown, requestIdHeader?: string, secrets?: readonly (string | undefined)[]): SdrsError {
  const parsed = parseErrorBody(body);
  return new SdrsError({
    secrets,
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

/** `30`, `2.5`, `0.2`: whole seconds when whole, else one decimal. */
function seconds(ms: number): string {
  return ms % 1000 === 0 ? String(ms / 1000) : (Math.round(ms / 100) / 10).toString();
}

/** The request's deadline (sdrs.requestTimeoutSeconds) passed before the whole answer arrived. */
export function timeoutError(timeoutMs: number): SdrsError {
  return new SdrsError({ kind: 'timeout', message: `SDRS did not answer within ${seconds(timeoutMs)} s` });
}

/**
 * Builds the error for a request that got no HTTP answer. `detail` (the network library's own
 * message) is redacted with `secrets` and stripped of URL user info like any server text.
 */
export function errorFromNetwork(
  errno: string | undefined,
  detail: string | undefined,
  timeoutMs?: number,
  secrets?: readonly (string | undefined)[],
): SdrsError {
  if (errno === 'ECONNABORTED' || errno === 'ETIMEDOUT') {
    return new SdrsError({
      kind: 'timeout',
      errno,
      message: timeoutMs ? `SDRS did not answer within ${seconds(timeoutMs)} s` : NETWORK_MESSAGES[errno],
      serverMessage: detail,
      secrets,
    });
  }
  if (errno === 'ERR_CANCELED') {
    return new SdrsError({ kind: 'aborted', errno, message: 'The request was cancelled' });
  }
  if (errno && TLS_CODES.test(errno)) {
    return new SdrsError({
      secrets,
      kind: 'network',
      errno,
      message: `The TLS connection to SDRS failed (${errno}): check the endpoint and any proxy that intercepts HTTPS`,
      serverMessage: detail,
    });
  }
  return new SdrsError({
    secrets,
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

/** A 2xx answer SDRS sent for a request it took, that cannot be used: the change happened, only its answer is lost. */
export function acceptedError(message: string, requestId?: string): SdrsError {
  return new SdrsError({ kind: 'response', message, requestId, accepted: true });
}

/** Whether SDRS took the request that failed this way (see SdrsError.accepted). */
export function wasAccepted(e: unknown): e is SdrsError {
  return isSdrsError(e) && e.accepted;
}
