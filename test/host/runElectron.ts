// `npm run test:electron`: the same integration suite in desktop VS Code, for machines that have it or can download it.
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { REPO_ROOT } from './tools';

async function main(): Promise<void> {
  // Use an installed VS Code when given (e.g. VSCODE_EXECUTABLE=/usr/bin/code), else let test-electron download one.
  const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE || undefined;
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'integration', 'index.js'),
    launchArgs: ['--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { SDRS_IN_TEST_HOST: '1' },
  });
}

main().catch((e: unknown) => {
  console.error(`Integration tests failed: ${(e as Error).message ?? String(e)}`);
  process.exit(1);
});
