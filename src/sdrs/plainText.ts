// Outside text (from SDRS, IAM, a gateway or the user) as one inert line for places that render syntax: notifications
// turn `[label](command:…)` into a live link and the status bar draws `$(name)` as an icon. Free of vscode.
import { clip, oneLine } from './errors';

/**
 * One line, at most `max` characters, with a zero-width space between `]` and `(` and between `$` and `(`: the link
 * and icon syntax is broken without changing what a person reads, and applying it twice changes nothing more.
 */
export function plainLine(text: unknown, max: number): string {
  const line = clip(oneLine(typeof text === 'string' ? text : String(text ?? '')), max);
  return line.replace(/\]\s*\(/g, ']\u200b(').replace(/\$\(/g, '$\u200b(');
}
