// A minimal event emitter with VS Code's shape (event function returning a disposable), for code that must not import vscode.

export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: (value: T) => void) => Disposable;

export class Emitter<T> implements Disposable {
  private listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  };

  fire(value: T): void {
    // A listener that throws must not keep the others from hearing the change.
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch {
        // listeners report their own failures
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
