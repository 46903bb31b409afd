// Every quick pick and input box the extension shows, built on createQuickPick/createInputBox so that each is known to
// be on screen: `onDidShowPrompt` announces it once the workbench has been told to show it with its items (a test
// answers a prompt when it is shown, never after waiting a while), and the plain prompts share one set of defaults.
import * as vscode from 'vscode';

export interface ShownPrompt {
  readonly kind: 'quickPick' | 'inputBox';
  readonly title?: string;
}

/** Made on first use, not when the module loads: loading the bundle must not need a live `vscode` API. */
let shown: vscode.EventEmitter<ShownPrompt> | undefined;
const emitter = (): vscode.EventEmitter<ShownPrompt> => (shown ??= new vscode.EventEmitter<ShownPrompt>());
/** Fired after a prompt's show(): the workbench gets its whole state (items included) before any later command. */
export const onDidShowPrompt: vscode.Event<ShownPrompt> = (listener, thisArgs, disposables) => emitter().event(listener, thisArgs, disposables);

/** Shows a quick pick or input box the caller built, and announces it. */
export function showPrompt<T extends vscode.QuickPickItem>(input: vscode.QuickPick<T> | vscode.InputBox): void {
  input.show();
  emitter().fire({ kind: 'items' in input ? 'quickPick' : 'inputBox', title: input.title });
}

export interface PickOptions {
  title?: string;
  placeHolder?: string;
  matchOnDescription?: boolean;
  matchOnDetail?: boolean;
  /** Default true: a prompt that closes when the user clicks elsewhere loses what they typed. */
  ignoreFocusOut?: boolean;
}

/** One item from a list, or undefined when the user pressed Escape. */
export function pick<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions = {}): Promise<T | undefined> {
  const qp = vscode.window.createQuickPick<T>();
  qp.title = options.title;
  qp.placeholder = options.placeHolder;
  qp.matchOnDescription = options.matchOnDescription ?? false;
  qp.matchOnDetail = options.matchOnDetail ?? false;
  qp.ignoreFocusOut = options.ignoreFocusOut ?? true;
  qp.items = items;
  return runPrompt<T, T>(qp, (finish) => {
    const [item] = qp.selectedItems.length ? qp.selectedItems : qp.activeItems;
    if (item) finish(item);
  });
}

/**
 * Shows `input` and resolves once: with what `onAccept` passes to `finish` (it may decline, e.g. on an invalid value),
 * or undefined when the prompt is hidden (Escape, focus elsewhere). The prompt is disposed either way.
 */
function runPrompt<R, T extends vscode.QuickPickItem>(
  input: vscode.QuickPick<T> | vscode.InputBox,
  onAccept: (finish: (value: R) => void) => unknown,
): Promise<R | undefined> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (value: R | undefined): void => {
      if (done) return;
      done = true;
      for (const s of subscriptions) s.dispose();
      input.dispose();
      resolve(value);
    };
    const subscriptions = [input.onDidAccept(() => void onAccept(finish)), input.onDidHide(() => finish(undefined))];
    showPrompt(input);
  });
}

/** The message an input's validator returned, if it blocks accepting (an error; information and warnings do not). */
function blocking(message: string | vscode.InputBoxValidationMessage | undefined | null): boolean {
  if (!message) return false;
  return typeof message === 'string' || message.severity === vscode.InputBoxValidationSeverity.Error;
}

/** A line of text, checked as it is typed and again on Enter; undefined when the user pressed Escape. */
export function ask(options: vscode.InputBoxOptions): Promise<string | undefined> {
  const box = vscode.window.createInputBox();
  box.title = options.title;
  box.prompt = options.prompt;
  box.placeholder = options.placeHolder;
  box.value = options.value ?? '';
  box.valueSelection = options.valueSelection;
  box.password = options.password ?? false;
  box.ignoreFocusOut = options.ignoreFocusOut ?? true;
  const validate = async (value: string): Promise<string | vscode.InputBoxValidationMessage | undefined | null> =>
    options.validateInput ? await options.validateInput(value) : undefined;
  let checked = 0;
  const check = async (value: string): Promise<boolean> => {
    const ticket = ++checked;
    const message = await validate(value);
    // An older check finishing late must not overwrite the newer one's verdict.
    if (ticket === checked) box.validationMessage = message ?? undefined;
    return !blocking(message);
  };
  const changes = box.onDidChangeValue((value) => void check(value));
  if (box.value) void check(box.value);
  return runPrompt<string, vscode.QuickPickItem>(box, async (finish) => {
    const value = box.value;
    box.busy = true;
    const ok = await check(value);
    box.busy = false;
    if (ok && value === box.value) finish(value);
  }).finally(() => changes.dispose());
}
