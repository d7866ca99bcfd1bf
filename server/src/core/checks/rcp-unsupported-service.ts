import { removeEntry } from '../policy/json-edits';
import type { ListElement, StringValue } from '../policy/model';
import { spanOfNode } from '../policy/parse-policy';
import type { Span } from '../text/span';
import type { Check, CheckContext, Fix } from './check';

// RCPs apply only to the services AWS lists; the catalog marks them.
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html#rcp-supported-services
// Access Analyzer: "RCP syntax error action: RCPs only support specifying select service prefixes in the Action element."
export const rcpUnsupportedService: Check = {
  id: 'rcp-unsupported-service',
  severity: 'error',
  description: 'RCPs apply only to the services AWS lists (S3, STS, KMS, SQS, Secrets Manager and others); an RCP cannot name actions of any other service.',
  run(context) {
    if (context.policyType !== 'rcp') return;
    for (const statement of context.policy.statements) {
      const action = statement.action;
      if (!action) continue;
      const isAllow = statement.effect?.value?.value === 'Allow';
      const items = itemSpans(action);
      for (const value of action.values) {
        if (value.value === '*') {
          // "*" is RCPFullAWSAccess's Allow, and AWS's own RCP syntax example denies it too: valid, but it does not deny
          // what an author reading it may expect, since requests to services RCPs do not cover never meet it.
          // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
          if (!isAllow) {
            context.report(
              value.span,
              'In an RCP, "*" covers only the services RCPs apply to (S3, STS, KMS, SQS, Secrets Manager and the others AWS lists, and those it adds later); requests to any other service are not denied by it.',
              { severity: 'information' },
            );
          }
          continue;
        }
        checkService(context, items, value);
      }
    }
  },
};

function checkService(context: CheckContext, items: Span[], value: StringValue): void {
  const colon = value.value.indexOf(':');
  if (colon <= 0) return;
  const prefix = value.value.slice(0, colon);
  // Wildcards in the prefix and unknown services are for the action rules to judge.
  if (/[*?]/.test(prefix)) return;
  if (context.catalog.isRcpSupported(prefix)) return;
  const service = context.catalog.findService(prefix);
  if (!service) return;
  context.report(value.span, `RCPs do not apply to ${service.name} ("${service.prefix}"), and AWS rejects an RCP that names its actions. Remove "${value.value}".`, {
    fixes: removeFix(items, value),
  });
}

// The spans of the array's items, to remove one of them; empty for a single string, which cannot lose its only value.
function itemSpans(action: ListElement): Span[] {
  return action.isArray ? (action.property.valueNode?.children ?? []).map(spanOfNode) : [];
}

function removeFix(items: Span[], value: StringValue): Fix[] {
  if (items.length < 2) return [];
  const index = binarySearchStart(items, value.span.start);
  if (index < 0) return [];
  return [{ title: `Remove "${value.value}"`, edits: [removeEntry(items, index)], isPreferred: true }];
}

function binarySearchStart(spans: Span[], start: number): number {
  let low = 0;
  let high = spans.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (spans[middle].start === start) return middle;
    if (spans[middle].start < start) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}
