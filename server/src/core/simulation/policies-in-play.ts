import { looksLikePolicy } from '../policy/detect';
import { parsePolicy } from '../policy/parse-policy';
import { isPolicyRole, policyRoleNames, type PolicyRole } from './simulate';

/** A policy the user added to a simulation, as read: its text, or why it could not be read. */
export interface OtherPolicyText {
  uri: string;
  role: PolicyRole;
  level?: number;
  text?: string;
  /** Why it cannot be read, when `text` is undefined (an errno code such as ENOENT, or a message). */
  error?: string;
}

/** A policy that takes part in the simulation. */
export interface PolicyInPlay {
  uri: string;
  text: string;
  role: PolicyRole;
  level?: number;
}

/**
 * The policies in play when simulating one policy with others added: the simulated policy first (so that it is
 * the one resource-based policy, boundary or session policy), then the others, each once. An SCP or RCP being
 * simulated sits below every level the user added: the account's own level. Others that cannot take part (the
 * simulated file itself, unreadable files, files that are not policies) are left out with a note.
 */
export function policiesInPlay(
  simulated: { uri: string; text: string; role: PolicyRole },
  others: readonly OtherPolicyText[],
  nameOf: (uri: string) => string,
): { policies: PolicyInPlay[]; notes: string[] } {
  const notes: string[] = [];
  const policies: PolicyInPlay[] = [];
  const seen = new Set<string>();
  for (const other of others) {
    if (!isPolicyRole(other.role)) continue;
    if (other.uri === simulated.uri) {
      notes.push(`${nameOf(other.uri)} is the simulated file itself; it takes part once, as ${policyRoleNames[simulated.role].toLowerCase()}.`);
      continue;
    }
    const key = `${other.uri}|${other.role}|${other.level ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (other.text === undefined) {
      notes.push(`${nameOf(other.uri)} is left out: it cannot be read (${other.error}).`);
      continue;
    }
    if (!looksLikePolicy(parsePolicy(other.text))) {
      notes.push(`${nameOf(other.uri)} is left out: it is not a policy (no top-level object with a Statement).`);
      continue;
    }
    policies.push({ uri: other.uri, text: other.text, role: other.role, ...(other.level !== undefined ? { level: other.level } : {}) });
  }
  const { role } = simulated;
  const ownLevel = role === 'scp' || role === 'rcp' ? Math.max(-1, ...policies.filter((p) => p.role === role).map((p) => p.level ?? 0)) + 1 : undefined;
  policies.unshift({ uri: simulated.uri, text: simulated.text, role, ...(ownLevel !== undefined ? { level: ownLevel } : {}) });
  return { policies, notes };
}
