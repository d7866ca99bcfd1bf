import type { Catalog } from '../catalog/catalog';
import { actionDocUrl, conditionKeyDocUrl } from '../catalog/doc-links';
import type { PolicyDocument } from '../policy/model';
import type { Span } from '../text/span';
import { innerSpan } from '../text/span';

/** One statement in the outline. */
export interface StatementSymbol {
  name: string;
  detail: string;
  span: Span;
  selectionSpan: Span;
}

/** The outline: statements by Sid (or position), with their effect and a short summary of their actions. */
export function statementSymbols(policy: PolicyDocument): StatementSymbol[] {
  return policy.statements.map((statement) => {
    const sid = statement.sid?.value;
    const effect = statement.effect?.value?.value ?? '(no Effect)';
    const actions = statement.action?.values.map((v) => v.value) ?? statement.notAction?.values.map((v) => `not ${v.value}`) ?? [];
    const summary = actions.length === 0 ? 'no actions' : actions.length <= 2 ? actions.join(', ') : `${actions.slice(0, 2).join(', ')} and ${actions.length - 2} more`;
    return {
      name: sid?.value || `Statement ${statement.index + 1}`,
      detail: `${effect}: ${summary}`,
      span: statement.span,
      selectionSpan: sid?.span ?? { start: statement.span.start, end: statement.span.start + 1 },
    };
  });
}

export interface DocLink {
  span: Span;
  url: string;
  tooltip: string;
}

/** Links from each known action and condition key to its page in AWS's documentation. */
export function docLinks(policy: PolicyDocument, catalog: Catalog): DocLink[] {
  const links: DocLink[] = [];
  for (const statement of policy.statements) {
    for (const value of [...(statement.action?.values ?? []), ...(statement.notAction?.values ?? [])]) {
      const action = catalog.findAction(value.value);
      const service = action && catalog.findService(action.service);
      if (action && service) links.push({ span: innerSpan(value.span), url: actionDocUrl(service, action), tooltip: `${action.fullName} in the Service Authorization Reference` });
    }
    for (const operator of statement.condition?.operators ?? []) {
      for (const entry of operator.keys) {
        const key = catalog.findConditionKey(entry.key);
        if (!key) continue;
        links.push({
          span: innerSpan(entry.property.keySpan),
          url: conditionKeyDocUrl(key, key.service ? catalog.findService(key.service) : undefined),
          tooltip: `${key.name} in the AWS documentation`,
        });
      }
    }
  }
  return links;
}
