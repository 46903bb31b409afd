// Set Credentials (AK/SK, optional security token), Use IAM Token, Clear Credentials, per account: SecretStorage only.
import * as vscode from 'vscode';
import { ask as askLine, pick } from '../ui/prompts';
import { checkAccountName, DEFAULT_ACCOUNT } from '../config/connections';
import { checkAccessKey, checkSecretKey, checkToken, type CredentialStore } from '../config/credentials';
import { escapeIcons } from '../filter/filterInput';
import type { Services } from '../services';
import type { ConnectionRegistry } from '../model/connectionRegistry';

async function ask(options: vscode.InputBoxOptions, check?: (v: string) => string | undefined): Promise<string | undefined> {
  const value = await askLine({
    ignoreFocusOut: true,
    validateInput: check ? (v) => (v.trim() ? check(v) : undefined) : undefined,
    ...options,
  });
  return value === undefined ? undefined : value.trim();
}

/** Every account a user has: created here, or named by a connection. */
export function knownAccounts(credentials: CredentialStore, registry: ConnectionRegistry): string[] {
  return [...new Set([...credentials.accounts(), ...registry.connections.map((e) => e.config.account)])];
}

/** Asks for a new account's name; undefined when cancelled. */
export async function askAccountName(existing: readonly string[]): Promise<string | undefined> {
  const name = await ask({ title: vscode.l10n.t('New account'), prompt: vscode.l10n.t('A name for these credentials, e.g. prod or partner-a') }, (v) =>
    existing.includes(v.trim()) ? vscode.l10n.t('An account named "{0}" exists already.', v.trim()) : checkAccountName(v),
  );
  return name && !checkAccountName(name) && !existing.includes(name) ? name : undefined;
}

/**
 * The account a credential command is about: the one given, the only one, or one the user picks (or names anew, when
 * `allowNew`).
 */
export async function pickAccount(
  credentials: CredentialStore,
  registry: ConnectionRegistry,
  arg: unknown,
  title: string,
  allowNew: boolean,
): Promise<string | undefined> {
  if (typeof arg === 'string' && arg) return arg;
  // From a connection's root (its context menu): that connection's account.
  if (typeof arg === 'object' && arg !== null && 'connection' in arg && typeof arg.connection === 'string') {
    const account = registry.get(arg.connection)?.config.account;
    if (account) return account;
  }
  const accounts = knownAccounts(credentials, registry);
  if (accounts.length === 1 && !allowNew) return accounts[0];
  const NEW = Symbol('new');
  const items: Array<vscode.QuickPickItem & { account: string | typeof NEW }> = await Promise.all(
    accounts.map(async (account) => {
      const resolved = await credentials.resolve(account);
      const description = !resolved
        ? vscode.l10n.t('no credentials')
        : resolved.source === 'environment'
          ? vscode.l10n.t('from the environment')
          : resolved.credentials.kind === 'token'
            ? vscode.l10n.t('IAM token')
            : vscode.l10n.t('AK/SK');
      return { label: escapeIcons(account), description, account };
    }),
  );
  if (allowNew) items.push({ label: `$(add) ${vscode.l10n.t('New account…')}`, account: NEW });
  const picked = await pick(items, { title, placeHolder: vscode.l10n.t('Pick an account'), ignoreFocusOut: true });
  if (!picked) return undefined;
  return picked.account === NEW ? askAccountName(accounts) : picked.account;
}

/** Asks for AK, SK and an optional security token and stores them for the account; false when cancelled. */
export async function askAkSk(credentials: CredentialStore, account: string): Promise<boolean> {
  const title = (step: number): string =>
    account === DEFAULT_ACCOUNT ? vscode.l10n.t('SDRS credentials ({0}/3)', step) : vscode.l10n.t('SDRS credentials for "{0}" ({1}/3)', account, step);
  const accessKey = await ask({ title: title(1), prompt: vscode.l10n.t('Access key ID (AK)') }, checkAccessKey);
  if (!accessKey || checkAccessKey(accessKey)) return false;
  const secretKey = await ask({ title: title(2), prompt: vscode.l10n.t('Secret access key (SK)'), password: true }, checkSecretKey);
  if (!secretKey || checkSecretKey(secretKey)) return false;
  const securityToken = await ask(
    { title: title(3), prompt: vscode.l10n.t('Security token, for temporary credentials only; leave empty otherwise'), password: true },
    checkToken,
  );
  if (securityToken === undefined || (securityToken && checkToken(securityToken))) return false;
  await credentials.store({ kind: 'aksk', accessKey, secretKey, securityToken: securityToken || undefined }, account);
  vscode.window.setStatusBarMessage(vscode.l10n.t('SDRS credentials saved in SecretStorage'), 3000);
  return true;
}

export function registerCredentialCommands({ credentials, registry }: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('sdrsDrills.setCredentials', async (arg?: unknown) => {
      const account = await pickAccount(credentials, registry, arg, vscode.l10n.t('Set Credentials'), false);
      if (account) await askAkSk(credentials, account);
    }),
    vscode.commands.registerCommand('sdrsDrills.useIamToken', async (arg?: unknown) => {
      const account = await pickAccount(credentials, registry, arg, vscode.l10n.t('Use IAM token'), false);
      if (!account) return;
      const token = await ask(
        {
          title: vscode.l10n.t('Use IAM token'),
          prompt: vscode.l10n.t('IAM token (the X-Subject-Token of an IAM token request; valid 24 hours)'),
          password: true,
        },
        checkToken,
      );
      if (!token || checkToken(token)) return;
      await credentials.store({ kind: 'token', token }, account);
      vscode.window.setStatusBarMessage(vscode.l10n.t('SDRS IAM token saved in SecretStorage'), 3000);
    }),
    vscode.commands.registerCommand('sdrsDrills.clearCredentials', async (arg?: unknown) => {
      const account = await pickAccount(credentials, registry, arg, vscode.l10n.t('Clear Credentials'), false);
      if (!account) return;
      await credentials.clear(account);
      vscode.window.setStatusBarMessage(vscode.l10n.t('SDRS credentials removed from SecretStorage'), 3000);
    }),
  ];
}
