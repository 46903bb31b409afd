// Set Credentials (AK/SK, optional security token), Use IAM Token, Clear Credentials, per account: SecretStorage only.
import * as vscode from 'vscode';
import { ask as askLine, askStep, pick } from '../ui/prompts';
import { runSteps, type Step, type StepPlace } from '../ui/steps';
import type { SdrsCredentials } from '../sdrs/transport';
import { DEFAULT_ACCOUNT } from '../config/connections';
import type { CredentialStore } from '../config/credentials';
import { checkAccessKey, checkAccountName, checkSecretKey, checkToken } from '../ui/validationText';
import { escapeIcons } from '../ui/text';
import type { Services } from '../services';
import type { ConnectionRegistry } from '../model/connectionRegistry';
import { COMMANDS } from './commandIds';
import { say, showStatus } from '../ui/say';

/** A credential prompt's options: checked as typed once something is typed. */
function lineOptions(options: vscode.InputBoxOptions, check?: (v: string) => string | undefined): vscode.InputBoxOptions {
  return { ignoreFocusOut: true, validateInput: check ? (v) => (v.trim() ? check(v) : undefined) : undefined, ...options };
}

async function ask(options: vscode.InputBoxOptions, check?: (v: string) => string | undefined): Promise<string | undefined> {
  return (await askLine(lineOptions(options, check)))?.trim();
}

const askInStep = async (place: StepPlace, options: vscode.InputBoxOptions, check?: (v: string) => string | undefined): Promise<string> =>
  (await askStep(place, lineOptions(options, check))).trim();

/** Every account a user has: created here, or named by a connection. */
export function knownAccounts(credentials: CredentialStore, registry: ConnectionRegistry): string[] {
  return [...new Set([...credentials.accounts(), ...registry.connections.map((e) => e.config.account)])];
}

/** The "New account…" item's choice. */
export const NEW_ACCOUNT = Symbol('new account');
export type AccountItem = vscode.QuickPickItem & { account: string | typeof NEW_ACCOUNT };

/** The accounts to pick from, each saying where its credentials come from; "New account…" last when `allowNew`. */
export async function accountItems(credentials: CredentialStore, accounts: readonly string[], allowNew: boolean): Promise<AccountItem[]> {
  const items: AccountItem[] = await Promise.all(
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
  if (allowNew) items.push({ label: `$(add) ${vscode.l10n.t('New account…')}`, account: NEW_ACCOUNT });
  return items;
}

/** The step that names a new account; undefined (ending the flow) when left empty. */
export async function askAccountName(place: StepPlace, existing: readonly string[]): Promise<string | undefined> {
  const name = await askInStep(
    place,
    { title: vscode.l10n.t('New account'), prompt: vscode.l10n.t('A name for these credentials, e.g. prod or partner-a') },
    (v) => (existing.includes(v.trim()) ? vscode.l10n.t('An account named "{0}" exists already.', v.trim()) : checkAccountName(v)),
  );
  return name && !checkAccountName(name) && !existing.includes(name) ? name : undefined;
}

/** The account a credential command is about: the one given, the only one, or one the user picks. */
export async function pickAccount(credentials: CredentialStore, registry: ConnectionRegistry, arg: unknown, title: string): Promise<string | undefined> {
  if (typeof arg === 'string' && arg) return arg;
  // From a connection's root (its context menu): that connection's account.
  if (typeof arg === 'object' && arg !== null && 'connection' in arg && typeof arg.connection === 'string') {
    const account = registry.get(arg.connection)?.config.account;
    if (account) return account;
  }
  const accounts = knownAccounts(credentials, registry);
  if (accounts.length === 1) return accounts[0];
  const picked = await pick(await accountItems(credentials, accounts, false), { title, placeHolder: vscode.l10n.t('Pick an account'), ignoreFocusOut: true });
  return typeof picked?.account === 'string' ? picked.account : undefined;
}

/** The answers of the AK → SK → security token steps. */
export interface KeyAnswers {
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
}

/** The AK → SK → security token steps for the account `account` names; `when` puts them on a branch of a longer flow. */
export function keySteps<S extends KeyAnswers>(account: (state: S) => string, when?: (state: S) => boolean): Step<S>[] {
  const title = (state: S): string => {
    const name = account(state);
    return name === DEFAULT_ACCOUNT ? vscode.l10n.t('SDRS credentials') : vscode.l10n.t('SDRS credentials for "{0}"', name);
  };
  return [
    {
      when,
      run: async (place, state) => {
        const accessKey = await askInStep(place, { title: title(state), prompt: vscode.l10n.t('Access key ID (AK)') }, checkAccessKey);
        return accessKey && !checkAccessKey(accessKey) ? { ...state, accessKey } : undefined;
      },
    },
    {
      when,
      run: async (place, state) => {
        const secretKey = await askInStep(place, { title: title(state), prompt: vscode.l10n.t('Secret access key (SK)'), password: true }, checkSecretKey);
        return secretKey && !checkSecretKey(secretKey) ? { ...state, secretKey } : undefined;
      },
    },
    {
      when,
      run: async (place, state) => {
        const securityToken = await askInStep(
          place,
          { title: title(state), prompt: vscode.l10n.t('Security token, for temporary credentials only; leave empty otherwise'), password: true },
          checkToken,
        );
        return securityToken && checkToken(securityToken) ? undefined : { ...state, securityToken };
      },
    },
  ];
}

/** The credentials the key steps asked for. */
export function keysOf({ accessKey = '', secretKey = '', securityToken }: KeyAnswers): SdrsCredentials {
  return { kind: 'aksk', accessKey, secretKey, securityToken: securityToken || undefined };
}

/** Stores what the key steps asked for as the account's credentials, and says so. */
export async function storeKeys(credentials: CredentialStore, account: string, answers: KeyAnswers): Promise<void> {
  await credentials.store(keysOf(answers), account);
  showStatus(say('SDRS credentials saved in SecretStorage'), 3000);
}

export function registerCredentialCommands({ credentials, registry }: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.setCredentials, async (arg?: unknown) => {
      const account = await pickAccount(credentials, registry, arg, vscode.l10n.t('Set Credentials'));
      if (!account) return;
      const answers = await runSteps(
        keySteps<KeyAnswers>(() => account),
        {},
      );
      if (answers) await storeKeys(credentials, account, answers);
    }),
    vscode.commands.registerCommand(COMMANDS.useIamToken, async (arg?: unknown) => {
      const account = await pickAccount(credentials, registry, arg, vscode.l10n.t('Use IAM token'));
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
      showStatus(say('SDRS IAM token saved in SecretStorage'), 3000);
    }),
    vscode.commands.registerCommand(COMMANDS.clearCredentials, async (arg?: unknown) => {
      const account = await pickAccount(credentials, registry, arg, vscode.l10n.t('Clear Credentials'));
      if (!account) return;
      await credentials.clear(account);
      showStatus(say('SDRS credentials removed from SecretStorage'), 3000);
    }),
  ];
}
