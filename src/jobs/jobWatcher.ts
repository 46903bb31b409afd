// Long work in one place: every SDRS job the user started is followed here to its end — polling with back-off, the
// time limit, a progress notification that can stop watching, the view's badge, and resuming after a window reload.
import * as vscode from 'vscode';
import type { ClientFactory } from '../config/clientFactory';
import { readSettings } from '../config/settings';
import { isSdrsError } from '../sdrs/errors';
import { createdDrillId, failedJob, newestDrillNamed, watchJob } from '../sdrs/jobs';
import type { Job } from '../sdrs/model';
import type { DrillView } from '../tree/drillView';
import type { ConnectionRegistry } from '../model/connectionRegistry';
import { errorLine } from '../tree/errorText';
import { inert, say, showError, showWarning } from '../ui/say';

const STATE_KEY = 'sdrs.jobs';

/** A job to follow: what it does, to which drill, in which connection. Kept in global state while it runs. */
export interface FollowedJob {
  connection: string;
  jobId: string;
  kind: 'createDrill' | 'deleteDrill';
  /** The drill deleted; for a create, unknown until the job names it. */
  drillId?: string;
  drillName: string;
  /** The protection group of a create: where to find the new drill when the job does not name it. */
  groupId?: string;
}

export interface JobOutcome {
  ok: boolean;
  /** The job as it ended, when it was seen to end. */
  job?: Job;
  /** A created drill, found in the listing after the job succeeded. */
  drillId?: string;
  /** Times the job was asked for. */
  polls: number;
  /** Watching stopped (by the user, or the connection went away) before the job ended. */
  stopped?: boolean;
}

function isFollowedJob(v: unknown): v is FollowedJob {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    (o.kind === 'deleteDrill' || o.kind === 'createDrill') &&
    ['connection', 'jobId', 'drillName'].every((k) => typeof o[k] === 'string') &&
    ['drillId', 'groupId'].every((k) => o[k] === undefined || typeof o[k] === 'string')
  );
}

export class JobWatcher implements vscode.Disposable {
  private readonly running = new Map<string, AbortController>();
  /** Set while the window closes: the jobs then stay saved for the next window. */
  private closing = false;
  private readonly changed = new vscode.EventEmitter<number>();
  /** Fired with the number of jobs being followed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly registry: ConnectionRegistry,
    private readonly clients: ClientFactory,
    private readonly log: vscode.LogOutputChannel,
    /** Where a created drill is revealed and selected; absent in a window without the view. */
    private readonly view?: DrillView,
  ) {}

  get count(): number {
    return this.running.size;
  }

  private saved(): FollowedJob[] {
    const stored = this.memento.get<unknown>(STATE_KEY);
    return Array.isArray(stored) ? stored.filter(isFollowedJob) : [];
  }

  private async save(jobs: FollowedJob[]): Promise<void> {
    await this.memento.update(STATE_KEY, jobs.length ? jobs : undefined);
  }

  /** Picks up the jobs a window left running (after a reload); each is followed as if just started. */
  resume(): Array<Promise<JobOutcome>> {
    return this.saved()
      .filter((job) => !this.running.has(job.jobId))
      .map((job) => {
        this.log.info(`Resuming the ${job.kind} job ${job.jobId} of ${job.connection}`);
        return this.follow(job);
      });
  }

  /** Follows a job to its end in a progress notification; resolves (never rejects) with how it ended. */
  async follow(job: FollowedJob): Promise<JobOutcome> {
    if (this.running.has(job.jobId)) return { ok: false, polls: 0, stopped: true };
    const controller = new AbortController();
    this.running.set(job.jobId, controller);
    await this.save([...this.saved().filter((j) => j.jobId !== job.jobId), job]);
    this.changed.fire(this.count);
    let polls = 0;
    try {
      const entry = this.registry.get(job.connection);
      const connection = entry && (await this.clients.connect(entry.config));
      if (!connection?.ok) {
        this.log.warn(`Not following job ${job.jobId}: its connection ${job.connection} is not available`);
        return { ok: false, polls, stopped: true };
      }
      const title = job.kind === 'createDrill' ? say('Creating drill {0}', job.drillName) : say('Deleting drill {0}', job.drillName);
      const done = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
        // Cancelling stops watching; the job goes on in SDRS, and the notification says so.
        token.onCancellationRequested(() => controller.abort());
        const hint = say('Cancel stops watching; the job goes on in SDRS');
        progress.report({ message: hint });
        return watchJob(connection.client, job.jobId, {
          signal: controller.signal,
          timeoutMs: readSettings().jobTimeoutMinutes * 60_000,
          onUpdate: (update, poll) => {
            polls = poll;
            progress.report({ message: `${inert(update.status, 60)} — ${hint}` });
          },
        });
      });
      polls = done.polls;
      this.log.info(`Job ${job.jobId} (${job.kind} ${job.drillName}) succeeded after ${polls} polls`);
      await this.registry.refresh(job.connection);
      if (job.kind !== 'createDrill') return { ok: true, polls, job: done.job };
      // The new drill: named by the job, else the newest of that name in its group.
      const listed = this.registry.get(job.connection)?.model.listing?.groups.flatMap((g) => g.drills) ?? [];
      const drillId = createdDrillId(done.job) ?? (job.groupId ? newestDrillNamed(listed, job.groupId, job.drillName)?.id : undefined);
      if (drillId) await this.view?.revealDrill(job.connection, drillId);
      return { ok: true, polls, job: done.job, drillId };
    } catch (e) {
      if (isSdrsError(e) && e.kind === 'aborted') {
        this.log.info(`Stopped watching job ${job.jobId}; it goes on in SDRS`);
        return { ok: false, polls, stopped: true };
      }
      if (isSdrsError(e) && e.kind === 'timeout') {
        // Not a failure: the job may still finish; the next listing shows how it ended.
        this.log.warn(`Stopped watching job ${job.jobId} (${job.kind} ${job.drillName}) at the time limit: ${e.describe()}`);
        void this.registry.refresh(job.connection);
        void showWarning(
          say(
            'Stopped watching the job of drill {0} after {1} minutes; it may still finish in SDRS. Refresh to see how it ended.',
            job.drillName,
            readSettings().jobTimeoutMinutes,
          ),
        );
        return { ok: false, polls, stopped: true };
      }
      const failed = failedJob(e);
      const reason = failed
        ? [failed.fail_reason, failed.error_code].filter(Boolean).join(' · ') || vscode.l10n.t('no reason given')
        : isSdrsError(e)
          ? errorLine(e)
          : String(e);
      this.log.error(`Job ${job.jobId} (${job.kind} ${job.drillName}) did not succeed: ${isSdrsError(e) ? e.describe() : String(e)}`);
      void this.registry.refresh(job.connection);
      const showLog = vscode.l10n.t('Show Log');
      const message =
        job.kind === 'createDrill'
          ? say('Creating drill {0} failed: {1}', job.drillName, reason)
          : say('Deleting drill {0} failed: {1}', job.drillName, reason);
      void showError(message, showLog).then((picked) => {
        if (picked === showLog) this.log.show();
      });
      return { ok: false, polls, job: failed };
    } finally {
      this.running.delete(job.jobId);
      if (!this.closing) {
        await this.save(this.saved().filter((j) => j.jobId !== job.jobId));
        this.changed.fire(this.count);
      }
    }
  }

  dispose(): void {
    // The jobs stay saved: the next window picks them up.
    this.closing = true;
    for (const c of this.running.values()) c.abort();
    this.running.clear();
    this.changed.dispose();
  }
}
