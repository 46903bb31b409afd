// Follows an SDRS job (GET /jobs/{job_id}) to its end, with growing delays between polls; free of the editor, clock and sleep injectable.
import type { SdrsClient } from './client';
import { reworded, SdrsError, validationError } from './errors';
import { JOB_TYPE_CREATE_DRILL, JOB_TYPE_DELETE_DRILL, type DisasterRecoveryDrill, type Job } from './model';
import { checkJobId } from './validation';

export interface WatchJobOptions {
  /** Stops watching (kind 'aborted'); the job itself goes on in SDRS. */
  signal?: AbortSignal;
  /** How long to watch before giving up with kind 'timeout'. Default 10 minutes, as Terraform waits for a drill. */
  timeoutMs?: number;
  /** Wait before the first poll. Default 2 s. */
  firstDelayMs?: number;
  /** Longest wait between polls. Default 10 s. */
  maxDelayMs?: number;
  /** Each wait is the last one times this, up to `maxDelayMs`. Default 1.5 (2, 3, 4.5, 6.75, 10, 10 … s). */
  backoffFactor?: number;
  /** Each answer, with its poll number (1 for the first). A callback that throws ends the watch with that error. */
  onUpdate?: (job: Job, poll: number) => void;
  /** Each poll that failed in a way worth retrying (network, SDRS's own timeout, 408, 429, 5xx), with its poll number. */
  onPollError?: (error: SdrsError, poll: number) => void;
  /** Injected for tests: must wait `ms` (and may reject when `signal` aborts). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injected for tests: milliseconds, as Date.now. */
  now?: () => number;
}

/** How a watch ended well: the job at SUCCESS, and how many times it was asked for. */
export interface WatchedJob {
  job: Job;
  polls: number;
}

export const WATCH_DEFAULTS = { timeoutMs: 10 * 60_000, firstDelayMs: 2_000, maxDelayMs: 10_000, backoffFactor: 1.5 } as const;

const failures = new WeakMap<SdrsError, Job>();

/** The job behind an error `watchJob` rejected with because the job ended at FAIL; undefined for any other error. */
export function failedJob(e: unknown): Job | undefined {
  return e instanceof SdrsError ? failures.get(e) : undefined;
}

/** True when `e` is `watchJob`'s report of a job that ended at FAIL (not a failure to watch it). */
export function isJobFailure(e: unknown): e is SdrsError {
  return failedJob(e) !== undefined;
}

/**
 * The drill a create job made: `entities.disaster_recovery_drill_id` (the key Terraform reads; no
 * official document has it). Undefined when SDRS did not send one, or when the job is not a create
 * job: then look for the drill by group and name (`newestDrillNamed`).
 */
export function createdDrillId(job: Pick<Job, 'job_type' | 'entities'>): string | undefined {
  if (job.job_type !== undefined && job.job_type.toLowerCase() !== JOB_TYPE_CREATE_DRILL.toLowerCase()) return undefined;
  return job.entities.disaster_recovery_drill_id;
}

/**
 * The fallback when a create job does not name its drill: among `drills` (listed with the group as
 * filter), the newest one of that group with exactly that name (the list's name filter is fuzzy).
 * `created_at` has a fixed-width format, so comparing the text orders it; a drill without one counts
 * as oldest, and of equals the later in the list wins.
 */
export function newestDrillNamed(drills: readonly DisasterRecoveryDrill[], serverGroupId: string, name: string): DisasterRecoveryDrill | undefined {
  let best: DisasterRecoveryDrill | undefined;
  for (const drill of drills) {
    if (drill.server_group_id !== serverGroupId || drill.name !== name) continue;
    if (!best || drill.created_at >= best.created_at) best = drill;
  }
  return best;
}

/** `10 min`, `90 s`, `1.5 s`. */
function duration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${Math.round(ms / 100) / 10} s`;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function checkOption(field: string, value: number, min: number, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) throw validationError(field, `must be ${what} (got ${String(value)})`);
  return value;
}

/** Worth polling again: no answer, SDRS's own deadline, or an answer that says "later" (408, 429, 5xx). */
function isTransient(e: SdrsError): boolean {
  if (e.kind === 'network' || e.kind === 'timeout') return true;
  return e.kind === 'http' && e.status !== undefined && (e.status === 408 || e.status === 429 || e.status >= 500);
}

/** The same error, saying which job could not be watched; kind, status, code, server message and request ID kept. */
function stoppedBy(e: SdrsError, jobId: string): SdrsError {
  const unknown = e.kind === 'http' && (e.status === 404 || e.status === 400);
  const message = unknown
    ? `SDRS does not know job ${jobId} (is it from another project or region?); stopped watching it`
    : `Stopped watching job ${jobId}: ${e.message}`;
  return reworded(e, message);
}

function whatFailed(job: Job): string {
  const type = job.job_type?.toLowerCase();
  if (type === JOB_TYPE_CREATE_DRILL.toLowerCase()) return 'Creating the drill';
  if (type === JOB_TYPE_DELETE_DRILL.toLowerCase()) return 'Deleting the drill';
  return job.job_type ? `The job ${job.job_type}` : 'The job';
}

/**
 * Polls `GET /jobs/{jobId}` until the job ends: waits `firstDelayMs`, polls, and waits a
 * `backoffFactor` longer each time up to `maxDelayMs`; the last wait is cut so one poll lands on the
 * limit. Resolves with the job at SUCCESS (status compared without regard to case). Rejects with an
 * SdrsError:
 *
 * - the job ended at FAIL: kind 'http' without a status, `code` = error_code, `serverMessage` =
 *   fail_reason, the request ID of that answer; `isJobFailure(e)` is true and `failedJob(e)` gives the job;
 * - the limit passed: kind 'timeout', naming the limit, the number of polls and the last status seen
 *   (the job may still finish);
 * - `signal` aborted: kind 'aborted'; only the watching stops, not the job;
 * - a 4xx other than 408/429 on the job GET (an unknown job, refused credentials) or an answer of
 *   the wrong shape: that error, its message naming the job, at once. Network errors, SDRS's own
 *   deadline, 408, 429 and 5xx are polled again (after the transport's own retries) until the limit.
 *
 * Any status other than SUCCESS and FAIL (INIT, RUNNING, or one not documented) means "poll again".
 * A poll in flight when the limit passes is let finish (it has its own deadline).
 */
export async function watchJob(client: Pick<SdrsClient, 'showJob'>, jobId: string, options: WatchJobOptions = {}): Promise<WatchedJob> {
  const problem = checkJobId(jobId);
  if (problem) throw validationError('job ID', problem);
  const id = jobId.trim();
  const timeoutMs = checkOption('timeoutMs', options.timeoutMs ?? WATCH_DEFAULTS.timeoutMs, 1, 'a positive number of milliseconds');
  const firstDelayMs = checkOption('firstDelayMs', options.firstDelayMs ?? WATCH_DEFAULTS.firstDelayMs, 0, '0 or more milliseconds');
  const maxDelayMs = checkOption('maxDelayMs', options.maxDelayMs ?? WATCH_DEFAULTS.maxDelayMs, firstDelayMs, `at least firstDelayMs (${firstDelayMs})`);
  const factor = checkOption('backoffFactor', options.backoffFactor ?? WATCH_DEFAULTS.backoffFactor, 1, '1 or more');
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const { signal } = options;

  const stopped = (): SdrsError => new SdrsError({ kind: 'aborted', message: `Stopped watching job ${id}; the job itself goes on in SDRS` });
  const deadline = now() + timeoutMs;
  let delay = firstDelayMs;
  let polls = 0;
  let lastJob: Job | undefined;
  let lastError: SdrsError | undefined;

  for (;;) {
    if (signal?.aborted) throw stopped();
    try {
      await sleep(Math.max(0, Math.min(delay, deadline - now())), signal);
    } catch (e) {
      if (signal?.aborted) throw stopped();
      throw e;
    }
    if (signal?.aborted) throw stopped();
    polls++;
    let job: Job;
    try {
      job = await client.showJob(id, { signal });
    } catch (e) {
      if (signal?.aborted || (e instanceof SdrsError && e.kind === 'aborted')) throw stopped();
      if (!(e instanceof SdrsError)) throw e;
      if (!isTransient(e)) throw stoppedBy(e, id);
      lastError = e;
      options.onPollError?.(e, polls);
      if (now() >= deadline) throw timedOut();
      delay = Math.min(delay * factor, maxDelayMs);
      continue;
    }
    lastJob = job;
    lastError = undefined;
    options.onUpdate?.(job, polls);
    const status = job.status.toUpperCase();
    if (status === 'SUCCESS') return { job, polls };
    if (status === 'FAIL') {
      const error = new SdrsError({
        kind: 'http',
        message: `${whatFailed(job)} failed (job ${id})`,
        code: job.error_code,
        serverMessage: job.fail_reason,
        requestId: job.requestId,
      });
      failures.set(error, job);
      throw error;
    }
    if (now() >= deadline) throw timedOut();
    delay = Math.min(delay * factor, maxDelayMs);
  }

  function timedOut(): SdrsError {
    const last = lastError ? `the last poll failed: ${lastError.message}` : `last status ${lastJob?.status ?? 'unknown'}`;
    return new SdrsError({
      kind: 'timeout',
      message: `Stopped watching job ${id} after ${duration(timeoutMs)} (${polls} ${polls === 1 ? 'poll' : 'polls'}; ${last}): it may still finish, refresh later`,
      requestId: lastError?.requestId ?? lastJob?.requestId,
    });
  }
}
