// `npm run test:package`: builds the .vsix, checks its size, installs it into code-server and runs the smoke suite against the installed copy.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TempDirUse } from './leftovers';
import { checkBundle, runSuite } from './runIntegration';
import { extensionPage, imageTargets, imagesOutsideVsix, readZip } from './vsixReadme';
import { REPO_ROOT } from './tools';

const VSIX_LIMIT = 150 * 1024;
// Guards against pulling in heavy dependencies (the official SDK, axios's multipart and redirect code), not against our
// own features: connections, the listing cache and the drill lifecycle brought the bundle to ~207 KB.
const BUNDLE_LIMIT = 256 * 1024;

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
  // The production bundle must not touch `navigator` either (the extension host logs an error when it does).
  if (checkBundle(path.join(REPO_ROOT, 'dist', 'extension.js')) !== 0) return 1;
  // The README the Extensions view shows comes from the .vsix: its images must be files inside it.
  const outside = imagesOutsideVsix(readZip(vsix));
  if (outside.length > 0) {
    console.error(`[package] FAILED: images in the shipped READMEs that are not files of the .vsix (they show as broken images):\n  ${outside.join('\n  ')}`);
    return 1;
  }
  const brokenLinks = brokenRepoLinks();
  if (brokenLinks.length > 0) {
    console.error(`[package] FAILED: relative links in the READMEs that point at no file:\n  ${brokenLinks.join('\n  ')}`);
    return 1;
  }

  // Without a development path the tests never start, so point it at an empty folder: the extension
  // under test is then only the installed copy.
  const emptyDev = fs.mkdtempSync(path.join(os.tmpdir(), 'sdrs-empty-ext-'));
  let code: number;
  try {
    code = await runSuite({
      extensionDevelopmentPath: emptyDev,
      extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'integration', 'index.js'),
      extensionEnvironment: { SDRS_TEST_FILES: 'smoke', SDRS_EXPECT_INSTALLED: '1' },
      beforeOpen: (server) => server.cli(['--install-extension', vsix]),
    });
  } finally {
    fs.rmSync(emptyDev, { recursive: true, force: true });
  }
  if (code !== 0) return code;

  // What a person who installed the .vsix sees on its page in the Extensions view: the README, with every image
  // it shows loaded (no broken-image icons).
  const started = Date.now();
  const nls = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.nls.json'), 'utf8')) as { displayName: string };
  const page = await extensionPage(vsix, nls.displayName);
  const broken = page.images.filter((i) => !i.loaded);
  console.log(
    `[package] Extensions view: README shown with ${page.images.length} image(s), ${broken.length} broken, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (!page.text.includes('npm run demo')) {
    console.error(`[package] FAILED: the Extensions view did not show the README; it shows:\n${page.text.slice(0, 500)}`);
    return 1;
  }
  if (broken.length > 0) {
    console.error(`[package] FAILED: broken images on the extension's page: ${broken.map((i) => i.src ?? '(src removed by VS Code)').join(', ')}`);
    return 1;
  }
  return 0;
}

/** Relative links and images of the repository's READMEs and docs that point at no file of the repository. */
function brokenRepoLinks(): string[] {
  const docs = path.join(REPO_ROOT, 'docs');
  const files = [
    'README.md',
    'README.zh-CN.md',
    'CHANGELOG.md',
    ...fs
      .readdirSync(docs)
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  const problems: string[] = [];
  for (const file of files) {
    const text = fs
      .readFileSync(path.join(REPO_ROOT, file), 'utf8')
      .replace(/```[\s\S]*?```/g, '')
      .replace(/`[^`\n]*`/g, '');
    const targets = [...text.matchAll(/\]\(\s*<?([^)\s>]+)/g)].map((m) => m[1]).concat(imageTargets(text));
    for (const target of targets) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#') || target.startsWith('//')) continue;
      const resolved = path.join(REPO_ROOT, path.dirname(file), decodeURI(target.split(/[?#]/)[0]));
      if (!fs.existsSync(resolved)) problems.push(`${file}: ${target}`);
    }
  }
  return problems;
}

// Everything this run starts (vsce and npm, code-servers, Chromium) must leave nothing in the shared temp dir.
const tempUse = new TempDirUse({ descendantsOf: process.pid });
main().then(
  (code) => {
    const left = tempUse.stop();
    if (left.length > 0) console.error(`[package] FAILED: the run's processes left these in ${os.tmpdir()}: ${left.join(', ')}`);
    process.exit(code || (left.length > 0 ? 1 : 0));
  },
  (e: unknown) => {
    console.error(`[package] FAILED: ${(e as Error).stack ?? String(e)}`);
    process.exit(1);
  },
);
