// `sdrsDrills.createDrill`: name (checked as you type) → drill VPC (SDRS creates one, or a typed or known ID) → a
// summary to confirm; the create job is then followed to its end and the new drill revealed.
import * as vscode from 'vscode';
import { ask, pick, showPrompt } from '../ui/prompts';
import { escapeIcons, vpcUsedBy } from '../filter/filterInput';
import { vpcUses, type DrillVpcUse } from '../model/connectionModel';
import { DRILLABLE_GROUP_STATUSES, type CreateDrillInput, type ProtectionGroup } from '../sdrs/model';
import { checkUuid } from '../sdrs/validation';
import type { Services } from '../services';
import { failureLine } from '../tree/errorText';
import type { GroupNode } from '../tree/nodes';
import { pickNode } from '../tree/nodePicker';
import { drillNameProblem } from './renameDrill';

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
  const notActive = group.replication_status !== undefined && group.replication_status !== 'active';
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

/** Asks for the drill VPC: SDRS makes one, or one of the group's drills' VPCs, or a typed ID; undefined when cancelled. */
async function askVpc(knownVpcs: readonly DrillVpcUse[]): Promise<{ id?: string } | undefined> {
  type Item = vscode.QuickPickItem & { vpc: string | typeof NEW_VPC };
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = vscode.l10n.t('Create Drill: drill VPC (2/3)');
  qp.placeholder = vscode.l10n.t('Let SDRS create a drill VPC, pick one, or type a VPC ID (a VPC serves one drill at a time)');
  qp.ignoreFocusOut = true;
  const base: Item[] = [
    { label: `$(add) ${vscode.l10n.t('Let SDRS create a drill VPC')}`, description: vscode.l10n.t('kept when the drill is deleted'), vpc: NEW_VPC },
    ...knownVpcs.map((v) => ({ label: escapeIcons(v.id), description: vpcUsedBy(v), vpc: v.id })),
  ];
  qp.items = base;
  qp.onDidChangeValue((text) => {
    const typed = text.trim();
    if (!typed || base.some((i) => i.vpc === typed)) return void (qp.items = base);
    const problem = checkUuid(typed);
    qp.items = [
      problem
        ? { label: `$(error) ${escapeIcons(typed)}`, description: vscode.l10n.t('Not a valid ID: {0}', problem), vpc: '', alwaysShow: true }
        : { label: escapeIcons(typed), description: vscode.l10n.t('Use this VPC ID'), vpc: typed, alwaysShow: true },
      ...base,
    ];
  });
  return new Promise((resolve) => {
    let done = false;
    const finish = (value: { id?: string } | undefined): void => {
      if (done) return;
      done = true;
      resolve(value);
      qp.dispose();
    };
    qp.onDidAccept(() => {
      const chosen = qp.selectedItems[0] ?? qp.activeItems[0];
      // An invalid typed ID is refused where it was typed.
      if (!chosen || chosen.vpc === '') return;
      finish(chosen.vpc === NEW_VPC ? {} : { id: chosen.vpc });
    });
    qp.onDidHide(() => finish(undefined));
    showPrompt(qp);
  });
}

export function registerCreateDrillCommand({ registry, clients, view, jobs }: Services): vscode.Disposable {
  /** Creates being sent, by connection + group: a second Enter or click never sends a second POST. */
  const pending = new Set<string>();
  // The input may be given as the second argument (keybindings, tests): nothing is asked then.
  return vscode.commands.registerCommand('sdrsDrills.createDrill', async (arg?: GroupNode, given?: Partial<CreateDrillInput>) => {
    const node = arg ?? (await pickNode(view.provider, ['protectionGroup'], vscode.l10n.t('Create Drill')));
    if (node?.kind !== 'protectionGroup') return;
    const entry = registry.get(node.connection);
    if (!entry) return;
    const group = node.group;
    const refusal = createRefusal(group.group);
    if (refusal) {
      void vscode.window.showInformationMessage(refusal);
      return;
    }
    const key = `${node.connection}\n${group.id}`;
    if (pending.has(key)) return;

    let name = given?.name;
    let vpc: string | undefined = given?.drill_vpc_id;
    if (given === undefined) {
      name = await ask({
        title: vscode.l10n.t('Create Drill: name (1/3)'),
        prompt: vscode.l10n.t('A name for the new drill of {0}', group.label),
        ignoreFocusOut: true,
        validateInput: (v) => (v ? drillNameProblem(v) : undefined),
      });
      if (!name || drillNameProblem(name)) return;
      const chosen = await askVpc(vpcUses(group.drills));
      if (!chosen) return;
      vpc = chosen.id;
      const warning = syncWarning(group.group);
      const create = vscode.l10n.t('Create');
      const summary = await pick(
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
        { title: vscode.l10n.t('Create Drill: create {0} in {1}? (3/3)', escapeIcons(name), escapeIcons(group.label)), ignoreFocusOut: true },
      );
      if (!summary?.ok) return;
    }
    const problem = name === undefined ? drillNameProblem('') : drillNameProblem(name);
    if (problem || name === undefined) {
      void vscode.window.showErrorMessage(problem ?? '');
      return;
    }
    if (pending.has(key)) return;
    pending.add(key);
    try {
      const client = await clients.client(entry.config);
      const started = await client.createDrill({ server_group_id: group.id, name, ...(vpc ? { drill_vpc_id: vpc } : {}) });
      pending.delete(key);
      // The new drill is listed at once as "creating", in its group, opened for it.
      void view
        .refresh(entry.config.id)
        .then(() => view.expandGroup(entry.config.id, group.id))
        .then(undefined, () => undefined);
      await jobs.follow({ connection: entry.config.id, jobId: started.jobId, kind: 'createDrill', drillName: name, groupId: group.id });
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not create drill {0}: {1}', name, failureLine(e)));
    } finally {
      pending.delete(key);
    }
  });
}
