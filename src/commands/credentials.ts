// Set Credentials (AK/SK, optional security token), Use IAM Token, Clear Credentials: SecretStorage only.
import * as vscode from 'vscode';
import { checkAccessKey, checkSecretKey, checkToken } from '../config/credentials';
import type { Services } from '../services';

async function ask(options: vscode.InputBoxOptions, check?: (v: string) => string | undefined): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    ignoreFocusOut: true,
    validateInput: check ? (v) => (v.trim() ? check(v) : undefined) : undefined,
    ...options,
  });
  return value === undefined ? undefined : value.trim();
}

export function registerCredentialCommands({ credentials }: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('sdrsDrills.setCredentials', async () => {
      const accessKey = await ask({ title: vscode.l10n.t('SDRS credentials (1/3)'), prompt: vscode.l10n.t('Access key ID (AK)') }, checkAccessKey);
      if (!accessKey || checkAccessKey(accessKey)) return;
      const secretKey = await ask({ title: vscode.l10n.t('SDRS credentials (2/3)'), prompt: vscode.l10n.t('Secret access key (SK)'), password: true }, checkSecretKey);
      if (!secretKey || checkSecretKey(secretKey)) return;
      const securityToken = await ask(
        {
          title: vscode.l10n.t('SDRS credentials (3/3)'),
          prompt: vscode.l10n.t('Security token, for temporary credentials only; leave empty otherwise'),
          password: true,
        },
        checkToken,
      );
      if (securityToken === undefined || (securityToken && checkToken(securityToken))) return;
      await credentials.store({ kind: 'aksk', accessKey, secretKey, securityToken: securityToken || undefined });
      vscode.window.setStatusBarMessage(vscode.l10n.t('SDRS credentials saved in SecretStorage'), 3000);
    }),
    vscode.commands.registerCommand('sdrsDrills.useIamToken', async () => {
      const token = await ask({ title: vscode.l10n.t('Use IAM token'), prompt: vscode.l10n.t('IAM token (the X-Subject-Token of an IAM token request; valid 24 hours)'), password: true }, checkToken);
      if (!token || checkToken(token)) return;
      await credentials.store({ kind: 'token', token });
      vscode.window.setStatusBarMessage(vscode.l10n.t('SDRS IAM token saved in SecretStorage'), 3000);
    }),
    vscode.commands.registerCommand('sdrsDrills.clearCredentials', async () => {
      await credentials.clear();
      vscode.window.setStatusBarMessage(vscode.l10n.t('SDRS credentials removed from SecretStorage'), 3000);
    }),
  ];
}
