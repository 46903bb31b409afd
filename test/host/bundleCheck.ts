// Loads a built bundle in plain Node, as VS Code's extension host would, and reports reads of retired globals.
import { spawnSync } from 'node:child_process';

/**
 * The extension host makes `navigator` a getter that logs `PendingMigrationError`; this child does the same (recording
 * instead of logging), stubs the `vscode` module, loads the bundle and calls `activate` with a stub context.
 */
const PROBE = String.raw`
const Module = require('node:module');
const reads = [];
Object.defineProperty(globalThis, 'navigator', {
  configurable: true,
  get() { reads.push(new Error('navigator read').stack.split('\n').slice(2, 4).join(' | ')); return undefined; },
});
const stub = new Proxy(function () {}, {
  get: (_t, p) => (p === Symbol.toPrimitive ? () => '' : p === 'then' ? undefined : stub),
  apply: () => stub,
  construct: () => stub,
});
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? stub : load.call(this, request, ...rest); };
(async () => {
  const ext = require(process.argv[1]);
  try { await Promise.race([ext.activate?.(stub), new Promise((r) => setTimeout(r, 500))]); } catch { /* the stub is no real host */ }
  process.stdout.write(JSON.stringify(reads));
  process.exit(0);
})();
`;

/** Where the bundle at `bundlePath` reads `navigator` while loading and activating (empty when it never does). */
export function navigatorReads(bundlePath: string): string[] {
  const result = spawnSync(process.execPath, ['-e', PROBE, bundlePath], { encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) throw new Error(`could not load ${bundlePath}: ${result.stderr || result.error?.message}`);
  return JSON.parse(result.stdout) as string[];
}
