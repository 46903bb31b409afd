// Each connection's last good listing on disk, so the tree can draw it at once on activation (marked as
// cached, with its age) while the fresh listing loads. Never secrets: the caller's key names the account,
// region, project, endpoint and filter, and the file holds that key and the listing only.
// No vscode import: this runs under plain mocha.
import { createHash, randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import {
  DRILL_STATUSES,
  typedGroup,
  typedInstance,
  type DisasterRecoveryDrill,
  type DrillFilter,
  type ProtectedInstance,
  type ProtectionGroup,
} from '../sdrs/model';
import { isRecord } from '../sdrs/json';
import { parseDrill } from '../sdrs/parse';

/** Format of the file; a file of any other format (older or newer) is ignored. */
export const CACHE_FORMAT = 1;

export interface CachedListing {
  savedAt: Date;
  filter: DrillFilter;
  drills: DisasterRecoveryDrill[];
  groups: ProtectionGroup[];
  /** Names of the instances drill servers copy; a file saved before they were kept has none. */
  instances: ProtectedInstance[];
}

export interface ListingCacheOptions {
  /** Largest file written or read, in bytes of serialized JSON; default 50 MB. */
  maxBytes?: number;
  /** Told one line (never listing data) when a file is ignored or a write fails. */
  log?: (message: string) => void;
}

const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
/** Open flags where the platform has them (not on Windows): never through a link, never waiting on a FIFO. */
const NO_FOLLOW = fsConstants.O_NOFOLLOW ?? 0;
const NON_BLOCK = fsConstants.O_NONBLOCK ?? 0;

/** A savedAt further in the future than this is not clock skew: the file is ignored. */
const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

/** A file that does not have the shape we write; the message names the first wrong field, never its value. */
class Invalid extends Error {}

function bad(where: string, problem: string): never {
  throw new Invalid(`${where} ${problem}`);
}

const FILTER_STRINGS = ['server_group_id', 'name', 'drill_vpc_id'] as const satisfies ReadonlyArray<keyof DrillFilter>;
const STATUSES: ReadonlySet<string> = new Set(DRILL_STATUSES);

/** A saved drill, read as the client reads one, but strictly: the file is ours, so a null or a missing list is not. */
const drillOf = (v: unknown, i: number): DisasterRecoveryDrill => parseDrill(v, `drills[${i}]`, { fail: bad, strict: true });

/** A fresh group: id and name must be strings; any other field of the wrong type is left out, as the client does. */
function groupOf(v: unknown, i: number): ProtectionGroup {
  if (!isRecord(v)) bad(`groups[${i}]`, 'is not an object');
  const { id, name } = v;
  if (typeof id !== 'string') bad(`groups[${i}].id`, 'is not a string');
  if (typeof name !== 'string') bad(`groups[${i}].name`, 'is not a string');
  return typedGroup(id, name, v);
}

/** A fresh protected instance: the ID must be a string, the name a string or absent; other fields as the client keeps them. */
function instanceOf(v: unknown, i: number): ProtectedInstance {
  if (!isRecord(v)) bad(`instances[${i}]`, 'is not an object');
  const { id, name } = v;
  if (typeof id !== 'string') bad(`instances[${i}].id`, 'is not a string');
  if (name !== undefined && typeof name !== 'string') bad(`instances[${i}].name`, 'is not a string');
  return typedInstance(id, name ?? '', v);
}

function filterOf(v: unknown): DrillFilter {
  if (!isRecord(v)) bad('filter', 'is not an object');
  const filter: DrillFilter = {};
  for (const key of FILTER_STRINGS) {
    const value = v[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') bad(`filter.${key}`, 'is not a string');
    filter[key] = value;
  }
  const status = v.status;
  if (status !== undefined) {
    if (typeof status !== 'string' || !STATUSES.has(status)) bad('filter.status', 'is not a drill status');
    filter.status = status as DrillFilter['status'];
  }
  return filter;
}

/** The listing in a parsed file, or Invalid naming why not. */
function listingOf(data: unknown, key: string, now: number): CachedListing {
  if (!isRecord(data)) bad('the file', 'is not a JSON object');
  const format = data.format;
  if (format !== CACHE_FORMAT) {
    bad('the file', typeof format === 'number' && Number.isFinite(format) ? `has format ${format}, not ${CACHE_FORMAT}` : 'has no format number');
  }
  // Another key's file (a hash collision, or a file copied between names) is not this connection's listing.
  if (data.key !== key) bad('the file', 'belongs to another key');
  const savedAtText = data.savedAt;
  if (typeof savedAtText !== 'string') bad('savedAt', 'is not a string');
  const savedAt = new Date(savedAtText);
  const time = savedAt.getTime();
  if (Number.isNaN(time)) bad('savedAt', 'is not a date');
  if (time > now + FUTURE_TOLERANCE_MS) bad('savedAt', 'is more than a day in the future');
  const filter = filterOf(data.filter);
  const rawDrills = data.drills;
  if (!Array.isArray(rawDrills)) bad('drills', 'is not a list');
  const rawGroups = data.groups;
  if (!Array.isArray(rawGroups)) bad('groups', 'is not a list');
  const drills: DisasterRecoveryDrill[] = new Array<DisasterRecoveryDrill>(rawDrills.length);
  for (let i = 0; i < rawDrills.length; i++) drills[i] = drillOf(rawDrills[i], i);
  const groups: ProtectionGroup[] = new Array<ProtectionGroup>(rawGroups.length);
  for (let i = 0; i < rawGroups.length; i++) groups[i] = groupOf(rawGroups[i], i);
  const rawInstances = data.instances ?? [];
  if (!Array.isArray(rawInstances)) bad('instances', 'is not a list');
  const instances: ProtectedInstance[] = new Array<ProtectedInstance>(rawInstances.length);
  for (let i = 0; i < rawInstances.length; i++) instances[i] = instanceOf(rawInstances[i], i);
  return { savedAt, filter, drills, groups, instances };
}

/** The error's code (ENOENT, ENOSPC, …), else its message: never file content. */
function describe(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return e instanceof Error ? e.message : String(e);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Windows refuses to replace a file another process (a virus scanner, another window's reader) holds
 * open for a moment; elsewhere a rename fails for good reasons only.
 */
async function replace(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (e) {
      const code = describe(e);
      if (process.platform !== 'win32' || attempt >= 4 || !['EPERM', 'EACCES', 'EBUSY'].includes(code)) throw e;
      await sleep(20 * (attempt + 1));
    }
  }
}

/**
 * Listings saved as `<dir>/<first 32 hex digits of sha256(key)>.json`, so no key text can form a path.
 * Reads and writes never throw: a file that cannot be used is ignored (and logged), a write that fails is
 * logged. Writes of one key from one cache object run in call order; writes from other windows replace the
 * file atomically, so a reader sees one whole listing or another, never half of one.
 */
export class ListingCache {
  private readonly maxBytes: number;
  private readonly log: (message: string) => void;
  /** The last queued write or delete of each key. */
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(
    private readonly dir: string,
    options: ListingCacheOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const log = options.log;
    // A log that throws must not make read or write throw.
    this.log = (message) => {
      try {
        log?.(message);
      } catch {
        // nothing else to tell
      }
    };
  }

  /** The listing last saved under this key, or undefined when there is none that can be trusted. */
  async read(key: string): Promise<CachedListing | undefined> {
    const name = fileName(key);
    const text = await this.readText(name);
    if (text === undefined) return undefined;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      // Not the parser's message: V8 quotes part of the text in it.
      return this.ignore(name, 'is not valid JSON');
    }
    try {
      return listingOf(data, key, Date.now());
    } catch (e) {
      return this.ignore(name, e instanceof Invalid ? e.message : `could not be checked (${describe(e)})`);
    }
  }

  /** Saves the listing (a snapshot taken now) under this key, replacing the last one; true when it was saved. Never throws. */
  write(key: string, listing: CachedListing): Promise<boolean> {
    const name = fileName(key);
    let text: string;
    try {
      text = JSON.stringify({
        format: CACHE_FORMAT,
        key,
        savedAt: listing.savedAt.toISOString(),
        filter: listing.filter,
        drills: listing.drills,
        groups: listing.groups,
        instances: listing.instances,
      });
    } catch (e) {
      this.log(`Listing cache: not saving ${name}: the listing could not be serialized (${describe(e)})`);
      return Promise.resolve(false);
    }
    return this.enqueue(key, () => this.writeText(name, text), false);
  }

  /** Removes the listing saved under this key, if any. Never throws. */
  delete(key: string): Promise<void> {
    const name = fileName(key);
    return this.enqueue(key, () => this.remove(name), undefined);
  }

  private enqueue<T>(key: string, job: () => Promise<T>, onSurprise: T): Promise<T> {
    // Jobs never reject; the catch only keeps one surprise from stopping every later job of the key.
    const next = (this.pending.get(key) ?? Promise.resolve()).then(job).catch(() => onSurprise);
    this.pending.set(key, next);
    void next.then(() => {
      if (this.pending.get(key) === next) this.pending.delete(key);
    });
    return next;
  }

  private ignore(name: string, why: string): undefined {
    this.log(`Listing cache: ignoring ${name}: ${why}`);
    return undefined;
  }

  /**
   * A file of the folder, if it is a regular file of its own: opened without following a link (a link placed here
   * could show a listing from anywhere) and without blocking (a FIFO would hang the open until a writer came), checked
   * to be a regular file, and read to at most maxBytes whatever it grows to meanwhile.
   */
  private async readText(name: string): Promise<string | undefined> {
    const file = path.join(this.dir, name);
    let handle: fs.FileHandle | undefined;
    try {
      // Where the platform has no O_NOFOLLOW (Windows), lstat says whether it is a link before it is opened.
      if (!NO_FOLLOW && (await fs.lstat(file)).isSymbolicLink()) return this.ignore(name, 'is a link');
      handle = await fs.open(file, fsConstants.O_RDONLY | NO_FOLLOW | NON_BLOCK);
      const stat = await handle.stat();
      if (!stat.isFile()) return this.ignore(name, 'is not a regular file');
      if (stat.size > this.maxBytes) return this.ignore(name, `is ${stat.size} bytes, over the limit of ${this.maxBytes}`);
      const buffer = Buffer.alloc(Math.min(stat.size, this.maxBytes) + 1);
      let length = 0;
      while (length < buffer.length) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length > this.maxBytes) return this.ignore(name, `grew over the limit of ${this.maxBytes} bytes while it was read`);
      return buffer.subarray(0, length).toString('utf8');
    } catch (e) {
      const code = describe(e);
      if (code === 'ENOENT') return undefined;
      if (code === 'ELOOP' || code === 'EMLINK') return this.ignore(name, 'is a link');
      return this.ignore(name, `could not be read (${code})`);
    } finally {
      await handle?.close().catch(() => undefined);
    }
  }

  private async writeText(name: string, text: string): Promise<boolean> {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > this.maxBytes) {
      this.log(`Listing cache: not saving ${name}: ${bytes} bytes is over the limit of ${this.maxBytes}; an older copy is removed`);
      // The older listing would be shown as this connection's last one for ever after.
      await this.remove(name);
      return false;
    }
    // Same directory as the file, so the rename is atomic; unique, so concurrent writers never share one.
    const temp = path.join(this.dir, `${name}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
    let created = false;
    try {
      await fs.mkdir(this.dir, { recursive: true });
      const handle = await fs.open(temp, 'wx', 0o600);
      created = true;
      try {
        await handle.writeFile(text, 'utf8');
        // On disk before the rename, so a power cut leaves the old file or the new one.
        await handle.sync();
      } finally {
        await handle.close();
      }
      await replace(temp, path.join(this.dir, name));
      created = false;
      return true;
    } catch (e) {
      this.log(`Listing cache: could not save ${name} (${describe(e)})`);
      return false;
    } finally {
      if (created) await fs.unlink(temp).catch(() => undefined);
    }
  }

  private async remove(name: string): Promise<void> {
    try {
      await fs.unlink(path.join(this.dir, name));
    } catch (e) {
      if (describe(e) !== 'ENOENT') this.log(`Listing cache: could not remove ${name} (${describe(e)})`);
    }
  }
}

/** sha256 of the key, first 32 hex digits, + `.json`: only [0-9a-f], whatever the key holds. */
function fileName(key: string): string {
  return `${createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 32)}.json`;
}
