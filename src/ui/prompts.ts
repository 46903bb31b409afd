// Every quick pick and input box the extension shows, built on createQuickPick/createInputBox so that each is known to
// be on screen: `onDidShowPrompt` announces it once the workbench has been told to show it with its items (a test
// answers a prompt when it is shown, never after waiting a while), and the plain prompts share one set of defaults.
import * as vscode from 'vscode';
import { LeftStep, type StepPlace } from './steps';

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

export interface PickOptions<T> {
  title?: string;
  placeHolder?: string;
  matchOnDescription?: boolean;
  matchOnDetail?: boolean;
  /** Default true: a prompt that closes when the user clicks elsewhere loses what they typed. */
  ignoreFocusOut?: boolean;
  /** Items made from the typed text (e.g. "Use this ID"), listed first; made again on every change. */
  typed?: (text: string) => T[];
  /** The item to highlight at first, e.g. the current answer. */
  active?: (item: T) => boolean;
  /** False for an item Enter must not take (e.g. a typed ID shown with why it is not valid); the prompt stays open. */
  accepts?: (item: T) => boolean;
}

/** How a prompt closed: Enter with a value, the Back button, or hidden (Escape, focus elsewhere). */
type Outcome<R> = { value: R } | 'back' | 'hide';

/** A quick pick built from `options`, resolving as `runPrompt` does with the item taken. */
function showPick<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions<T>, place?: StepPlace): Promise<Outcome<T>> {
  const qp = vscode.window.createQuickPick<T>();
  qp.title = options.title;
  qp.placeholder = options.placeHolder;
  qp.matchOnDescription = options.matchOnDescription ?? false;
  qp.matchOnDetail = options.matchOnDetail ?? false;
  qp.ignoreFocusOut = options.ignoreFocusOut ?? true;
  const list = (text: string): T[] => [...(options.typed?.(text) ?? []), ...items];
  // Coming back to a step: the text it held, with the items made from it.
  if (place?.draft) qp.value = place.draft;
  qp.items = list(place?.draft ?? '');
  const active = options.active && qp.items.find(options.active);
  if (active) qp.activeItems = [active];
  const changes = options.typed && qp.onDidChangeValue((text) => (qp.items = list(text)));
  return runPrompt<T, T>(
    qp,
    (finish) => {
      const [item] = qp.selectedItems.length ? qp.selectedItems : qp.activeItems;
      if (item && (options.accepts?.(item) ?? true)) finish(item);
    },
    place,
  ).finally(() => changes?.dispose());
}

/** One item from a list, or undefined when the user pressed Escape. */
export async function pick<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions<T> = {}): Promise<T | undefined> {
  const outcome = await showPick(items, options);
  return typeof outcome === 'object' ? outcome.value : undefined;
}

/** `pick` as a step of `runSteps`: numbered, with Back; Back and Escape leave the step (see LeftStep). */
export async function pickStep<T extends vscode.QuickPickItem>(place: StepPlace, items: readonly T[], options: PickOptions<T> = {}): Promise<T> {
  return settled(await showPick(items, options, place));
}

/** The value of a step's outcome; Back and hiding leave the step. */
function settled<R>(outcome: Outcome<R>): R {
  if (outcome === 'back') throw new LeftStep('back');
  if (outcome === 'hide') throw new LeftStep('cancel');
  return outcome.value;
}

/**
 * Shows `input` and resolves once: with what `onAccept` passes to `finish` (it may decline, e.g. on an invalid value),
 * 'back' when its Back button is pressed, or 'hide' when it is hidden (Escape, focus elsewhere). The prompt is disposed
 * either way. As a step (`place`), it is numbered, has Back when there is a step to go back to, and reports its text.
 */
function runPrompt<R, T extends vscode.QuickPickItem>(
  input: vscode.QuickPick<T> | vscode.InputBox,
  onAccept: (finish: (value: R) => void) => unknown,
  place?: StepPlace,
): Promise<Outcome<R>> {
  if (place) {
    input.step = place.step;
    input.totalSteps = place.totalSteps;
    input.buttons = place.canGoBack ? [vscode.QuickInputButtons.Back] : [];
  }
  return new Promise((resolve) => {
    let done = false;
    const finish = (outcome: Outcome<R>): void => {
      if (done) return;
      done = true;
      for (const s of subscriptions) s.dispose();
      if (outcome !== 'hide') place?.left(input.value);
      input.dispose();
      resolve(outcome);
    };
    const subscriptions = [
      input.onDidAccept(() => void onAccept((value) => finish({ value }))),
      input.onDidTriggerButton((button) => button === vscode.QuickInputButtons.Back && finish('back')),
      input.onDidHide(() => finish('hide')),
    ];
    showPrompt(input);
    place?.shown();
  });
}

/** The message an input's validator returned, if it blocks accepting (an error; information and warnings do not). */
function blocking(message: string | vscode.InputBoxValidationMessage | undefined | null): boolean {
  if (!message) return false;
  return typeof message === 'string' || message.severity === vscode.InputBoxValidationSeverity.Error;
}

/** An input box built from `options`, checked as it is typed and again on Enter, resolving as `runPrompt` does. */
function showBox(options: vscode.InputBoxOptions, place?: StepPlace): Promise<Outcome<string>> {
  const box = vscode.window.createInputBox();
  box.title = options.title;
  box.prompt = options.prompt;
  box.placeholder = options.placeHolder;
  box.value = place?.draft ?? options.value ?? '';
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
  return runPrompt<string, vscode.QuickPickItem>(
    box,
    async (finish) => {
      const value = box.value;
      box.busy = true;
      const ok = await check(value);
      box.busy = false;
      if (ok && value === box.value) finish(value);
    },
    place,
  ).finally(() => changes.dispose());
}

/** A line of text, checked as it is typed and again on Enter; undefined when the user pressed Escape. */
export async function ask(options: vscode.InputBoxOptions): Promise<string | undefined> {
  const outcome = await showBox(options);
  return typeof outcome === 'object' ? outcome.value : undefined;
}

/** `ask` as a step of `runSteps`: numbered, with Back, showing again what it held; Back and Escape leave the step. */
export async function askStep(place: StepPlace, options: vscode.InputBoxOptions): Promise<string> {
  return settled(await showBox(options, place));
}
