// Finding a region's project ID through IAM (KeystoneListProjects, GET /v3/projects?name=): read only, never creating a project.
import { normalizeEndpoint } from './endpoint';
import { responseError, reworded, SdrsError, validationError } from './errors';
import type { SdrsTransport } from './transport';
import { isRecord } from './json';
import { PROJECT_ID } from './validation';

export interface IamProject {
  id: string;
  name: string;
}

/**
 * IAM's global endpoint, which the official Node SDK uses when none is set. The regional one
 * (`iamEndpointFor`) is preferred; a caller may fall back to this when the regional host cannot be
 * reached (a network error), which the IAM documentation says answers the same call.
 */
export const GLOBAL_IAM_ENDPOINT = 'https://iam.myhuaweicloud.com';

/** A region ID as Huawei Cloud (and OTC: eu-de) spells them: lower-case words joined by single hyphens. */
const REGION = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The IAM endpoint for a region: the override when set (checked like a custom SDRS endpoint: https,
 * or http on loopback only; no user info, query or fragment; trailing slash dropped), else
 * `https://iam.{region}.myhuaweicloud.com`. A region that is not a region ID is refused rather than
 * put into a host name.
 */
export function iamEndpointFor(region: string, override?: string): string {
  if (override !== undefined && override.trim()) {
    try {
      return normalizeEndpoint(override);
    } catch (e) {
      if (!(e instanceof SdrsError)) throw e;
      const message = e.message.replace(/SDRS endpoint/g, 'IAM endpoint').replace(/sdrs\.cn-north-4/g, 'iam.cn-north-4');
      throw new SdrsError({ kind: 'config', field: 'iamEndpoint', message });
    }
  }
  if (typeof region !== 'string' || !REGION.test(region)) {
    throw new SdrsError({ kind: 'config', field: 'region', message: `"${String(region)}" is not a region ID (expected e.g. cn-north-4)` });
  }
  return `https://iam.${region}.myhuaweicloud.com`;
}

/**
 * The transport's errors speak of SDRS; these come from IAM. 401 and 403 get messages that say what
 * to do; other messages have "SDRS" replaced by "IAM". Kind, status, code, server message, request ID
 * and errno are kept (they were redacted when first built). Cancellation, validation and config
 * errors (no credentials) pass through unchanged.
 */
function asIamError(e: unknown): unknown {
  if (!(e instanceof SdrsError) || !['http', 'network', 'timeout', 'response'].includes(e.kind)) return e;
  let message = e.message.replace(/\bSDRS\b/g, 'IAM');
  if (e.kind === 'http' && e.status === 401) message = 'IAM rejected the credentials: check the AK/SK or IAM token';
  if (e.kind === 'http' && e.status === 403) {
    message = 'The credentials lack IAM permission to list projects: enter the project ID by hand, or grant IAM read access';
  }
  if (e.kind === 'http' && e.status === 404) message = 'IAM has no project listing at this endpoint: check the IAM endpoint';
  return reworded(e, message);
}

/**
 * The projects named exactly `region` (case-sensitive) that the credentials can see, from
 * `GET {iam}/v3/projects?name={region}` on a transport whose endpoint is the IAM endpoint (it needs
 * no project ID). Only GET is ever sent: unlike the official Node SDK, this never creates a project
 * when none or several match; `resolveProject` tells those cases apart and the caller decides.
 *
 * The body must be an object with a `projects` list whose entries each have a string `id` and
 * `name`; anything else fails with kind 'response' naming the first field at fault (other fields are
 * ignored). Entries named otherwise are dropped without a word: IAM filters by name already, and a
 * `CN-North-4` is not `cn-north-4`. A matching entry whose ID is not 32 hexadecimal characters is an
 * error too, not dropped: SDRS could not use it, and dropping it would turn a broken answer into a
 * misleading "no project" (or silently pick the other of two). Repeated IDs are listed once.
 *
 * IAM has its own endpoint and paging (`links.next`); a region's system project comes on the first page.
 */
export async function findProjects(transport: SdrsTransport, region: string, options: { signal?: AbortSignal } = {}): Promise<IamProject[]> {
  if (typeof region !== 'string' || !REGION.test(region)) {
    throw validationError('region', `"${String(region)}" is not a region ID (expected e.g. cn-north-4)`);
  }
  let reply: { body: unknown; requestId?: string };
  try {
    reply = await transport.getAt('/v3/projects', { name: region }, { signal: options.signal });
  } catch (e) {
    throw asIamError(e);
  }
  const { body, requestId } = reply;
  const fail = (path: string, problem: string): never => {
    throw responseError(`IAM returned a project list of an unexpected shape: ${path} ${problem}`, requestId);
  };
  if (!isRecord(body)) return fail('body', 'is not an object');
  const list = body.projects;
  if (!Array.isArray(list)) return fail('projects', 'is missing or not a list');
  const found: IamProject[] = [];
  list.forEach((entry: unknown, i) => {
    const path = `projects[${i}]`;
    if (!isRecord(entry)) return fail(path, 'is not an object');
    const { id, name } = entry;
    if (typeof id !== 'string') return fail(`${path}.id`, 'is not a string');
    if (typeof name !== 'string') return fail(`${path}.name`, 'is not a string');
    if (name !== region) return;
    if (!PROJECT_ID.test(id)) return fail(`${path}.id`, `of region ${region} is not a project ID of 32 hexadecimal characters`);
    if (!found.some((p) => p.id === id)) found.push({ id, name });
  });
  return found;
}

export type ProjectResolution = { kind: 'one'; project: IamProject } | { kind: 'none' } | { kind: 'several'; projects: IamProject[] };

/** What to do with `findProjects`' answer: use the one project, report none, or let the user pick (IDs listed once). */
export function resolveProject(projects: IamProject[]): ProjectResolution {
  const unique = projects.filter((p, i) => projects.findIndex((q) => q.id === p.id) === i);
  if (unique.length === 0) return { kind: 'none' };
  if (unique.length === 1) return { kind: 'one', project: unique[0] };
  return { kind: 'several', projects: unique };
}
