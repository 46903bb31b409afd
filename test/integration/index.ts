// Mocha entry that VS Code loads inside the extension host (code-server or @vscode/test-electron).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';

/** Must match REPORT_PREFIX in test/host/runIntegration.ts. */
const REPORT_PREFIX = '[sdrs-test] ';

function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? testFiles(path.join(dir, e.name)) : e.name.endsWith('.test.js') ? [path.join(dir, e.name)] : []));
}

export function run(): Promise<void> {
  // Tag the report so the runner can print it apart from the workbench's own console noise.
  const consoleLog = console.log;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => consoleLog(REPORT_PREFIX + util.format(...args));
  // A watchdog per test, above the suite's own waits (support.ts WAIT_MS), so a busy machine fails on what it waited for.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 120_000, reporter: 'spec' });
  // SDRS_TEST_FILES=smoke runs only smoke.test.js (the installed-.vsix check); default: every file.
  const only = process.env.SDRS_TEST_FILES?.split(',').map((name) => `${name.trim()}.test.js`);
  for (const file of testFiles(__dirname).sort()) {
    if (!only || only.includes(path.basename(file))) mocha.addFile(file);
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
