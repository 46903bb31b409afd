// `npm run test:host`: runs the integration suite inside a real VS Code extension host (code-server).
import * as path from 'node:path';
import { openWorkbench, startCodeServer } from './codeServer';
import { REPO_ROOT } from './tools';

const SUITE_TIMEOUT_MS = Number(process.env.SDRS_SUITE_TIMEOUT_MS ?? 5 * 60_000);

export interface SuiteRun {
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  extensionEnvironment?: Record<string, string>;
  settings?: Record<string, unknown>;
  /** Prepare the server before the workbench opens (e.g. install a .vsix). */
  beforeOpen?: (server: Awaited<ReturnType<typeof startCodeServer>>) => Promise<void>;
}

/** Runs one mocha entry in the extension host; resolves with its exit code, never hangs. */
export async function runSuite(run: SuiteRun): Promise<number> {
  const started = Date.now();
  const server = await startCodeServer({ settings: run.settings, verbose: process.env.SDRS_HOST_VERBOSE === '1' });
  let workbench: Awaited<ReturnType<typeof openWorkbench>> | undefined;
  let timer: NodeJS.Timeout | undefined;
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
      timer = setTimeout(
        () => reject(new Error(`the extension host never reported a result within ${SUITE_TIMEOUT_MS / 1000} s`)),
        SUITE_TIMEOUT_MS,
      );
    });
    const result = await Promise.race([workbench.exit, timeout]);
    process.stdout.write(`[host] suite finished with exit code ${result.code} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return result.code;
  } catch (e) {
    process.stderr.write(`[host] FAILED: ${(e as Error).message}\n`);
    if (workbench) {
      process.stderr.write('[host] last workbench console lines:\n' + workbench.consoleLines.slice(-40).join('\n') + '\n');
    }
    return 1;
  } finally {
    clearTimeout(timer);
    await workbench?.close().catch(() => undefined);
    await server.stop();
  }
}

/** Lines the in-host suite prints with this prefix are its mocha report. */
export const REPORT_PREFIX = '[sdrs-test] ';

if (require.main === module) {
  runSuite({
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'integration', 'index.js'),
  }).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`[host] FAILED: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
}
