// Sends one signed SDRS request through axios: auth headers, timeout, retries, size limits, error mapping, logging.
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { errorFromNetwork, errorFromResponse, responseError, SdrsError } from './errors';
import { normalizeEndpoint } from './endpoint';
import { percentEncode, signRequest } from './signer';

/** AK/SK (optionally temporary, with a security token) or an IAM token. */
export type SdrsCredentials =
  | { kind: 'aksk'; accessKey: string; secretKey: string; securityToken?: string }
  | { kind: 'token'; token: string };

/** Asked before every request, so a credential change applies at once. */
export type CredentialSource = () => Promise<SdrsCredentials | undefined>;

/** One line of the shareable log: never headers, never secrets. */
export interface RequestLogEntry {
  method: string;
  path: string;
  status?: number;
  durationMs: number;
  requestId?: string;
  attempt: number;
  error?: string;
}

export interface TransportOptions {
  /** Base URL, e.g. https://sdrs.cn-north-4.myhuaweicloud.com (validated). */
  endpoint: string;
  projectId: string;
  credentials: CredentialSource;
  /** Injected for tests; defaults to a fresh instance. */
  axios?: AxiosInstance;
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

const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const RETRY_ERRNOS = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED_BY_PEER']);
const PROJECT_ID = /^[0-9a-f]{32}$/i;

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

function header(res: AxiosResponse, name: string): string | undefined {
  const v: unknown = res.headers[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : undefined;
}

export function buildQuery(query: Record<string, QueryValue>): string {
  const pairs = Object.entries(query)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(String(v))}`);
  return pairs.length ? `?${pairs.join('&')}` : '';
}

export class SdrsTransport {
  readonly endpoint: string;
  readonly projectId: string;
  private readonly http: AxiosInstance;
  private readonly opts: Required<Omit<TransportOptions, 'axios' | 'log' | 'endpoint' | 'projectId' | 'credentials'>>;

  constructor(private readonly options: TransportOptions) {
    this.endpoint = normalizeEndpoint(options.endpoint);
    const projectId = options.projectId.trim();
    if (!PROJECT_ID.test(projectId)) {
      throw new SdrsError({ kind: 'config', field: 'projectId', message: 'The project ID must be 32 hexadecimal characters' });
    }
    this.projectId = projectId;
    this.http = options.axios ?? axios.create();
    this.opts = {
      timeoutMs: options.timeoutMs ?? 30_000,
      maxAttempts: options.maxAttempts ?? 3,
      retryBaseMs: options.retryBaseMs ?? 400,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 10_000,
      maxResponseBytes: options.maxResponseBytes ?? 20 * 1024 * 1024,
      sleep: options.sleep ?? abortableSleep,
      random: options.random ?? Math.random,
      now: options.now ?? (() => new Date()),
    };
  }

  /** GET `/v1/{project_id}{path}` and return the parsed JSON body; retried when that is safe. */
  async get(path: string, query: Record<string, QueryValue>, options: RequestOptions = {}): Promise<{ body: unknown; requestId?: string }> {
    const url = `${this.endpoint}/v1/${percentEncode(this.projectId)}${path}${buildQuery(query)}`;
    const logPath = `/v1/{project_id}${path}${buildQuery(query)}`;
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      let retryAfter: number | undefined;
      try {
        const res = await this.send('GET', url, options.signal);
        const requestId = header(res, 'x-request-id');
        this.options.log?.({ method: 'GET', path: logPath, status: res.status, durationMs: Date.now() - started, requestId, attempt });
        if (res.status >= 200 && res.status < 300) return { body: this.parseJson(res, requestId), requestId };
        const error = errorFromResponse(res.status, res.data, requestId);
        if (!RETRY_STATUSES.has(res.status) || attempt >= this.opts.maxAttempts) throw error;
        retryAfter = parseRetryAfter(header(res, 'retry-after'), this.opts.now());
      } catch (e) {
        const error = this.toSdrsError(e);
        if (!(e instanceof SdrsError)) {
          this.options.log?.({ method: 'GET', path: logPath, durationMs: Date.now() - started, attempt, error: error.describe() });
        }
        const retriable = error.kind === 'network' && !!error.errno && RETRY_ERRNOS.has(error.errno);
        if (!retriable || attempt >= this.opts.maxAttempts) throw error;
      }
      const backoff = this.opts.retryBaseMs * 2 ** (attempt - 1) * this.opts.random();
      await this.opts.sleep(retryAfter !== undefined ? Math.min(retryAfter, this.opts.maxRetryAfterMs) : backoff, options.signal);
    }
  }

  private async send(method: string, url: string, signal: AbortSignal | undefined): Promise<AxiosResponse<string>> {
    const credentials = await this.options.credentials();
    if (!credentials) {
      throw new SdrsError({ kind: 'config', field: 'credentials', message: 'No SDRS credentials are set' });
    }
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (credentials.kind === 'token') {
      headers['X-Auth-Token'] = credentials.token;
    } else {
      Object.assign(
        headers,
        signRequest(
          { method, url, headers: {} },
          { accessKey: credentials.accessKey, secretKey: credentials.secretKey, securityToken: credentials.securityToken },
          this.opts.now(),
        ),
      );
    }
    return this.http.request<string>({
      method,
      url,
      headers,
      signal,
      timeout: this.opts.timeoutMs,
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
  }

  private parseJson(res: AxiosResponse<string>, requestId: string | undefined): unknown {
    const text = typeof res.data === 'string' ? res.data : '';
    try {
      return JSON.parse(text) as unknown;
    } catch {
      const kind = /^\s*</.test(text) ? 'an HTML page' : text.trim() ? 'text that is not JSON' : 'an empty body';
      throw responseError(`SDRS answered HTTP ${res.status} with ${kind} instead of JSON (is the endpoint right?)`, requestId, res.status);
    }
  }

  private toSdrsError(e: unknown): SdrsError {
    if (e instanceof SdrsError) return e;
    if (axios.isCancel(e) || (e instanceof Error && e.name === 'CanceledError')) {
      return new SdrsError({ kind: 'aborted', message: 'The request was cancelled' });
    }
    if (axios.isAxiosError(e)) {
      if (/maxContentLength/.test(e.message)) {
        return responseError(`The SDRS response was larger than ${Math.round(this.opts.maxResponseBytes / 1024 / 1024)} MB and was refused`);
      }
      const cause = (e.cause ?? {}) as { code?: string; message?: string };
      const errno = cause.code ?? e.code;
      return errorFromNetwork(errno === 'ECONNABORTED' && !/timeout/i.test(e.message) ? 'ECONNRESET' : errno, cause.message ?? e.message, this.opts.timeoutMs);
    }
    return errorFromNetwork(undefined, e instanceof Error ? e.message : String(e));
  }
}
