// Builds each connection's SDRS client from its settings and its account's credentials, or says what is missing.
// All clients share one page-size memory and one bound on requests in flight.
import * as vscode from 'vscode';
import type { ConnectResult, MissingSetup } from '../model/connectionModel';
import { PageSizeMemory, SdrsClient } from '../sdrs/client';
import { resolveEndpoint } from '../sdrs/endpoint';
import { isSdrsError } from '../sdrs/errors';
import { RequestLimiter } from '../sdrs/limiter';
import { SdrsTransport, type RequestLogEntry } from '../sdrs/transport';
import type { ConnectionConfig } from './connections';
import type { CredentialStore } from './credentials';
import { readSettings } from './settings';
import { PROJECT_ID } from '../sdrs/validation';

export type { MissingSetup };

export type Connection = (ConnectResult & { ok: true; client: SdrsClient; endpoint: string }) | (ConnectResult & { ok: false });

/**
 * How many requests all connections together keep in flight: twice one listing's concurrency, so two connections
 * page at full speed and ten do not send forty requests at once.
 */
export function globalRequestBound(concurrency: number): number {
  return concurrency * 2;
}

export class ClientFactory {
  /** Each connection's client, kept while its settings stay the same, so it remembers result sizes between refreshes. */
  private readonly cached = new Map<string, { key: string; client: SdrsClient; endpoint: string }>();
  /** What SDRS showed about its largest page, kept for the window's life across settings changes. */
  private readonly pageSizeMemory = new PageSizeMemory();
  readonly limiter: RequestLimiter;

  constructor(
    private readonly credentials: CredentialStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.limiter = new RequestLimiter(globalRequestBound(readSettings().concurrency));
  }

  /** The endpoint a connection's requests go to: its own override, else `sdrs.endpoint`, else its region's. Throws an SdrsError. */
  endpointOf(config: ConnectionConfig): string {
    return resolveEndpoint(config.region, config.endpoint ?? readSettings().endpoint);
  }

  async connect(config: ConnectionConfig): Promise<Connection> {
    const settings = readSettings();
    this.limiter.max = globalRequestBound(settings.concurrency);
    const resolved = await this.credentials.resolve(config.account);
    const missing: MissingSetup[] = [];
    if (!config.endpoint && !settings.endpoint && !config.region) missing.push('region');
    if (!PROJECT_ID.test(config.projectId)) missing.push('projectId');
    if (!resolved) missing.push('credentials');
    if (missing.length) return { ok: false, missing };
    const key = JSON.stringify([config, settings]);
    let entry = this.cached.get(config.id);
    if (entry?.key !== key) {
      try {
        const endpoint = this.endpointOf(config);
        const transport = new SdrsTransport({
          endpoint,
          projectId: config.projectId,
          // Asked per request, so a credential change needs no new client.
          credentials: async () => (await this.credentials.resolve(config.account))?.credentials,
          timeoutMs: settings.requestTimeoutSeconds * 1000,
          limiter: this.limiter,
          log: (e) => this.logRequest(e),
        });
        const client = new SdrsClient(transport, {
          pageSize: settings.pageSize,
          concurrency: settings.concurrency,
          pageSizeMemory: this.pageSizeMemory,
          onNotice: (message) => this.log.warn(message),
        });
        entry = { key, endpoint, client };
        this.cached.set(config.id, entry);
      } catch (e) {
        if (!isSdrsError(e)) throw e;
        return { ok: false, missing: [], error: e };
      }
    }
    return { ok: true, client: entry.client, credentialSource: resolved!.source, endpoint: entry.endpoint };
  }

  /** The connection's client for a command; throws (an SdrsError when there is one) when the connection cannot be used. */
  async client(config: ConnectionConfig): Promise<SdrsClient> {
    const connection = await this.connect(config);
    if (!connection.ok) throw connection.error ?? new Error(vscode.l10n.t('SDRS is not configured'));
    return connection.client;
  }

  /** Drops what was kept for a connection that is gone. */
  forget(id: string): void {
    this.cached.delete(id);
  }

  private logRequest(entry: RequestLogEntry): void {
    const line =
      `${entry.method} ${entry.path} → ${entry.status ?? entry.error ?? '?'} in ${entry.durationMs} ms` +
      (entry.requestId ? ` (request ID ${entry.requestId})` : '') +
      (entry.attempt > 1 ? ` [attempt ${entry.attempt}]` : '');
    if (entry.status !== undefined && entry.status < 400) this.log.info(line);
    else this.log.warn(line);
  }
}
