// Add Connection (account → region → project, looked up in IAM), Rename Connection, Remove Connection.
import * as vscode from 'vscode';
import { ask, askStep, pickStep } from '../ui/prompts';
import { runSteps, type Step, type StepPlace } from '../ui/steps';
import { regionName } from '../ui/regionNames';
import { defaultLabel, LEGACY_CONNECTION_ID, readConnections, toConfig, writeConnections, type ConnectionConfig } from '../config/connections';
import { readSettings } from '../config/settings';
import { escapeIcons } from '../ui/text';
import { SDRS_REGIONS } from '../sdrs/endpoint';
import { isSdrsError, type SdrsError } from '../sdrs/errors';
import { findProjects, GLOBAL_IAM_ENDPOINT, iamEndpointFor, resolveProject, type IamProject } from '../sdrs/iam';
import { SdrsTransport, type CredentialSource } from '../sdrs/transport';
import type { Services } from '../services';
import { errorTags } from '../tree/errorText';
import type { FilterState } from '../filter/filterState';
import { accountItems, askAccountName, keysOf, keySteps, knownAccounts, NEW_ACCOUNT, storeKeys, type KeyAnswers } from './credentials';
import { pickConnection } from '../ui/pickers';
import { checkProjectId } from '../ui/validationText';
import { COMMANDS } from './commandIds';
import { askModal, inert, say, showInfo, showStatus, showWarning } from '../ui/say';

/** Why IAM could not name the project, in words that say what to do. */
function iamProblem(e: SdrsError): string {
  // The codes, status and request ID only: the shared wording speaks of SDRS, and this is IAM.
  const tags = errorTags(e) || e.message;
  if (e.kind === 'http' && (e.status === 401 || e.status === 403)) {
    return vscode.l10n.t('IAM refused the lookup ({0}): the credentials may lack IAM read permission. Type the project ID instead.', inert(tags));
  }
  if (e.kind === 'config') return vscode.l10n.t('The IAM endpoint is not usable ({0}). Type the project ID instead.', inert(e.message));
  if (e.kind === 'http' || e.kind === 'response') return vscode.l10n.t('IAM could not list the projects ({0}). Type the project ID instead.', inert(tags));
  return vscode.l10n.t('IAM could not be reached ({0}). Type the project ID instead.', inert(tags));
}

/** The region's projects from IAM, asked with `source` (the account's credentials, stored or just typed), or why not. */
async function lookUpProjects(
  services: Services,
  account: string,
  source: CredentialSource,
  region: string,
): Promise<{ ok: true; projects: IamProject[] } | { ok: false; problem: string }> {
  if (!(await source())) return { ok: false, problem: vscode.l10n.t('Account "{0}" has no credentials. Type the project ID instead.', account) };
  const settings = readSettings();
  const lookup = (endpoint: string, signal: AbortSignal): Promise<IamProject[]> =>
    findProjects(
      new SdrsTransport({
        endpoint,
        credentials: source,
        timeoutMs: settings.requestTimeoutSeconds * 1000,
        limiter: services.clients.limiter,
        log: (e) =>
          services.log.info(
            `IAM ${e.method} ${e.path} → ${e.status ?? e.error ?? '?'} in ${e.durationMs} ms${e.requestId ? ` (request ID ${e.requestId})` : ''}`,
          ),
      }),
      region,
      { signal },
    );
  try {
    const projects = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Looking up the projects of {0} in IAM…', region), cancellable: true },
      async (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        const configured = settings.iamEndpoint || undefined;
        try {
          return await lookup(iamEndpointFor(region, configured), controller.signal);
        } catch (e) {
          // The regional endpoint unreachable (no such host, refused): the global one answers for every region.
          if (configured || !isSdrsError(e) || e.kind !== 'network') throw e;
          services.log.warn(`IAM in ${region} unreachable (${e.describe()}); asking ${GLOBAL_IAM_ENDPOINT}`);
          return lookup(GLOBAL_IAM_ENDPOINT, controller.signal);
        }
      },
    );
    return { ok: true, projects };
  } catch (e) {
    if (!isSdrsError(e)) throw e;
    if (e.kind === 'aborted') return { ok: false, problem: vscode.l10n.t('The IAM lookup was cancelled. Type the project ID instead.') };
    services.log.warn(`IAM project lookup for ${region} failed: ${e.describe()}`);
    return { ok: false, problem: iamProblem(e) };
  }
}

async function askProjectId(place: StepPlace, region: string, problem: string): Promise<IamProject | undefined> {
  const id = await askStep(place, {
    title: vscode.l10n.t('Add Connection: project of {0}', region),
    prompt: problem,
    placeHolder: vscode.l10n.t('32 hexadecimal characters, from My Credentials → API Credentials in the console'),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? checkProjectId(v) : undefined),
  });
  return id && !checkProjectId(id) ? { id: id.trim().toLowerCase(), name: '' } : undefined;
}

/**
 * The list to write back. While only the legacy connection (`sdrs.region` + `sdrs.projectId`) exists, it becomes the
 * list's first entry if it is set up, and its filter moves to the ID it gets there.
 */
async function currentList(filterState: FilterState): Promise<ConnectionConfig[]> {
  const list: ConnectionConfig[] = [];
  for (const c of readConnections()) {
    if (!c.legacy) list.push(c);
    else if (c.projectId && (c.region || readSettings().endpoint)) {
      const migrated = toConfig({ ...c, label: c.label === defaultLabel(c.region, c.projectId) ? undefined : c.label });
      const filter = filterState.get(c.id);
      // Its old filter is cleared only once the list is written (see writeList): cleared now, it would list the legacy
      // connection again, unfiltered, just before it moves.
      if (Object.keys(filter).length) await filterState.set(migrated.id, filter);
      list.push(migrated);
    }
  }
  return list;
}

/** Writes the list made by currentList; a legacy connection it moved into the list leaves its old filter behind. */
async function writeList(filterState: FilterState, list: ConnectionConfig[]): Promise<void> {
  const moved = readConnections().some((c) => c.legacy) && !list.some((c) => c.legacy);
  await writeConnections(list);
  if (moved) await filterState.clear(LEGACY_CONNECTION_ID);
}

/** Add Connection's answers: an account (perhaps new, perhaps with keys typed here), a region, a project. */
interface ConnectionAnswers extends KeyAnswers {
  account?: string | typeof NEW_ACCOUNT;
  newAccount?: string;
  /** The account has credentials already: no keys are asked, and IAM is asked with the stored ones. */
  hasCredentials?: boolean;
  region?: string;
  project?: IamProject;
}

const accountOf = (a: ConnectionAnswers): string => (a.account === NEW_ACCOUNT ? (a.newAccount ?? '') : (a.account ?? ''));

/** account → [new account's name] → [AK → SK → token, for an account without credentials] → region → project. */
function addConnectionSteps(services: Services): Step<ConnectionAnswers>[] {
  const { credentials, registry } = services;
  const accounts = knownAccounts(credentials, registry);
  const hasCredentials = async (account: string): Promise<boolean> => (await credentials.resolve(account)) !== undefined;
  return [
    {
      run: async (place, answers) => {
        const { account } = await pickStep(place, await accountItems(credentials, accounts, true), {
          title: vscode.l10n.t('Add Connection: account'),
          placeHolder: vscode.l10n.t('Pick an account'),
          active: (i) => i.account === answers.account,
        });
        return { ...answers, account, hasCredentials: account !== NEW_ACCOUNT && (await hasCredentials(account)) };
      },
    },
    {
      when: (answers) => answers.account === NEW_ACCOUNT,
      run: async (place, answers) => {
        const newAccount = await askAccountName(place, accounts);
        return newAccount ? { ...answers, newAccount, hasCredentials: await hasCredentials(newAccount) } : undefined;
      },
    },
    ...keySteps<ConnectionAnswers>(accountOf, (answers) => !answers.hasCredentials),
    {
      run: async (place, answers) => {
        const account = accountOf(answers);
        // Regions this account already has connections in say so, so a second project there is a choice, not a slip.
        const connected = (r: string): string[] =>
          registry.connections.filter((e) => e.config.account === account && e.config.region === r).map((e) => e.config.label);
        const region = await pickStep(
          place,
          SDRS_REGIONS.map((r) => ({
            label: r,
            description: [
              regionName(r),
              connected(r).length
                ? vscode.l10n.t(
                    'connected: {0}',
                    connected(r)
                      .map((l) => escapeIcons(l))
                      .join(', '),
                  )
                : undefined,
            ]
              .filter(Boolean)
              .join(' · '),
          })),
          {
            title: vscode.l10n.t('Add Connection: region'),
            placeHolder: vscode.l10n.t('Pick the region of the protection groups'),
            matchOnDescription: true,
            active: (i) => i.label === answers.region,
          },
        );
        return { ...answers, region: region.label };
      },
    },
    {
      run: async (place, answers) => {
        const region = answers.region ?? '';
        // Keys typed in this flow are not stored yet (Esc must leave nothing behind): IAM is asked with them directly.
        const source: CredentialSource = answers.hasCredentials
          ? async () => (await credentials.resolve(accountOf(answers)))?.credentials
          : async () => keysOf(answers);
        const lookup = await lookUpProjects(services, accountOf(answers), source, region);
        const found = lookup.ok ? resolveProject(lookup.projects) : undefined;
        let project: IamProject | undefined;
        if (!lookup.ok) project = await askProjectId(place, region, lookup.problem);
        else if (found?.kind === 'one') project = found.project;
        else if (found?.kind === 'several') {
          const picked = await pickStep(
            place,
            found.projects.map((p) => ({ label: escapeIcons(p.name), description: p.id, project: p })),
            {
              title: vscode.l10n.t('Add Connection: project'),
              placeHolder: vscode.l10n.t('IAM lists several projects for {0}; pick one', region),
              active: (i) => i.project.id === answers.project?.id,
            },
          );
          project = picked.project;
        } else {
          project = await askProjectId(place, region, vscode.l10n.t('IAM lists no project named {0} for this account. Type the project ID instead.', region));
        }
        return project && { ...answers, project };
      },
    },
  ];
}

export function registerConnectionCommands(services: Services): vscode.Disposable[] {
  const { credentials, registry } = services;
  return [
    vscode.commands.registerCommand(COMMANDS.addConnection, async () => {
      if (!vscode.workspace.isTrusted) {
        void showWarning(say('Connections can be added only in a trusted workspace.'));
        return;
      }
      const answers = await runSteps(addConnectionSteps(services), {});
      if (!answers?.region || !answers.project) return;
      const account = accountOf(answers);
      if (!answers.hasCredentials) await storeKeys(credentials, account, answers);
      await credentials.addAccount(account);

      const list = await currentList(services.filterState);
      const { region, project } = answers;
      const config = toConfig({ account, region, projectId: project.id, projectName: project.name || undefined });
      if (list.some((c) => c.id === config.id)) {
        void showInfo(say('The connection {0} exists already.', config.label));
        return;
      }
      await writeList(services.filterState, [...list, config]);
      // The new root comes last, often below the fold: show it, selected, so the user sees what was added.
      showStatus(say('Added connection {0}', config.label), 5000);
      await services.view.revealConnection(config.id).catch(() => false);
    }),

    vscode.commands.registerCommand(COMMANDS.renameConnection, async (arg?: unknown) => {
      const entry = await pickConnection(registry, arg, vscode.l10n.t('Rename Connection'));
      if (!entry) return;
      const label = await ask({
        title: vscode.l10n.t('Rename Connection'),
        prompt: vscode.l10n.t(
          'A label for {0} (empty: the default, {1})',
          entry.config.projectId || entry.config.label,
          defaultLabel(entry.config.region, entry.config.projectId, entry.config.projectName),
        ),
        value: entry.config.label,
        ignoreFocusOut: true,
        validateInput: (v) => (v.length > 64 ? vscode.l10n.t('At most 64 characters.') : undefined),
      });
      if (label === undefined) return;
      const list = await currentList(services.filterState);
      // The legacy connection joins the list (see currentList), so it is found there by its new ID.
      const renamed = toConfig({ ...entry.config, label: label.trim() || undefined });
      const at = list.findIndex((c) => c.id === renamed.id);
      await writeList(
        services.filterState,
        list.map((c, i) => (i === at ? renamed : c)),
      );
    }),

    vscode.commands.registerCommand(COMMANDS.removeConnection, async (arg?: unknown) => {
      const entry = await pickConnection(registry, arg, vscode.l10n.t('Remove Connection'));
      if (!entry) return;
      const remove = vscode.l10n.t('Remove');
      const answer = await askModal(
        say('Remove the connection {0}?', entry.config.label),
        say('Nothing changes in the cloud; the account "{0}" and its credentials are kept.', entry.config.account),
        remove,
      );
      if (answer !== remove) return;
      if (entry.config.legacy) {
        const c = vscode.workspace.getConfiguration('sdrs');
        await c.update('projectId', undefined, vscode.ConfigurationTarget.Global);
        await c.update('region', undefined, vscode.ConfigurationTarget.Global);
        return;
      }
      await writeList(
        services.filterState,
        (await currentList(services.filterState)).filter((c) => c.id !== entry.config.id),
      );
    }),
  ];
}
