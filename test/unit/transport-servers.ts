// Small misbehaving HTTP servers for the transport tests: each records what it received and closes every connection on close().
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SdrsError } from '../../src/sdrs/errors';
import { SdrsTransport, type RequestLogEntry, type SdrsCredentials, type TransportOptions } from '../../src/sdrs/transport';

export const PROJECT_ID = '0123456789abcdef0123456789abcdef';

export interface TestServer {
  url: string;
  /** Headers of every request received, in order. */
  requests: http.IncomingHttpHeaders[];
  close(): Promise<void>;
}

/**
 * Starts a server on a loopback port. `onClose` callbacks registered by the handler (timers, intervals)
 * run when the client goes away, so a dripping response never outlives its connection.
 */
export async function startServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse, onClose: (fn: () => void) => void) => void,
): Promise<TestServer> {
  const requests: http.IncomingHttpHeaders[] = [];
  const cleanups = new Set<() => void>();
  const server = http.createServer((req, res) => {
    requests.push(req.headers);
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
