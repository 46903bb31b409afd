// `npm run test:package`: builds the .vsix, checks its size, installs it into code-server and runs the smoke suite against the installed copy.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runSuite } from './runIntegration';
import { REPO_ROOT } from './tools';

const VSIX_LIMIT = 150 * 1024;
const BUNDLE_LIMIT = 200 * 1024;

async function main(): Promise<number> {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = path.join(REPO_ROOT, `${pkg.name}-${pkg.version}.vsix`);
  fs.rmSync(vsix, { force: true });
  // vsce runs `vscode:prepublish` (the production build) through npm first. vsce is called
  // directly and npm's logs go to a temp dir, so nothing lands under $HOME.
  const npmLogs = fs.mkdtempSync(path.join(os.tmpdir(), 'sdrs-npm-logs-'));
  try {
    execFileSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', vsix], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, npm_config_logs_dir: npmLogs },
    });
  } finally {
    fs.rmSync(npmLogs, { recursive: true, force: true });
  }
  const vsixSize = fs.statSync(vsix).size;
  const bundleSize = fs.statSync(path.join(REPO_ROOT, 'dist', 'extension.js')).size;
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
  console.log(`[package] ${path.basename(vsix)}: ${kb(vsixSize)} (limit ${kb(VSIX_LIMIT)}); dist/extension.js: ${kb(bundleSize)} (limit ${kb(BUNDLE_LIMIT)})`);
  if (vsixSize > VSIX_LIMIT || bundleSize > BUNDLE_LIMIT) {
    console.error('[package] FAILED: over the size limit');
    return 1;
  }
  // Without a development path the tests never start, so point it at an empty folder: the extension
  // under test is then only the installed copy.
  const emptyDev = fs.mkdtempSync(path.join(os.tmpdir(), 'sdrs-empty-ext-'));
  try {
    return await runSuite({
      extensionDevelopmentPath: emptyDev,
      extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'integration', 'index.js'),
      extensionEnvironment: { SDRS_TEST_FILES: 'smoke', SDRS_EXPECT_INSTALLED: '1' },
      beforeOpen: (server) => server.cli(['--install-extension', vsix]),
    });
  } finally {
    fs.rmSync(emptyDev, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`[package] FAILED: ${(e as Error).stack ?? String(e)}`);
    process.exit(1);
  },
);
