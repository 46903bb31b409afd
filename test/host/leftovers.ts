// Post-run checks of the extension-host runners: nothing left in the shared temp dir, no migration errors logged.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * What code-server, its extension host and their helpers leave in a temp dir they are given: IPC sockets
 * (`vscode-ipc-*.sock`, the git extension's `vscode-git-*.sock`), tsserver's `vscode-typescript*`, Node's compile
 * cache. (Playwright's own profile dirs belong to the runner and go when the browser closes.)
 */
const LEFTOVER = /^(vscode-.*|node-compile-cache)$/;

/** Names in os.tmpdir() that a VS Code run would leave behind. Only names are compared: nobody else's file is touched. */
export function tempLeftovers(dir = os.tmpdir()): Set<string> {
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    // no temp dir: nothing left
  }
  return new Set(names.filter((n) => LEFTOVER.test(n)));
}

/** The leftovers that appeared since `before` was taken. */
export function newLeftovers(before: Set<string>, dir = os.tmpdir()): string[] {
  return [...tempLeftovers(dir)].filter((n) => !before.has(n)).sort();
}

/** PIDs of the live processes in process group `pgid` (Linux /proc). */
function groupPids(pgid: number): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses, so split after the last ')'.
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) pids.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/**
 * Watches what the processes of one group (code-server and everything it starts) open or bind directly in os.tmpdir(),
 * outside their own `ownDir`: sockets (through /proc/net/unix) and files. Only this group's entries are reported, so
 * other runs on the same machine never make it fail. Sockets live as long as their extension host, far longer than
 * the sampling period.
 */
export class TempDirUse {
  private readonly tmp = fs.realpathSync(os.tmpdir());
  private readonly seen = new Set<string>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pgid: number,
    private readonly ownDir: string,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), 200);
    this.timer.unref();
  }

  private note(file: string): void {
    const relative = path.relative(this.tmp, file);
    if (!file || relative.startsWith('..') || path.isAbsolute(relative)) return;
    if (!path.relative(this.ownDir, file).startsWith('..')) return;
    this.seen.add(relative.split(path.sep)[0]);
  }

  private sample(): void {
    if (process.platform !== 'linux') return;
    const sockets = new Set<string>();
    for (const pid of groupPids(this.pgid)) {
      let fds: string[] = [];
      try {
        fds = fs.readdirSync(`/proc/${pid}/fd`);
      } catch {
        continue;
      }
      for (const fd of fds) {
        let target: string;
        try {
          target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          continue;
        }
        const socket = /^socket:\[(\d+)\]$/.exec(target);
        if (socket) sockets.add(socket[1]);
        else if (target.startsWith('/')) this.note(target);
      }
    }
    if (sockets.size === 0) return;
    // Num RefCount Protocol Flags Type St Inode [Path]
    for (const line of fs.readFileSync('/proc/net/unix', 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length >= 8 && sockets.has(fields[6])) this.note(fields.slice(7).join(' '));
    }
  }

  /** Stops watching (call it once the group is gone); returns the entries of os.tmpdir() the group used that still exist. */
  stop(): string[] {
    clearInterval(this.timer);
    return [...this.seen].filter((name) => fs.existsSync(path.join(this.tmp, name))).sort();
  }
}

/**
 * Lines of the logs that report a `PendingMigrationError` (VS Code's extension host raises it when an extension reads
 * a global Node now has but VS Code retires, such as `navigator`). An activation must not log one.
 */
export function migrationErrors(logs: { file: string; contents: string }[]): string[] {
  return logs.flatMap(({ file, contents }) =>
    contents
      .split('\n')
      .filter((line) => line.includes('PendingMigrationError'))
      .map((line) => `${file}: ${line.trim()}`),
  );
}
