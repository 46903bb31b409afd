// AK/SK or IAM token in SecretStorage only, with the official SDKs' environment variables as fallback.
import * as vscode from 'vscode';
import type { SdrsCredentials } from '../sdrs/transport';

const SECRET_KEY = 'sdrs.credentials';
export const ENV_AK = 'HUAWEICLOUD_SDK_AK';
export const ENV_SK = 'HUAWEICLOUD_SDK_SK';
export const ENV_SECURITY_TOKEN = 'HUAWEICLOUD_SDK_SECURITY_TOKEN';

export type CredentialSourceKind = 'secretStorage' | 'environment';

export interface ResolvedCredentials {
  credentials: SdrsCredentials;
  source: CredentialSourceKind;
}

/** Why an access key is not plausible, or undefined. AKs are 20 upper-case letters and digits; allow some slack. */
export function checkAccessKey(value: string): string | undefined {
  return /^[A-Za-z0-9]{10,128}$/.test(value.trim()) ? undefined : vscode.l10n.t('An access key (AK) is 10–128 letters and digits, without spaces.');
}

export function checkSecretKey(value: string): string | undefined {
  return /^\S{10,256}$/.test(value.trim()) ? undefined : vscode.l10n.t('A secret key (SK) is 10–256 characters without spaces.');
}

export function checkToken(value: string): string | undefined {
  return /^\S{20,}$/.test(value.trim()) ? undefined : vscode.l10n.t('A token is at least 20 characters without spaces.');
}

function isCredentials(v: unknown): v is SdrsCredentials {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  if (o.kind === 'token') return typeof o.token === 'string' && o.token.length > 0;
  return o.kind === 'aksk' && typeof o.accessKey === 'string' && typeof o.secretKey === 'string' && (o.securityToken === undefined || typeof o.securityToken === 'string');
}

export class CredentialStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    // SecretStorage announces every change, ours and other windows', so this is the one place
    // that drops the cached entry and tells listeners (a second event from store() would only
    // start a second, redundant refresh).
    this.subscription = secrets.onDidChange((e) => {
      if (e.key !== SECRET_KEY) return;
      this.stored = undefined;
      this.changed.fire();
    });
  }

  /** The secret as last read: the transport asks for credentials on every request, SecretStorage is read once per change. */
  private stored?: Thenable<string | undefined>;

  /** SecretStorage first, then the environment; undefined when neither has credentials. */
  async resolve(): Promise<ResolvedCredentials | undefined> {
    const stored = await (this.stored ??= this.secrets.get(SECRET_KEY));
    if (stored) {
      try {
        const parsed: unknown = JSON.parse(stored);
        if (isCredentials(parsed)) return { credentials: parsed, source: 'secretStorage' };
      } catch {
        // A damaged entry is ignored; Set Credentials overwrites it.
      }
    }
    const ak = this.env[ENV_AK]?.trim();
    const sk = this.env[ENV_SK]?.trim();
    if (ak && sk) {
      const securityToken = this.env[ENV_SECURITY_TOKEN]?.trim() || undefined;
      return { credentials: { kind: 'aksk', accessKey: ak, secretKey: sk, securityToken }, source: 'environment' };
    }
    return undefined;
  }

  async store(credentials: SdrsCredentials): Promise<void> {
    this.stored = undefined;
    await this.secrets.store(SECRET_KEY, JSON.stringify(credentials));
    this.stored = undefined;
  }

  async clear(): Promise<void> {
    this.stored = undefined;
    await this.secrets.delete(SECRET_KEY);
    this.stored = undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
