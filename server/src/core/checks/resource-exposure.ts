import type { CatalogAction } from '../catalog/catalog';
import { DerivedSlot } from '../policy/derived';
import { actionsOfStatementWhere, listForMessage } from '../risk/action-expansion';
import { changesResourceAccess, unconstrainedGrants, unconstrainedWording } from '../risk/sensitive-actions';
import type { StatementActions } from '../risk/action-grants';
import type { Check } from './check';

export const resourceExposure: Check = {
  id: 'resource-exposure',
  severity: 'warning',
  description:
    'Permissions management actions that open resources to others (bucket and key policies, ACLs, grants, shares, public snapshots) allowed on every resource and without conditions let the holder expose any resource in reach to other accounts or the public.',
  run({ policy, policyType, catalog, report }) {
    // Policies and ACLs first: they are what most readers know to guard. "*" expands to nothing here; it is
    // wildcard-action's to report.
    const grantsOf = (grants: StatementActions): readonly CatalogAction[] => {
      // Depends only on the list's text: kept with it (StatementActions.memo), keyed by this rule's ranking.
      const memoed = grants.memo.get(ranking) as { catalog: typeof catalog; actions: readonly CatalogAction[] } | undefined;
      if (memoed && memoed.catalog === catalog) return memoed.actions;
      const actions = byRank(actionsOfStatementWhere(catalog, grants, changesResourceAccess) ?? []);
      grants.memo.set(ranking, { catalog, actions });
      return actions;
    };
    for (const grant of unconstrainedGrants(policy, policyType, catalog, grantsOf)) {
      const { value, actions } = grant;
      const what = actions.length === 1 ? actions[0].fullName : `${actions.length} actions that open resources to others, such as ${listForMessage(actions.map((a) => a.fullName))},`;
      report(
        value.span,
        `"${value.value}" allows ${what} on every resource and ${unconstrainedWording(grant)}: ${consequenceOf(actions)} Name the resources in "Resource", or limit the change with conditions.`,
      );
    }
  },
};

const ranking = ['Policy', 'Acl', 'PublicAccess', 'Attribute', 'Grant', 'Permission', 'Shar', 'Authorize'];

/**
 * What the holder can do with the actions. Block Public Access settings open nothing themselves: turned off, they let
 * public bucket policies and ACLs take effect (SaaS sweep: Sysdig's s3:PutBucketPublicAccessBlock).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 */
function consequenceOf(actions: readonly CatalogAction[]): string {
  if (actions.every((action) => /PublicAccessBlock$/.test(action.name)))
    return 'the holder can turn off the Block Public Access settings of any bucket or account in reach, which is what keeps public bucket policies and ACLs from taking effect.';
  return 'the holder can change the resource-based policy, ACL, grants or sharing of any resource in reach and open it to other accounts or the public.';
}

const ranks = new DerivedSlot<CatalogAction, number>('catalog action');

/** The actions ordered by rank, in their order within a rank (as a stable sort by rank orders them). */
function byRank(actions: readonly CatalogAction[]): readonly CatalogAction[] {
  // Most lists open nothing: they keep the shared empty answer rather than nine new buckets.
  if (actions.length <= 1) return actions;
  const buckets: CatalogAction[][] = Array.from({ length: ranking.length + 1 }, () => []);
  for (const action of actions) buckets[rankOf(action)].push(action);
  return buckets.flat();
}

function rankOf(action: CatalogAction): number {
  let rank = ranks.get(action);
  if (rank === undefined) {
    rank = ranking.findIndex((word) => action.name.includes(word));
    if (rank < 0) rank = ranking.length;
    ranks.set(action, rank);
  }
  return rank;
}
