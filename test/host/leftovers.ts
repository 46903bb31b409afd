// Post-run checks of the extension-host runners: nothing left in the shared temp dir, no migration errors logged.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './tools';

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

/** PID → PPID of every live process (Linux /proc). */
function processTable(): Map<number, { ppid: number; pgrp: number }> {
  const table = new Map<number, { ppid: number; pgrp: number }>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses, so split after the last ')'.
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(name), { ppid: Number(fields[1]), pgrp: Number(fields[2]) });
    } catch {
      // exited meanwhile
    }
  }
  return table;
}

/** The targets of a process's open file descriptors (paths, `socket:[inode]`, `pipe:[…]`); empty off Linux or once it exited. */
function openFiles(pid: number): Set<string> {
  const targets = new Set<string>();
  if (process.platform !== 'linux') return targets;
  let fds: string[] = [];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return targets;
  }
  for (const fd of fds) {
    try {
      targets.add(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      // closed meanwhile
    }
  }
  return targets;
}

/** Whose use of the temp dir to watch: one process group (a code-server), or every descendant of a process. */
export type Watched = { processGroup: number } | { descendantsOf: number };

function watchedPids(watched: Watched): number[] {
  const table = processTable();
  if ('processGroup' in watched) return [...table].filter(([, p]) => p.pgrp === watched.processGroup).map(([pid]) => pid);
  const found: number[] = [];
  let parents = new Set([watched.descendantsOf]);
  while (parents.size > 0) {
    const children = [...table].filter(([, p]) => parents.has(p.ppid)).map(([pid]) => pid);
    found.push(...children);
    parents = new Set(children);
  }
  return found;
}

/**
 * Watches what some processes (code-server and everything it starts, or everything a test run starts) open or bind
 * directly in os.tmpdir(): sockets (through /proc/net/unix) and files. Only their entries are reported, so other runs
 * on the same machine never make it fail. Sockets live as long as their extension host, far longer than the sampling
 * period.
 */
export class TempDirUse {
  private readonly tmp = fs.realpathSync(os.tmpdir());
  /** The checkout itself may live in the temp dir (a CI clone): its files are ours to open, not leftovers. */
  private readonly repo = fs.realpathSync(REPO_ROOT);
  private readonly seen = new Set<string>();
  /**
   * What the runner itself has open when it starts watching (its stdout redirected to `/tmp/test.log`, say): every
   * child inherits these, and they belong to whoever started the runner, so they are never leftovers.
   */
  private readonly inherited = openFiles(process.pid);
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly watched: Watched) {
    this.sample();
    this.timer = setInterval(() => this.sample(), 200);
    this.timer.unref();
  }

  private note(file: string): void {
    // Abstract sockets ("@…") have no path; path.relative would resolve them against the working directory.
    if (!path.isAbsolute(file) || this.inherited.has(file)) return;
    if (file === this.repo || file.startsWith(this.repo + path.sep)) return;
    const relative = path.relative(this.tmp, file);
    if (!file || !relative || relative.startsWith('..') || path.isAbsolute(relative)) return;
    this.seen.add(relative.split(path.sep)[0]);
  }

  /** One look at what the watched processes have open now (also called every 200 ms). */
  sample(): void {
    if (process.platform !== 'linux') return;
    const sockets = new Set<string>();
    for (const pid of watchedPids(this.watched)) {
      for (const target of openFiles(pid)) {
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

  /** Stops watching (call it once they are gone); returns the entries of os.tmpdir() they used that still exist. */
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
