// `npm run test:host`: runs the integration suite inside a real VS Code extension host (code-server).
import * as os from 'node:os';
import * as path from 'node:path';
import { navigatorReads } from './bundleCheck';
import { openWorkbench, startCodeServer } from './codeServer';
import { migrationErrors, newLeftovers, tempLeftovers, TempDirUse } from './leftovers';
import { REPO_ROOT } from './tools';

/** The whole suite takes about 2 min on a quiet 2-core machine; the watchdog leaves room for one three times as busy and more. */
const SUITE_TIMEOUT_MS = Number(process.env.SDRS_SUITE_TIMEOUT_MS ?? 20 * 60_000);

export interface SuiteRun {
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  extensionEnvironment?: Record<string, string>;
  settings?: Record<string, unknown>;
  /** Prepare the server before the workbench opens (e.g. install a .vsix). */
  beforeOpen?: (server: Awaited<ReturnType<typeof startCodeServer>>) => Promise<void>;
}

/**
 * Runs one mocha entry in the extension host; resolves with its exit code, never hangs. The run also fails when the
 * extension host logged a `PendingMigrationError` or when it left IPC sockets or caches in os.tmpdir().
 */
export async function runSuite(run: SuiteRun): Promise<number> {
  const started = Date.now();
  const leftoversBefore = tempLeftovers();
  const server = await startCodeServer({ settings: run.settings, verbose: process.env.SDRS_HOST_VERBOSE === '1' });
  const tempUse = new TempDirUse({ processGroup: server.pid });
  let workbench: Awaited<ReturnType<typeof openWorkbench>> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let code = 1;
  let logs: { file: string; contents: string }[] = [];
  try {
    await run.beforeOpen?.(server);
    workbench = await openWorkbench(server, {
      extensionDevelopmentPath: run.extensionDevelopmentPath,
      extensionTestsPath: run.extensionTestsPath,
      extensionEnvironment: { SDRS_IN_TEST_HOST: '1', ...run.extensionEnvironment },
      onConsole: (line) => {
        if (line.startsWith(REPORT_PREFIX)) process.stdout.write(line.slice(REPORT_PREFIX.length) + '\n');
      },
    });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the extension host never reported a result within ${SUITE_TIMEOUT_MS / 1000} s`)), SUITE_TIMEOUT_MS);
    });
    const result = await Promise.race([workbench.exit, timeout]);
    process.stdout.write(`[host] suite finished with exit code ${result.code} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    code = result.code;
    logs = result.logs.map((l) => ({ file: `workbench/${l.relativePath}`, contents: l.contents }));
  } catch (e) {
    process.stderr.write(`[host] FAILED: ${(e as Error).message}\n`);
    if (workbench) {
      process.stderr.write('[host] last workbench console lines:\n' + workbench.consoleLines.slice(-40).join('\n') + '\n');
    }
    code = 1;
  } finally {
    clearTimeout(timer);
    await workbench?.close().catch(() => undefined);
    // The server's logs (the extension host's among them) are removed with it.
    logs.push(...server.readLogs());
    await server.stop();
  }

  const migration = migrationErrors(logs);
  if (migration.length > 0) {
    process.stderr.write(`[host] FAILED: the extension host logged PendingMigrationError (an extension read a retired global):\n${migration.join('\n')}\n`);
    code = 1;
  }
  // What code-server's processes left in the shared temp dir (sockets, caches): they must use their private one.
  const left = tempUse.stop();
  if (left.length > 0) {
    process.stderr.write(`[host] FAILED: code-server's processes left these in ${os.tmpdir()}: ${left.join(', ')}\n`);
    code = 1;
  }
  const others = newLeftovers(leftoversBefore).filter((name) => !left.includes(name));
  if (others.length > 0) {
    process.stdout.write(
      `[host] note: ${others.join(', ')} appeared in ${os.tmpdir()} during the run, not from its processes (another run on this machine?)\n`,
    );
  }
  return code;
}

/** Lines the in-host suite prints with this prefix are its mocha report. */
export const REPORT_PREFIX = '[sdrs-test] ';

/** Fails (returns 1) when the bundle reads `navigator` while loading, which the extension host logs as an error. */
export function checkBundle(bundlePath: string): number {
  const reads = navigatorReads(bundlePath);
  if (reads.length === 0) return 0;
  process.stderr.write(
    `[host] FAILED: ${path.relative(REPO_ROOT, bundlePath)} reads the navigator global (the extension host logs PendingMigrationError):\n${reads.join('\n')}\n`,
  );
  return 1;
}

if (require.main === module) {
  const bundleCode = checkBundle(path.join(REPO_ROOT, 'dist', 'extension.js'));
  runSuite({
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'integration', 'index.js'),
  }).then(
    (code) => process.exit(code || bundleCode),
    (e: unknown) => {
      process.stderr.write(`[host] FAILED: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
}
