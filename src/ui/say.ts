// Every notification, status-bar text and progress line the extension shows goes through here. VS Code renders
// `[label](command:…)` in a notification as a live link and `$(name)` in the status bar as an icon, so text from SDRS,
// IAM or the user is made inert before it is shown: one line, bounded, with no link or icon syntax left. `Said` marks
// text that went through `say` or `inert`; the wrappers take nothing else, and lint keeps the raw calls out of src/.
import * as vscode from 'vscode';
import { plainLine } from '../sdrs/plainText';

declare const SAID: unique symbol;
/** Text fit to show: our own wording, with any outside text in it made inert. */
export type Said = string & { readonly [SAID]: true };

export interface SaidMessage {
  readonly kind: 'error' | 'warning' | 'modal' | 'info' | 'status';
  readonly message: string;
  readonly detail?: string;
}

/** Made on first use, not when the module loads: loading the bundle must not need a live `vscode` API. */
let said: vscode.EventEmitter<SaidMessage> | undefined;
const emitter = (): vscode.EventEmitter<SaidMessage> => (said ??= new vscode.EventEmitter<SaidMessage>());
/** Fired with every message shown through here, so the suite can check what a person would read. */
export const onDidSay: vscode.Event<SaidMessage> = (listener, thisArgs, disposables) => emitter().event(listener, thisArgs, disposables);
const announce = (kind: SaidMessage['kind'], message: Said, detail?: Said): void => emitter().fire({ kind, message, detail });

/** The longest piece of outside text one message carries. */
const MAX_PIECE = 500;

/** Outside text as plain text: one line, bounded, no link or icon syntax (see plainLine). */
export function inert(text: unknown, max = MAX_PIECE): Said {
  return plainLine(text, max) as Said;
}

/** A message of ours, localized, each argument made inert (numbers are shown as they are). */
export function say(message: string, ...args: Array<string | number>): Said {
  return inert(vscode.l10n.t(message, ...args.map((a) => (typeof a === 'number' ? a : inert(a)))), Number.MAX_SAFE_INTEGER);
}

export function showError<T extends string>(message: Said, ...items: T[]): Thenable<T | undefined> {
  announce('error', message);
  // eslint-disable-next-line no-restricted-syntax -- the one place the raw call is made
  return vscode.window.showErrorMessage(message, ...items);
}

export function showWarning<T extends string>(message: Said, ...items: T[]): Thenable<T | undefined> {
  announce('warning', message);
  // eslint-disable-next-line no-restricted-syntax -- the one place the raw call is made
  return vscode.window.showWarningMessage(message, ...items);
}

/** A modal question: its detail carries outside text too. */
export function askModal<T extends string>(message: Said, detail: Said, ...items: T[]): Thenable<T | undefined> {
  announce('modal', message, detail);
  // eslint-disable-next-line no-restricted-syntax -- the one place the raw call is made
  return vscode.window.showWarningMessage(message, { modal: true, detail }, ...items);
}

export function showInfo<T extends string>(message: Said, ...items: T[]): Thenable<T | undefined> {
  announce('info', message);
  // eslint-disable-next-line no-restricted-syntax -- the one place the raw call is made
  return vscode.window.showInformationMessage(message, ...items);
}

/** A short confirmation in the status bar. */
export function showStatus(message: Said, ms = 3000): vscode.Disposable {
  announce('status', message);
  // eslint-disable-next-line no-restricted-syntax -- the one place the raw call is made
  return vscode.window.setStatusBarMessage(message, ms);
}
