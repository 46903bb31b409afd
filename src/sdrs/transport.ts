// Sends one signed Huawei Cloud request (SDRS, or IAM through getAt) through axios: auth headers, JSON body, deadline, retries, size limits, error mapping, redaction, logging.
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { errorFromNetwork, errorFromResponse, MAX_REQUEST_ID, responseError, SdrsError, serverText, timeoutError } from './errors';
import { normalizeEndpoint } from './endpoint';
import type { RequestLimiter } from './limiter';
import { percentEncode, signRequest } from './signer';
import { PROJECT_ID } from './validation';

/** AK/SK (optionally temporary, with a security token) or an IAM token. */
export type SdrsCredentials = { kind: 'aksk'; accessKey: string; secretKey: string; securityToken?: string } | { kind: 'token'; token: string };

/** Asked before every request, so a credential change applies at once. */
export type CredentialSource = () => Promise<SdrsCredentials | undefined>;

/** One line of the shareable log: never headers, never secrets (server-supplied text is redacted, flattened and cut). */
export interface RequestLogEntry {
  method: string;
  path: string;
  status?: number;
  durationMs: number;
  requestId?: string;
  /** `X-IAM-Trace-Id` of the answer, present only when IAM sent one (worth quoting to support, like the request ID). */
  traceId?: string;
  attempt: number;
  error?: string;
}

export interface TransportOptions {
  /** Base URL, e.g. https://sdrs.cn-north-4.myhuaweicloud.com (validated). */
  endpoint: string;
  /**
   * 32 hexadecimal characters; checked here when given. Only `get` needs it: a transport without
   * one (for IAM, say) serves `getAt`, and its `get` fails with a config error.
   */
  projectId?: string;
  credentials: CredentialSource;
  /**
   * Shared bound on requests in flight (e.g. one per window, across connections). Each attempt holds
   * one slot from just before it is signed until its answer is read; backoff sleeps between
   * retries and the credential lookup hold none, and the deadline starts inside the slot.
   */
  limiter?: RequestLimiter;
  /** Injected for tests; defaults to a fresh instance. */
  axios?: AxiosInstance;
  /**
   * Deadline for each attempt, from sending the request to the last byte of the body (not just
   * until the headers start, nor socket idle time like axios's own `timeout`). Default 30 s.
   */
  timeoutMs?: number;
  /** Attempts for idempotent requests, including the first. */
  maxAttempts?: number;
  /** First backoff delay; doubles each retry, with full jitter. */
  retryBaseMs?: number;
  /** The longest `Retry-After` that is honoured; longer values are cut to this. */
  maxRetryAfterMs?: number;
  /** Responses larger than this are refused. */
  maxResponseBytes?: number;
  log?: (entry: RequestLogEntry) => void;
  /** Injected for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => Date;
}

export type QueryValue = string | number | undefined;

export interface RequestOptions {
  signal?: AbortSignal;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * When an attempt may be sent again. The caller says, because only it knows what the request does;
 * every policy leaves out an attempt that hit its deadline (see `get`) and one the caller cancelled.
 *
 * - `safe`: repeating the request cannot do anything twice. Retried after a reset connection
 *   (ECONNRESET, EPIPE) and on 429, 502, 503 and 504. For GET; for PUT (a rename sets a name, and
 *   setting the same name again leaves the same drill); for DELETE (SDRS deletes a drill once: a
 *   repeat after the first was taken answers SDRS.1913, wrong state, while the job runs, or
 *   SDRS.1902 / 404 once the drill is gone, never a second deletion).
 * - `unsent`: retried only on 429. The API gateway throttles before it forwards a request (SDRS
 *   itself documents no 429), so a 429 proves SDRS never saw it. For POST, which creates something
 *   each time it is taken: a reset connection or a deadline hit leaves unknown whether SDRS acted,
 *   and 500/502/503/504 may come from a gateway or proxy after SDRS acted (a 504 is exactly that), so
 *   none of those is repeated: a second drill would cost a second drill VPC that its deletion keeps.
 * - `never`: one attempt, whatever happens.
 *
 * POST is refused with `safe`, so no caller can mark a create as repeatable by mistake.
 */
export type RetryPolicy = 'safe' | 'unsent' | 'never';

export interface SdrsRequestOptions extends RequestOptions {
  query?: Record<string, QueryValue>;
  /** Sent as JSON (`Content-Type: application/json`); the signature hashes exactly the bytes sent. */
  body?: unknown;
  retry: RetryPolicy;
  /** A 2xx answer with an empty body gives `body: undefined` instead of failing (for answers the API does not document). */
  allowEmptyAnswer?: boolean;
}

export interface SdrsResponse {
  /** The 2xx status of the answer. */
  status: number;
  /** Parsed JSON; undefined only for an empty answer that `allowEmptyAnswer` let through. */
  body: unknown;
  requestId?: string;
  /**
   * The credential values the request carried, for redacting what the answer echoes when it is parsed (a job's
   * fail_reason, a failed task's resource_name). Not enumerable, so logging or serialising the answer never shows them.
   */
  readonly secrets: readonly string[];
}

/** A 2xx answer, its secrets attached out of sight (see SdrsResponse.secrets). */
function answer(status: number, body: unknown, requestId: string | undefined, secrets: readonly string[]): SdrsResponse {
  return withSecrets({ status, body, requestId }, secrets);
}

function withSecrets<T extends object>(res: T, secrets: readonly string[]): T & { readonly secrets: readonly string[] } {
  return Object.defineProperty(res, 'secrets', { value: secrets, enumerable: false }) as T & { readonly secrets: readonly string[] };
}

const RETRY_STATUSES = new Set([429, 502, 503, 504]);
/** What an `unsent` request is retried on: the gateway's throttling, given before the request reaches SDRS. */
const UNSENT_STATUSES = new Set([429]);
/** Longest delay setTimeout takes; longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const RETRY_ERRNOS = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED_BY_PEER']);
const BAD_PROJECT_ID = 'The project ID must be 32 hexadecimal characters';

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new SdrsError({ kind: 'aborted', message: 'The request was cancelled' }));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new SdrsError({ kind: 'aborted', message: 'The request was cancelled' }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Seconds or an HTTP date, per RFC 9110; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

/**
 * One attempt's signal: aborts when the caller's signal does or when the deadline passes, and
 * remembers which came first. `dispose()` clears the timer and the listener on the caller's signal;
 * it must run on every path (AbortSignal.any would do the combining, but leaves its bookkeeping to GC).
 */
interface AttemptSignal {
  signal: AbortSignal;
  /** The deadline passed before anything else aborted the attempt. */
  readonly timedOut: boolean;
  dispose(): void;
}

function attemptSignal(timeoutMs: number, caller: AbortSignal | undefined): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;
  const onCallerAbort = (): void => controller.abort(caller?.reason);
  const timer = setTimeout(() => {
    if (controller.signal.aborted) return;
    timedOut = true;
    controller.abort(new Error(`deadline of ${timeoutMs} ms passed`));
  }, timeoutMs);
  if (caller?.aborted) onCallerAbort();
  else caller?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    dispose() {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onCallerAbort);
    },
  };
}

/**
 * Every credential value an attempt carried, for redacting server text: the keys and tokens, the
 * whole Authorization header and its signature. The project ID is no secret and stays readable.
 */
function secretsOf(credentials: SdrsCredentials, headers: Record<string, string>): string[] {
  if (credentials.kind === 'token') return [credentials.token];
  const authorization = headers.Authorization ?? '';
  const signature = /Signature=([0-9a-f]+)/i.exec(authorization)?.[1];
  return [authorization, signature, credentials.accessKey, credentials.secretKey, credentials.securityToken].filter((v): v is string => !!v);
}

type Attempt = { res: AxiosResponse<string>; secrets: string[] } | { error: SdrsError };

function header(res: AxiosResponse, name: string): string | undefined {
  const v: unknown = res.headers[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : undefined;
}

/** `.` and `..` segments would be resolved away by URL parsing, sending the request somewhere else than asked. */
function checkPath(path: string): void {
  if (typeof path !== 'string' || !path.startsWith('/') || /[?#]/.test(path) || path.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw new SdrsError({
      kind: 'validation',
      field: 'path',
      message: `Invalid path: it must start with / and have no query, fragment or . or .. segment (got ${String(path)})`,
    });
  }
}

/** The JSON text of a request body as UTF-8 bytes, or undefined for no body. */
function jsonBytes(body: unknown): Buffer | undefined {
  if (body === undefined) return undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(body);
  } catch (e) {
    throw new SdrsError({
      kind: 'validation',
      field: 'body',
      message: `Invalid body: it cannot be sent as JSON (${e instanceof Error ? e.message : String(e)})`,
    });
  }
  if (text === undefined) throw new SdrsError({ kind: 'validation', field: 'body', message: 'Invalid body: it cannot be sent as JSON' });
  return Buffer.from(text, 'utf8');
}

export function buildQuery(query: Record<string, QueryValue>): string {
  const pairs = Object.entries(query)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(String(v))}`);
  return pairs.length ? `?${pairs.join('&')}` : '';
}

export class SdrsTransport {
  readonly endpoint: string;
  /** Undefined when none was given: `get` then fails, `getAt` works. */
  readonly projectId: string | undefined;
  private readonly http: AxiosInstance;
  private readonly opts: Required<Omit<TransportOptions, 'axios' | 'log' | 'endpoint' | 'projectId' | 'credentials' | 'limiter'>>;

  constructor(private readonly options: TransportOptions) {
    this.endpoint = normalizeEndpoint(options.endpoint);
    if (options.projectId !== undefined) {
      const projectId = options.projectId.trim();
      if (!PROJECT_ID.test(projectId)) {
        throw new SdrsError({ kind: 'config', field: 'projectId', message: BAD_PROJECT_ID });
      }
      this.projectId = projectId;
    }
    this.http = options.axios ?? axios.create();
    const timeoutMs = options.timeoutMs ?? 30_000;
    this.opts = {
      timeoutMs: Number.isFinite(timeoutMs) && timeoutMs > 0 ? Math.min(timeoutMs, MAX_TIMER_MS) : 30_000,
      maxAttempts: options.maxAttempts ?? 3,
      retryBaseMs: options.retryBaseMs ?? 400,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 10_000,
      maxResponseBytes: options.maxResponseBytes ?? 20 * 1024 * 1024,
      sleep: options.sleep ?? abortableSleep,
      random: options.random ?? Math.random,
      now: options.now ?? (() => new Date()),
    };
  }

  /**
   * GET `/v1/{project_id}{path}` and return the parsed JSON body; retried when that is safe.
   *
   * Each attempt has its own deadline of `timeoutMs`. An attempt that hits it is not retried, for
   * GET either: the user set how long they are willing to wait, and a retry would double (or, with
   * three attempts, triple) it for a server that is already too slow. Retries are kept for fast
   * failures (a reset connection, 429, 502–504), so the worst case stays bounded by
   * maxAttempts × timeoutMs plus the capped backoff, and is reached only by a server that resets
   * every connection just before its deadline.
   */
  async get(path: string, query: Record<string, QueryValue>, options: RequestOptions = {}): Promise<Omit<SdrsResponse, 'status'>> {
    const { body, requestId, secrets } = await this.request('GET', path, { query, retry: 'safe', signal: options.signal });
    return withSecrets({ body, requestId }, secrets);
  }

  /**
   * `method` on `/v1/{project_id}{path}`, with an optional JSON body, retried as `options.retry`
   * allows (see RetryPolicy); everything else (signing, deadline, limiter, size limit, error mapping,
   * redaction, logging) is as for `get`, which is this with GET and `safe`. `path` starts with `/`
   * and carries no query, fragment or `.`/`..` segment; path parameters must be percent-encoded by
   * the caller. Any status outside 2xx throws; a 2xx must carry JSON unless `allowEmptyAnswer`.
   */
  async request(method: HttpMethod, path: string, options: SdrsRequestOptions): Promise<SdrsResponse> {
    if (this.projectId === undefined) {
      throw new SdrsError({ kind: 'config', field: 'projectId', message: 'No project ID is set' });
    }
    checkPath(path);
    if (method === 'POST' && options.retry === 'safe') {
      throw new SdrsError({ kind: 'validation', field: 'retry', message: 'Invalid retry: a POST is never safe to repeat (use "unsent" or "never")' });
    }
    const query = buildQuery(options.query ?? {});
    const url = `${this.endpoint}/v1/${percentEncode(this.projectId)}${path}${query}`;
    return this.send(method, url, `/v1/{project_id}${path}${query}`, jsonBytes(options.body), options);
  }

  /**
   * GET `{endpoint}{fullPath}` (e.g. IAM's `/v3/projects`): no project ID in the path or headers,
   * otherwise exactly like `get` — signing, deadline, retries, size limit, redaction and logging.
   * `fullPath` starts with `/` and carries no query or fragment (pass those in `query`).
   */
  async getAt(fullPath: string, query: Record<string, QueryValue>, options: RequestOptions = {}): Promise<{ body: unknown; requestId?: string }> {
    if (!fullPath.startsWith('/') || /[?#]/.test(fullPath)) {
      throw new SdrsError({ kind: 'validation', field: 'path', message: `Invalid path: it must start with / and have no query or fragment (got ${fullPath})` });
    }
    const { body, requestId } = await this.send('GET', `${this.endpoint}${fullPath}${buildQuery(query)}`, `${fullPath}${buildQuery(query)}`, undefined, {
      retry: 'safe',
      signal: options.signal,
    });
    return { body, requestId };
  }

  /** The one attempt loop, for every method; `logPath` is what the log shows instead of the URL. */
  private async send(method: HttpMethod, url: string, logPath: string, body: Buffer | undefined, options: SdrsRequestOptions): Promise<SdrsResponse> {
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      const log = (entry: Pick<RequestLogEntry, 'status' | 'requestId' | 'traceId' | 'error'>): void =>
        this.options.log?.({ method, path: logPath, durationMs: Date.now() - started, attempt, ...entry });
      const outcome = await this.attempt(method, url, body, options.signal);
      const last = attempt >= this.opts.maxAttempts;
      let retryAfter: number | undefined;
      if ('error' in outcome) {
        const { error } = outcome;
        log({ error: error.describe() });
        // Only `safe` requests are repeated after a reset: the server may have acted on the first.
        const retriable = options.retry === 'safe' && error.kind === 'network' && !!error.errno && RETRY_ERRNOS.has(error.errno);
        if (!retriable || last) throw error;
      } else {
        const { res, secrets } = outcome;
        const rawRequestId = header(res, 'x-request-id');
        const requestId = rawRequestId === undefined ? undefined : serverText(rawRequestId, secrets, MAX_REQUEST_ID) || undefined;
        const rawTraceId = header(res, 'x-iam-trace-id');
        const traceId = rawTraceId === undefined ? undefined : serverText(rawTraceId, secrets, MAX_REQUEST_ID) || undefined;
        log({ status: res.status, requestId, ...(traceId ? { traceId } : {}) });
        if (res.status >= 200 && res.status < 300) {
          return answer(res.status, this.parseJson(res, requestId, options.allowEmptyAnswer === true), requestId, secrets);
        }
        const error = errorFromResponse(res.status, res.data, requestId, secrets);
        const statuses = options.retry === 'safe' ? RETRY_STATUSES : options.retry === 'unsent' ? UNSENT_STATUSES : undefined;
        if (!statuses?.has(res.status) || last) throw error;
        retryAfter = parseRetryAfter(header(res, 'retry-after'), this.opts.now());
      }
      const backoff = this.opts.retryBaseMs * 2 ** (attempt - 1) * this.opts.random();
      await this.opts.sleep(retryAfter !== undefined ? Math.min(retryAfter, this.opts.maxRetryAfterMs) : backoff, options.signal);
    }
  }

  /**
   * One request: the response with the secrets it carried, or the failure as an SdrsError already
   * redacted with them. Only missing credentials throw, before anything is sent (and not logged).
   * With a limiter, the attempt waits for a slot after the credential lookup (a keyring waiting
   * for the user holds none) and before signing (so X-Sdk-Date is the time of sending).
   */
  private async attempt(method: string, url: string, body: Buffer | undefined, signal: AbortSignal | undefined): Promise<Attempt> {
    let credentials: SdrsCredentials | undefined;
    try {
      credentials = await this.options.credentials();
    } catch (e) {
      if (e instanceof SdrsError && e.kind === 'config') throw e;
      return { error: this.toSdrsError(e, [], signal, undefined) };
    }
    if (!credentials) {
      throw new SdrsError({ kind: 'config', field: 'credentials', message: 'No SDRS credentials are set' });
    }
    const given = credentials;
    const limiter = this.options.limiter;
    if (!limiter) return this.sendOnce(method, url, body, given, signal);
    try {
      return await limiter.run(() => this.sendOnce(method, url, body, given, signal), signal);
    } catch (e) {
      // Only the limiter rejects (a cancel while queued): sendOnce reports every failure as a value.
      return { error: this.toSdrsError(e, [], signal, undefined) };
    }
  }

  /**
   * Signs and sends one attempt; its deadline starts here, after any wait for a slot. `body` is sent
   * as the very Buffer the signature hashed, so no serialisation step can change a byte in between.
   */
  private async sendOnce(
    method: string,
    url: string,
    body: Buffer | undefined,
    credentials: SdrsCredentials,
    signal: AbortSignal | undefined,
  ): Promise<Attempt> {
    let secrets: string[] = [];
    let deadline: AttemptSignal | undefined;
    try {
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      if (credentials.kind === 'token') {
        headers['X-Auth-Token'] = credentials.token;
      } else {
        Object.assign(
          headers,
          signRequest(
            { method, url, headers: {}, body },
            { accessKey: credentials.accessKey, secretKey: credentials.secretKey, securityToken: credentials.securityToken },
            this.opts.now(),
          ),
        );
      }
      secrets = secretsOf(credentials, headers);
      // The deadline starts with the request, not with the credential lookup (a keyring that waits
      // for the user to unlock it is not SDRS failing to answer) nor with the wait for a slot.
      deadline = attemptSignal(this.opts.timeoutMs, signal);
      const res = await this.http.request<string>({
        method,
        url,
        headers,
        data: body,
        // The bytes go out as they are: axios must not re-serialise what was signed.
        transformRequest: [(data: unknown) => data],
        signal: deadline.signal,
        // No axios `timeout`: it only covers the time until the response starts (then socket idle
        // time), so a server dripping its body kept a request alive for ever. The deadline above does.
        timeout: 0,
        // A signed request must never be replayed to another host.
        maxRedirects: 0,
        // VS Code's own proxy support (http.proxy) patches Node's agents; axios must not add its own.
        proxy: false,
        adapter: 'http',
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
        maxContentLength: this.opts.maxResponseBytes,
        validateStatus: () => true,
      });
      return { res, secrets };
    } catch (e) {
      return { error: this.toSdrsError(e, secrets, signal, deadline) };
    } finally {
      deadline?.dispose();
    }
  }

  private toSdrsError(e: unknown, secrets: string[], caller: AbortSignal | undefined, deadline: AttemptSignal | undefined): SdrsError {
    if (e instanceof SdrsError) return e;
    // The caller's cancel wins even when the deadline passed too: nobody is waiting for the answer.
    if (caller?.aborted) return new SdrsError({ kind: 'aborted', message: 'The request was cancelled' });
    if (deadline?.timedOut) return timeoutError(this.opts.timeoutMs);
    if (axios.isCancel(e) || (e instanceof Error && e.name === 'CanceledError')) {
      return new SdrsError({ kind: 'aborted', message: 'The request was cancelled' });
    }
    if (axios.isAxiosError(e)) {
      if (/maxContentLength/.test(e.message)) {
        return responseError(`The SDRS response was larger than ${Math.round(this.opts.maxResponseBytes / 1024 / 1024)} MB and was refused`);
      }
      const cause = (e.cause ?? {}) as { code?: string; message?: string };
      const errno = cause.code ?? e.code;
      return errorFromNetwork(
        errno === 'ECONNABORTED' && !/timeout/i.test(e.message) ? 'ECONNRESET' : errno,
        cause.message ?? e.message,
        this.opts.timeoutMs,
        secrets,
      );
    }
    return errorFromNetwork(undefined, e instanceof Error ? e.message : String(e), undefined, secrets);
  }

  private parseJson(res: AxiosResponse<string>, requestId: string | undefined, allowEmpty: boolean): unknown {
    const text = typeof res.data === 'string' ? res.data : '';
    if (allowEmpty && !text.trim()) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      const kind = /^\s*</.test(text) ? 'an HTML page' : text.trim() ? 'text that is not JSON' : 'an empty body';
      throw responseError(`SDRS answered HTTP ${res.status} with ${kind} instead of JSON (is the endpoint right?)`, requestId, res.status);
    }
  }
}
