// The runners' temp-dir watcher: a file the runner was started with (its output redirected into the temp dir) is not
// something the run left; a file a child opens there and leaves is.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TempDirUse } from '../host/leftovers';

/** A child that inherits `fd` as its stdout and stderr, opens `own` (if given), says ready and waits to be killed. */
function child(fd: number, own?: string): Promise<ChildProcess> {
  const script = `${own ? `require('fs').openSync(${JSON.stringify(own)}, 'w');` : ''} process.send('ready'); setInterval(() => {}, 1000);`;
  const proc = spawn(process.execPath, ['-e', script], { stdio: ['ignore', fd, fd, 'ipc'] });
  return new Promise((resolve, reject) => {
    proc.once('message', () => resolve(proc));
    proc.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
  });
}

describe('temp-dir leftovers watcher (Linux)', function () {
  if (process.platform !== 'linux') return;
  const made: string[] = [];
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) c.kill();
    for (const f of made) fs.rmSync(f, { force: true });
  });

  it('passes a run whose output the caller redirected into the temp dir, and still fails a file a child left there', async () => {
    // As `npm test > /tmp/test.log`: the runner holds the log open before it starts watching; every child inherits it.
    const log = path.join(os.tmpdir(), `sdrs-leftovers-log-${process.pid}.log`);
    const left = path.join(os.tmpdir(), `sdrs-leftovers-own-${process.pid}.tmp`);
    made.push(log, left);
    const fd = fs.openSync(log, 'a');
    try {
      const use = new TempDirUse({ descendantsOf: process.pid });
      children.push(await child(fd));
      use.sample();
      assert.deepEqual(use.stop(), [], 'the inherited log counted as a leftover');

      const again = new TempDirUse({ descendantsOf: process.pid });
      children.push(await child(fd, left));
      again.sample();
      assert.deepEqual(again.stop(), [path.basename(left)], 'a file a child opened in the temp dir and left must be reported');
    } finally {
      fs.closeSync(fd);
    }
  });
});
