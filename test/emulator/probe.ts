// Raw requests to the emulator for tests: any method and any body (even on GET, as the official Node SDK sends to IAM), optionally signed by the official SDK signer.
import * as http from 'node:http';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials';

export interface ProbeReply<T = unknown> {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Parsed JSON, or undefined when the body is not JSON. */
  body: T;
}

/** One request over node:http (fetch refuses a body on GET). `body` is sent byte for byte. */
export function probe<T = unknown>(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<ProbeReply<T>> {
  return new Promise((resolve, reject) => {
    // Node sends a GET body neither chunked nor with a length unless told: the length is set here.
    const headers = init.body === undefined ? init.headers : { 'Content-Length': String(Buffer.byteLength(init.body)), ...init.headers };
    const req = http.request(url, { method: init.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: body as T });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** `YYYYMMDDTHHMMSSZ`. */
export const sdkDate = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

export interface SdkSignOptions {
  method?: string;
  ak?: string;
  sk?: string;
  /** Temporary credentials: sent and signed as X-Security-Token, as the SDK does. */
  securityToken?: string;
  date?: string;
  /** Extra headers, all of them signed (the SDK signs every header it sends). */
  headers?: Record<string, string>;
  /** A JSON body: the SDK hashes JSON.stringify(data) — `{}` for IAM's GET /v3/projects. */
  data?: object;
}

/**
 * Headers for `url` signed by the official SDK signer (the test oracle), host left for the HTTP
 * client to send. With `data`, send `JSON.stringify(data)` as the body.
 */
export function sdkSign(url: string, opts: SdkSignOptions = {}): Record<string, string> {
  const u = new URL(url);
  const queryParams: Record<string, string[]> = {};
  for (const [k, v] of u.searchParams) (queryParams[k] ??= []).push(v);
  const credential = new BasicCredentials().withAk(opts.ak ?? 'EMULATORAK').withSk(opts.sk ?? 'EMULATORSK');
  const headers: Record<string, string> = { 'X-Sdk-Date': opts.date ?? sdkDate(Date.now()), ...opts.headers };
  if (opts.securityToken !== undefined) headers['X-Security-Token'] = opts.securityToken;
  const request = { method: opts.method ?? 'GET', endpoint: `${u.protocol}//${u.host}${u.pathname}`, queryParams, headers, data: opts.data };
  const signed = { ...(AKSKSigner.sign(request, credential) as Record<string, string>) };
  delete signed.host;
  return signed;
}

/**
 * IAM's KeystoneListProjects exactly as the official Node SDK (core 3.1.211) sends it: GET with
 * Content-Type application/json and a `{}` body, both covered by the signature.
 */
export function sdkListProjects<T = unknown>(
  iamUrl: string,
  region: string | undefined,
  opts: Omit<SdkSignOptions, 'data' | 'method'> = {},
): Promise<ProbeReply<T>> {
  const url = `${iamUrl}/v3/projects${region === undefined ? '' : `?name=${encodeURIComponent(region)}`}`;
  const headers = sdkSign(url, { ...opts, headers: { 'Content-Type': 'application/json', ...opts.headers }, data: {} });
  return probe<T>(url, { headers, body: '{}' });
}
