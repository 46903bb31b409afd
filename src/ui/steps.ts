// The one runner for multi-step prompts: numbers the steps on the current path, goes Back to the last step that asked,
// keeps every answer (and what each prompt held) when the user goes back and forward, and ends on Esc with nothing done.
// It shows nothing itself (prompts.ts's askStep/pickStep do), so it runs under plain mocha.

/** Where a step stands, handed to its prompt; the prompt reports back through `shown` and `left`. */
export interface StepPlace {
  /** 1-based, among the steps on the current path. */
  readonly step: number;
  /** The steps on the current path: later answers may add or drop some (a branch), so this may change. */
  readonly totalSteps: number;
  /** True when an earlier step asked something: only then is there a step to go back to. */
  readonly canGoBack: boolean;
  /** The text the prompt held when the user last left this step, to show again; undefined the first time. */
  readonly draft?: string;
  /** The prompt is on screen (a step that never calls this was answered without asking, and Back passes over it). */
  shown(): void;
  /** The prompt closes (Enter or Back) holding `text`. */
  left(text: string): void;
}

export interface Step<S> {
  /** Skipped, and not counted, while this is false for the answers so far. */
  when?(state: S): boolean;
  /**
   * Asks (or decides without asking) and resolves with the state that includes the answer, or undefined to end the
   * flow (as Esc does). Its prompt throws `LeftStep` on Back and Esc.
   */
  run(place: StepPlace, state: S): Promise<S | undefined>;
}

/** Thrown by a step's prompt when the user pressed Back or closed it (Esc, focus elsewhere); only the runner catches it. */
export class LeftStep extends Error {
  constructor(readonly how: 'back' | 'cancel') {
    super(`step left: ${how}`);
  }
}

/**
 * Walks `steps` from `initial`; resolves with the final state, or undefined when the user cancelled at any step. The
 * caller acts only on a final state, so a cancelled flow changes nothing.
 */
export async function runSteps<S>(steps: readonly Step<S>[], initial: S): Promise<S | undefined> {
  let state = initial;
  /** The steps that showed a prompt, in order: Back returns to the last of them. */
  const asked: number[] = [];
  const drafts = new Map<number, string>();
  const onPath = (i: number): boolean => steps[i].when?.(state) ?? true;
  for (let i = 0; i < steps.length;) {
    if (!onPath(i)) {
      i++;
      continue;
    }
    const path = steps.map((_, j) => j).filter(onPath);
    let shown = false;
    const at = i;
    const place: StepPlace = {
      step: path.indexOf(at) + 1,
      totalSteps: path.length,
      canGoBack: asked.length > 0,
      draft: drafts.get(at),
      shown: () => (shown = true),
      left: (text) => drafts.set(at, text),
    };
    try {
      const next = await steps[at].run(place, state);
      if (next === undefined) return undefined;
      // Later steps' answers stay in the state when the user goes back, so they show again on the way forward.
      state = next;
      if (shown) asked.push(at);
      i++;
    } catch (e) {
      if (!(e instanceof LeftStep)) throw e;
      if (e.how === 'cancel') return undefined;
      i = asked.pop() ?? at;
    }
  }
  return state;
}
