// Builds the SDRS client from the current settings and credentials, or says what is missing.
import * as vscode from 'vscode';
import { PageSizeMemory, SdrsClient } from '../sdrs/client';
import { resolveEndpoint } from '../sdrs/endpoint';
import { isSdrsError, SdrsError } from '../sdrs/errors';
import { SdrsTransport, type RequestLogEntry } from '../sdrs/transport';
import type { CredentialSourceKind, CredentialStore } from './credentials';
import { readSettings } from './settings';

export type MissingSetup = 'region' | 'projectId' | 'credentials';

export type Connection =
  | { ok: true; client: SdrsClient; credentialSource: CredentialSourceKind; endpoint: string }
  | { ok: false; missing: MissingSetup[]; error?: SdrsError };

const PROJECT_ID = /^[0-9a-f]{32}$/i;

export class ConnectionFactory {
  /** The client is kept while settings stay the same, so it remembers result sizes between refreshes. */
  private cached?: { key: string; client: SdrsClient; endpoint: string };
  /** What SDRS showed about its largest page, kept for the window's life across settings changes. */
  private readonly pageSizeMemory = new PageSizeMemory();

  constructor(
    private readonly credentials: CredentialStore,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async connect(): Promise<Connection> {
    const settings = readSettings();
    const resolved = await this.credentials.resolve();
    const missing: MissingSetup[] = [];
    if (!settings.endpoint && !settings.region) missing.push('region');
    if (!PROJECT_ID.test(settings.projectId)) missing.push('projectId');
    if (!resolved) missing.push('credentials');
    if (missing.length) return { ok: false, missing };
    const key = JSON.stringify(settings);
    if (this.cached?.key !== key) {
      try {
        const endpoint = resolveEndpoint(settings.region, settings.endpoint);
        const transport = new SdrsTransport({
          endpoint,
          projectId: settings.projectId,
          // Asked per request, so a credential change needs no new client.
          credentials: async () => (await this.credentials.resolve())?.credentials,
          timeoutMs: settings.requestTimeoutSeconds * 1000,
          log: (entry) => this.logRequest(entry),
        });
        const client = new SdrsClient(transport, {
          pageSize: settings.pageSize,
          concurrency: settings.concurrency,
          pageSizeMemory: this.pageSizeMemory,
          onNotice: (message) => this.log.warn(message),
        });
        this.cached = { key, endpoint, client };
      } catch (e) {
        if (!isSdrsError(e)) throw e;
        return { ok: false, missing: [], error: e };
      }
    }
    return { ok: true, client: this.cached.client, credentialSource: resolved!.source, endpoint: this.cached.endpoint };
  }

  private logRequest(entry: RequestLogEntry): void {
    const line = `${entry.method} ${entry.path} → ${entry.status ?? entry.error ?? '?'} in ${entry.durationMs} ms` +
      (entry.requestId ? ` (request ID ${entry.requestId})` : '') +
      (entry.attempt > 1 ? ` [attempt ${entry.attempt}]` : '');
    if (entry.status !== undefined && entry.status < 400) this.log.info(line);
    else this.log.warn(line);
  }
}
