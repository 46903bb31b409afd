// The "Filter Drills" multi-step input: protection group, name, status, drill VPC; back navigation; Esc changes nothing.
import * as vscode from 'vscode';
import { DRILL_STATUSES, type DrillFilter, type DrillStatus } from '../sdrs/model';
import { checkId, checkNameFilter, UUID } from '../sdrs/validation';
import { escapeIcons } from '../ui/text';
import { askStep, pickStep } from '../ui/prompts';
import { runSteps, type Step, type StepPlace } from '../ui/steps';
import type { DrillVpcUse } from '../model/connectionModel';

export interface FilterChoices {
  groups: { id: string; name: string }[];
  vpcs: readonly DrillVpcUse[];
}

/** "used by quarterly-failover", "used by a and 2 more": which drills a drill VPC serves, server text made safe. */
export function vpcUsedBy(vpc: DrillVpcUse): string {
  const [first = '', ...rest] = vpc.drills.map((n) => escapeIcons(n));
  return rest.length ? vscode.l10n.t('used by {0} and {1} more', first, rest.length) : vscode.l10n.t('used by {0}', first);
}

interface PickItem extends vscode.QuickPickItem {
  value: string | undefined;
  /** A typed ID that failed validation: shown with the reason, never accepted. */
  invalid?: boolean;
}

/** A step's quick pick that also accepts a typed ID (checked as the user types); resolves with the item's value. */
async function pickValue(
  place: StepPlace,
  options: { title: string; placeholder: string; items: PickItem[]; current?: string; allowTypedId: boolean },
): Promise<string | undefined> {
  const base = options.items;
  // A typed ID is offered only when the text matches no listed item, so typing part of a
  // group's name picks the group instead of filtering by that text as an ID.
  const typedItem = (text: string): PickItem[] => {
    const typed = text.trim();
    if (!options.allowTypedId || !typed) return [];
    const needle = typed.toLowerCase();
    if (base.some((i) => i.value !== undefined && (i.label.toLowerCase().includes(needle) || i.description?.toLowerCase().includes(needle)))) return [];
    const problem = checkId(typed) ?? (UUID.test(typed) ? undefined : vscode.l10n.t('expected an ID like 2c5a9e0f-81b7-4d4c-9a8e-3f0d6b1c7e21'));
    return [
      problem
        ? {
            label: `$(error) ${escapeIcons(typed)}`,
            description: vscode.l10n.t('Not a valid ID: {0}', problem),
            value: undefined,
            alwaysShow: true,
            invalid: true,
          }
        : { label: escapeIcons(typed), description: vscode.l10n.t('Use this ID'), value: typed, alwaysShow: true },
    ];
  };
  const chosen = await pickStep(place, base, {
    title: options.title,
    placeHolder: options.placeholder,
    matchOnDescription: true,
    typed: typedItem,
    active: (i) => i.value === options.current,
    // An invalid typed ID is refused where it was typed; the prompt stays open.
    accepts: (i) => !i.invalid,
  });
  return chosen.value;
}

function askName(place: StepPlace, current: string | undefined): Promise<string> {
  return askStep(place, {
    title: vscode.l10n.t('Filter Drills: name'),
    prompt: vscode.l10n.t('Part of the drill name (matched anywhere, any case); leave empty for any name'),
    value: current ?? '',
    validateInput: (text) => (text.trim() ? checkNameFilter(text) : undefined),
  });
}

const statusLabel = (s: DrillStatus): string =>
  ({
    creating: vscode.l10n.t('The drill is being created'),
    available: vscode.l10n.t('The drill is ready'),
    deleting: vscode.l10n.t('The drill is being deleted'),
    error: vscode.l10n.t('Creating the drill failed'),
    'error-deleting': vscode.l10n.t('Deleting the drill failed'),
  })[s];

/** Sets or (undefined) removes one key of a filter. */
function withKey(filter: DrillFilter, key: keyof DrillFilter, value: string | undefined): DrillFilter {
  const next: Record<string, string> = { ...filter };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/** Walks the four steps; resolves with the new filter, or undefined when cancelled at any step. */
export function promptForFilter(initial: DrillFilter, choices: FilterChoices): Promise<DrillFilter | undefined> {
  const any = (label: string): PickItem => ({ label: `$(circle-slash) ${label}`, value: undefined });
  const steps: Step<DrillFilter>[] = [
    {
      run: async (place, draft) =>
        withKey(
          draft,
          'server_group_id',
          await pickValue(place, {
            title: vscode.l10n.t('Filter Drills: protection group'),
            placeholder: vscode.l10n.t('Pick a protection group, or type its ID'),
            current: draft.server_group_id,
            allowTypedId: true,
            items: [
              any(vscode.l10n.t('Any protection group')),
              ...[...choices.groups]
                .sort((a, b) => a.name.localeCompare(b.name))
                .map((g) => ({ label: escapeIcons(g.name), description: escapeIcons(g.id), value: g.id })),
              ...(draft.server_group_id && !choices.groups.some((g) => g.id === draft.server_group_id)
                ? [{ label: escapeIcons(draft.server_group_id), description: vscode.l10n.t('current filter'), value: draft.server_group_id }]
                : []),
            ],
          }),
        ),
    },
    { run: async (place, draft) => withKey(draft, 'name', (await askName(place, draft.name)).trim() || undefined) },
    {
      run: async (place, draft) =>
        withKey(
          draft,
          'status',
          await pickValue(place, {
            title: vscode.l10n.t('Filter Drills: status'),
            placeholder: vscode.l10n.t('Pick a drill status'),
            current: draft.status,
            allowTypedId: false,
            items: [any(vscode.l10n.t('Any status')), ...DRILL_STATUSES.map((s) => ({ label: s, description: statusLabel(s), value: s }))],
          }),
        ),
    },
    {
      run: async (place, draft) =>
        withKey(
          draft,
          'drill_vpc_id',
          await pickValue(place, {
            title: vscode.l10n.t('Filter Drills: drill VPC'),
            placeholder: vscode.l10n.t('Pick a drill VPC, or type its ID'),
            current: draft.drill_vpc_id,
            allowTypedId: true,
            items: [
              any(vscode.l10n.t('Any drill VPC')),
              ...choices.vpcs.map((v) => ({ label: escapeIcons(v.id), description: vpcUsedBy(v), value: v.id })),
              ...(draft.drill_vpc_id && !choices.vpcs.some((v) => v.id === draft.drill_vpc_id)
                ? [{ label: escapeIcons(draft.drill_vpc_id), value: draft.drill_vpc_id }]
                : []),
            ],
          }),
        ),
    },
  ];
  return runSteps(steps, { ...initial });
}
