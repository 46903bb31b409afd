// Named accounts, each an AK/SK or IAM token in SecretStorage only; the default account falls back to the official
// SDKs' environment variables.
import * as vscode from 'vscode';
import type { CredentialSourceKind } from '../model/connectionModel';
import type { SdrsCredentials } from '../sdrs/transport';
import { DEFAULT_ACCOUNT } from './connections';

/** The default account keeps the key the single-account versions used, so nothing a user set up is lost. */
const SECRET_KEY = 'sdrs.credentials';
const ACCOUNTS_KEY = 'sdrs.accounts';
/** The secret of an account: `sdrs.credentials` for the default one, `sdrs.credentials/<name>` for others. */
export function secretKeyOf(account: string): string {
  return account === DEFAULT_ACCOUNT ? SECRET_KEY : `${SECRET_KEY}/${account}`;
}
export const ENV_AK = 'HUAWEICLOUD_SDK_AK';
export const ENV_SK = 'HUAWEICLOUD_SDK_SK';
export const ENV_SECURITY_TOKEN = 'HUAWEICLOUD_SDK_SECURITY_TOKEN';

export type { CredentialSourceKind };

export interface ResolvedCredentials {
  credentials: SdrsCredentials;
  source: CredentialSourceKind;
}

function isCredentials(v: unknown): v is SdrsCredentials {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  if (o.kind === 'token') return typeof o.token === 'string' && o.token.length > 0;
  return (
    o.kind === 'aksk' &&
    typeof o.accessKey === 'string' &&
    typeof o.secretKey === 'string' &&
    (o.securityToken === undefined || typeof o.securityToken === 'string')
  );
}

export class CredentialStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fired with the account whose credentials changed (here or in another window). */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** Each account's secret as last read: the transport asks on every request, SecretStorage is read once per change. */
  private readonly stored = new Map<string, Thenable<string | undefined>>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    /** Names of the accounts (never their secrets), so an account can exist before any connection uses it. */
    private readonly memento: vscode.Memento,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    // SecretStorage announces every change, ours and other windows', so this is the one place that drops the cached
    // entry and tells listeners (a second event from store() would only start a second, redundant refresh).
    this.subscription = secrets.onDidChange((e) => {
      const account = e.key === SECRET_KEY ? DEFAULT_ACCOUNT : e.key.startsWith(`${SECRET_KEY}/`) ? e.key.slice(SECRET_KEY.length + 1) : undefined;
      if (account === undefined) return;
      this.stored.delete(account);
      this.changed.fire(account);
    });
  }

  /** Accounts created here, plus the default one; connections may name others (they have no credentials yet). */
  accounts(): string[] {
    const saved = this.memento.get<unknown>(ACCOUNTS_KEY);
    const names = Array.isArray(saved) ? saved.filter((n): n is string => typeof n === 'string') : [];
    return [...new Set([DEFAULT_ACCOUNT, ...names])];
  }

  async addAccount(name: string): Promise<void> {
    if (this.accounts().includes(name)) return;
    await this.memento.update(ACCOUNTS_KEY, [...this.accounts().filter((n) => n !== DEFAULT_ACCOUNT), name]);
  }

  /** SecretStorage first, then (for the default account) the environment; undefined when neither has credentials. */
  async resolve(account = DEFAULT_ACCOUNT): Promise<ResolvedCredentials | undefined> {
    let pending = this.stored.get(account);
    if (!pending) {
      pending = this.secrets.get(secretKeyOf(account));
      this.stored.set(account, pending);
    }
    const stored = await pending;
    if (stored) {
      try {
        const parsed: unknown = JSON.parse(stored);
        if (isCredentials(parsed)) return { credentials: parsed, source: 'secretStorage' };
      } catch {
        // A damaged entry is ignored; Set Credentials overwrites it.
      }
    }
    if (account !== DEFAULT_ACCOUNT) return undefined;
    const ak = this.env[ENV_AK]?.trim();
    const sk = this.env[ENV_SK]?.trim();
    if (ak && sk) {
      const securityToken = this.env[ENV_SECURITY_TOKEN]?.trim() || undefined;
      return { credentials: { kind: 'aksk', accessKey: ak, secretKey: sk, securityToken }, source: 'environment' };
    }
    return undefined;
  }

  async store(credentials: SdrsCredentials, account = DEFAULT_ACCOUNT): Promise<void> {
    this.stored.delete(account);
    await this.secrets.store(secretKeyOf(account), JSON.stringify(credentials));
    this.stored.delete(account);
    await this.addAccount(account);
  }

  async clear(account = DEFAULT_ACCOUNT): Promise<void> {
    this.stored.delete(account);
    await this.secrets.delete(secretKeyOf(account));
    this.stored.delete(account);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
