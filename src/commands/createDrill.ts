// `sdrsDrills.createDrill`: name (checked as you type) → drill VPC (SDRS creates one, or a typed or known ID) → a
// summary to confirm; the create job is then followed to its end and the new drill revealed.
import * as vscode from 'vscode';
import { askStep, pickStep } from '../ui/prompts';
import { runSteps, type Step, type StepPlace } from '../ui/steps';
import { vpcUsedBy } from '../filter/filterInput';
import { escapeIcons } from '../ui/text';
import { vpcUses, type DrillVpcUse } from '../model/connectionModel';
import { DRILLABLE_GROUP_STATUSES, type ProtectionGroup, type StartedJob } from '../sdrs/model';
import { wasAccepted } from '../sdrs/errors';
import { failureLine } from '../tree/errorText';
import { checkUuid } from '../sdrs/validation';
import type { ConnectionEntry } from '../model/connectionRegistry';
import type { DrillGroup } from '../sdrs/grouping';
import type { Services } from '../services';
import { registerNodeCommand } from './runner';
import { isRecord } from '../sdrs/json';
import { drillNameProblem } from '../ui/validationText';
import { COMMANDS } from './commandIds';
import { inert, say, showError, showInfo, showWarning } from '../ui/say';

/** Why a drill cannot be created in this group now, or undefined. A group the server-groups call did not list is left to SDRS. */
export function createRefusal(group: ProtectionGroup | undefined): string | undefined {
  if (!group?.status || DRILLABLE_GROUP_STATUSES.includes(group.status)) return undefined;
  return vscode.l10n.t(
    'SDRS creates drills only in protection groups that are {0}; {1} is {2}.',
    DRILLABLE_GROUP_STATUSES.join(', '),
    group.name,
    group.status,
  );
}

/** A warning for the summary: drill servers may not boot before the first full synchronisation. */
function syncWarning(group: ProtectionGroup | undefined): string | undefined {
  if (!group) return undefined;
  const notActive = group.replication_status != null && group.replication_status !== 'active';
  const behind = group.progress !== undefined && group.progress < 100;
  return notActive || behind
    ? vscode.l10n.t(
        'Replication is {0} ({1} % synchronised): drill servers may fail to boot before the first full synchronisation.',
        group.replication_status ?? '?',
        group.progress ?? '?',
      )
    : undefined;
}

const NEW_VPC = Symbol('new VPC');

/** The answers so far: a name, then the drill VPC (NEW_VPC: SDRS makes one). */
interface DrillAnswers {
  name?: string;
  vpc?: string | typeof NEW_VPC;
}

/** The drill VPC step: SDRS makes one, or one of the group's drills' VPCs, or a typed ID. */
async function askVpc(place: StepPlace, knownVpcs: readonly DrillVpcUse[], current: DrillAnswers['vpc']): Promise<string | typeof NEW_VPC> {
  type Item = vscode.QuickPickItem & { vpc: string | typeof NEW_VPC };
  const base: Item[] = [
    { label: `$(add) ${vscode.l10n.t('Let SDRS create a drill VPC')}`, description: vscode.l10n.t('kept when the drill is deleted'), vpc: NEW_VPC },
    ...knownVpcs.map((v) => ({ label: escapeIcons(v.id), description: vpcUsedBy(v), vpc: v.id })),
  ];
  const typedItem = (text: string): Item[] => {
    const typed = text.trim();
    if (!typed || base.some((i) => i.vpc === typed)) return [];
    const problem = checkUuid(typed);
    return [
      problem
        ? { label: `$(error) ${escapeIcons(typed)}`, description: vscode.l10n.t('Not a valid ID: {0}', problem), vpc: '', alwaysShow: true }
        : { label: escapeIcons(typed), description: vscode.l10n.t('Use this VPC ID'), vpc: typed, alwaysShow: true },
    ];
  };
  const chosen = await pickStep(place, base, {
    title: vscode.l10n.t('Create Drill: drill VPC'),
    placeHolder: vscode.l10n.t('Let SDRS create a drill VPC, pick one, or type a VPC ID (a VPC serves one drill at a time)'),
    typed: typedItem,
    active: (i) => i.vpc === current,
    // An invalid typed ID is refused where it was typed.
    accepts: (i) => i.vpc !== '',
  });
  return chosen.vpc;
}

/** Asks name → drill VPC → summary; resolves with what to create, or undefined when cancelled at any step. */
async function askDrillInput(group: DrillGroup, entry: ConnectionEntry): Promise<{ name: string; vpc?: string } | undefined> {
  const steps: Step<DrillAnswers>[] = [
    {
      run: async (place, answers) => {
        const name = await askStep(place, {
          title: vscode.l10n.t('Create Drill: name'),
          prompt: vscode.l10n.t('A name for the new drill of {0}', inert(group.label)),
          value: answers.name,
          validateInput: (v) => (v ? drillNameProblem(v) : undefined),
        });
        return name && !drillNameProblem(name) ? { ...answers, name } : undefined;
      },
    },
    { run: async (place, answers) => ({ ...answers, vpc: await askVpc(place, vpcUses(group.drills), answers.vpc) }) },
    {
      run: async (place, answers) => {
        const vpc = answers.vpc === NEW_VPC ? undefined : answers.vpc;
        const warning = syncWarning(group.group);
        const create = vscode.l10n.t('Create');
        const summary = await pickStep(
          place,
          [
            {
              label: `$(check) ${create}`,
              description: vpc ? vscode.l10n.t('drill VPC {0}', vpc) : vscode.l10n.t('SDRS creates the drill VPC'),
              // Which connection it goes to: with several, the same group name can exist in more than one project.
              detail: [vscode.l10n.t('in {0} (project {1})', escapeIcons(entry.config.label), entry.config.projectId), warning].filter(Boolean).join(' — '),
              ok: true,
            },
            { label: `$(close) ${vscode.l10n.t('Cancel')}`, ok: false },
          ],
          { title: vscode.l10n.t('Create Drill: create {0} in {1}?', escapeIcons(answers.name ?? ''), escapeIcons(group.label)) },
        );
        return summary.ok ? answers : undefined;
      },
    },
  ];
  const answers = await runSteps(steps, {});
  if (!answers?.name) return undefined;
  return { name: answers.name, vpc: answers.vpc === NEW_VPC ? undefined : answers.vpc };
}

export function registerCreateDrillCommand(services: Services): vscode.Disposable {
  const { clients, view, jobs } = services;
  // The input may be given as the second argument (keybindings, tests): nothing is asked then.
  return registerNodeCommand(services, {
    id: COMMANDS.createDrill,
    kinds: ['protectionGroup'],
    title: () => vscode.l10n.t('Create Drill'),
    selectFirst: () => say('Select a protection group in the SDRS view first.'),
    // A second Enter or click never sends a second POST for the group; released once SDRS has answered it.
    busyKey: (node) => `${node.connection}\n${node.group.id}`,
    failure: (node, reason) => say('Could not create a drill in {0}: {1}', node.group.label || node.group.id, reason),
    run: async ({ group }, { entry, release }, given?: unknown) => {
      const refusal = createRefusal(group.group);
      if (refusal) {
        void showInfo(inert(refusal));
        return;
      }
      const asked = isRecord(given) ? given : undefined;
      const input = asked ? { name: asked.name, vpc: asked.drill_vpc_id } : await askDrillInput(group, entry);
      if (!input) return;
      const name = typeof input.name === 'string' ? input.name : '';
      const vpc = typeof input.vpc === 'string' && input.vpc ? input.vpc : undefined;
      const problem = drillNameProblem(name);
      if (problem) {
        void showError(inert(problem));
        return;
      }
      const client = await clients.client(entry.config);
      const shown = (): PromiseLike<unknown> =>
        view
          .refresh(entry.config.id)
          .then(() => view.expandGroup(entry.config.id, group.id))
          .then(undefined, () => undefined);
      let started: StartedJob;
      try {
        started = await client.createDrill({ server_group_id: group.id, name, ...(vpc ? { drill_vpc_id: vpc } : {}) });
      } catch (e) {
        if (!wasAccepted(e)) throw e;
        // SDRS is creating it: a retry would make a second drill. The listing shows it as SDRS has it.
        release();
        void showWarning(say('SDRS accepted drill {0} but sent no job to follow; refreshing to show it as SDRS lists it ({1}).', name, failureLine(e)));
        await shown();
        return;
      }
      release();
      // The new drill is listed at once as "creating", in its group, opened for it.
      void shown();
      await jobs.follow({ connection: entry.config.id, jobId: started.jobId, kind: 'createDrill', drillName: name, groupId: group.id });
    },
  });
}
