// Small misbehaving HTTP servers for the transport tests: each records what it received and closes every connection on close().
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SdrsError } from '../../src/sdrs/errors';
import { SdrsTransport, type RequestLogEntry, type SdrsCredentials, type TransportOptions } from '../../src/sdrs/transport';

export const PROJECT_ID = '0123456789abcdef0123456789abcdef';

/** A request as the server received it; `body` fills in as it arrives (complete once `bodyOf(req)` resolves). */
export interface ReceivedRequest {
  method: string;
  /** Path and query as sent on the wire. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface TestServer {
  url: string;
  /** Headers of every request received, in order. */
  requests: http.IncomingHttpHeaders[];
  /** Method, URL, headers and body bytes of every request received, in order. */
  received: ReceivedRequest[];
  close(): Promise<void>;
}

const bodies = new WeakMap<http.IncomingMessage, Promise<Buffer>>();

/** The bytes of a request's body as the server received them (what arrived, if the connection went away first). */
export function bodyOf(req: http.IncomingMessage): Promise<Buffer> {
  const body = bodies.get(req);
  if (!body) throw new Error('bodyOf: not a request of a startServer server');
  return body;
}

/**
 * Starts a server on a loopback port. `onClose` callbacks registered by the handler (timers, intervals)
 * run when the client goes away, so a dripping response never outlives its connection.
 */
export async function startServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse, onClose: (fn: () => void) => void) => void,
): Promise<TestServer> {
  const requests: http.IncomingHttpHeaders[] = [];
  const received: ReceivedRequest[] = [];
  const cleanups = new Set<() => void>();
  const server = http.createServer((req, res) => {
    requests.push(req.headers);
    const entry: ReceivedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.alloc(0) };
    received.push(entry);
    // Read here, before the handler runs, so no chunk is missed whenever the handler asks for it.
    bodies.set(
      req,
      new Promise<Buffer>((resolve) => {
        const chunks: Buffer[] = [];
        const done = (): void => {
          entry.body = Buffer.concat(chunks);
          resolve(entry.body);
        };
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', done);
        req.on('close', done);
        req.on('error', done);
      }),
    );
    const mine: Array<() => void> = [];
    const onClose = (fn: () => void): void => {
      mine.push(fn);
      cleanups.add(fn);
    };
    res.on('close', () => {
      for (const fn of mine) {
        fn();
        cleanups.delete(fn);
      }
    });
    handler(req, res, onClose);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const fn of cleanups) fn();
        cleanups.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function transportFor(
  server: { url: string },
  credentials: SdrsCredentials,
  overrides: Partial<TransportOptions> & { logs?: RequestLogEntry[] } = {},
): SdrsTransport {
  const { logs, ...rest } = overrides;
  return new SdrsTransport({
    endpoint: server.url,
    projectId: PROJECT_ID,
    credentials: async () => credentials,
    log: logs ? (entry) => logs.push(entry) : undefined,
    retryBaseMs: 1,
    sleep: async () => undefined,
    ...rest,
  });
}

/** The SdrsError a request fails with; fails the test if it succeeds or fails with anything else. */
export async function rejection(p: Promise<unknown>): Promise<SdrsError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof SdrsError, `expected an SdrsError, got ${String(e)}`);
    return e;
  }
  assert.fail('the request succeeded; expected it to fail');
}
