import { getCatalog } from '../catalog/catalog';

// "RCPs apply only to the AWS services" on the list of supported services; for any other service they are not
// evaluated at all. The catalog carries the list (the same one rcp-unsupported-service checks RCPs against).
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html#rcp-supported-services

let isSupported: ((servicePrefix: string) => boolean) | undefined;

/**
 * Whether RCPs apply to a request for `action` (lower case): whether its service is on the RCP list. Without a
 * readable catalog, or for an action without a service prefix, RCPs are taken to apply, as a Deny is the safe side.
 */
export function rcpsApplyTo(action: string): boolean {
  // Batches ask about the same few hundred actions over and over: answers are kept (a bounded cache).
  let answer = answers.get(action);
  if (answer === undefined) {
    if (answers.size >= 4096) answers.clear();
    answer = readRcpsApplyTo(action);
    answers.set(action, answer);
  }
  return answer;
}

const answers = new Map<string, boolean>();

function readRcpsApplyTo(action: string): boolean {
  const colon = action.indexOf(':');
  if (colon <= 0) return true;
  if (!isSupported) {
    try {
      const catalog = getCatalog();
      isSupported = (prefix) => catalog.isRcpSupported(prefix);
    } catch {
      isSupported = () => true;
    }
  }
  return isSupported(action.slice(0, colon));
}

/** The service prefix of an action, for messages. */
export function servicePrefixOf(action: string): string {
  const colon = action.indexOf(':');
  return colon < 0 ? action : action.slice(0, colon);
}
