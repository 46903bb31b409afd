// Why a typed value is refused, in the display language, for every prompt that asks for it: one wording each.
import * as vscode from 'vscode';
import { ACCOUNT_NAME } from '../config/connections';
import { checkDrillName, PROJECT_ID } from '../sdrs/validation';

/** Why a name is refused, in the display language; undefined when SDRS takes it. */
export function drillNameProblem(name: string): string | undefined {
  const problem = checkDrillName(name);
  // The problem states the rule it broke (the characters, the length, empty), so the rule is said once, unnested.
  return problem && vscode.l10n.t('Not a valid drill name: it {0}.', problem);
}

/** Why a project ID is refused (32 hexadecimal characters), or undefined. */
export function checkProjectId(value: string): string | undefined {
  return PROJECT_ID.test(value.trim()) ? undefined : vscode.l10n.t('A project ID is 32 hexadecimal characters (0-9, a-f).');
}

/** Why an account name is refused, or undefined. */
export function checkAccountName(value: string): string | undefined {
  return ACCOUNT_NAME.test(value.trim())
    ? undefined
    : vscode.l10n.t('An account name is 1–32 letters, digits, ".", "_" or "-", starting with a letter or digit.');
}

/** Why an access key is not plausible, or undefined. AKs are 20 upper-case letters and digits; allow some slack. */
export function checkAccessKey(value: string): string | undefined {
  return /^[A-Za-z0-9]{10,128}$/.test(value.trim()) ? undefined : vscode.l10n.t('An access key (AK) is 10–128 letters and digits, without spaces.');
}

/** Why a secret key is refused, or undefined. */
export function checkSecretKey(value: string): string | undefined {
  return /^\S{10,256}$/.test(value.trim()) ? undefined : vscode.l10n.t('A secret key (SK) is 10–256 characters without spaces.');
}

/** Why an IAM or security token is refused, or undefined. */
export function checkToken(value: string): string | undefined {
  return /^\S{20,}$/.test(value.trim()) ? undefined : vscode.l10n.t('A token is at least 20 characters without spaces.');
}
