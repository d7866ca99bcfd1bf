import type { ConditionValue, ListElement, Placeholder, PolicyDocument, PrincipalElement, Statement, StringValue } from '../policy/model';
import { hasPlaceholder, textWithHoles } from '../policy/value-text';

/** The service of the ARN that stands for a resource named only at deploy time (`${Bucket.Arn}`): no real service. */
export const DEPLOY_TIME_SERVICE = 'deploy-time';

// A policy read from a template or a .tf file holds placeholders: values known only at deploy time (`!GetAtt
// Bucket.Arn`, `${AWS::AccountId}`, `var.account`). The checks compare two versions of one policy, deployed by the
// same stack or module, so a placeholder written the same way stands for the same value on both sides. Each distinct
// placeholder becomes one fixed literal that no policy names (an account placeholder becomes an unused 12-digit ID,
// so the public-access check still counts it as the policy's own account), the check runs on those literals, and the
// witness shows the placeholders again. The answer is exact for every deployment in which the placeholders hold
// values distinct from each other and from the literals the policies name; the result's reasons say so.

/** One table of literals for the placeholders of the policies one check reads. */
export class DeployTimeValues {
  private readonly bySource = new Map<string, string>();
  private readonly byLiteral = new Map<string, string>();

  /** The placeholders met so far (the partition, read as `aws`, aside), as the policy's values show them (`${Bucket.Arn}`, `${AWS::AccountId}`, `var.vpc_id`), in the order met. */
  get sources(): string[] {
    return [...this.byLiteral.values()];
  }

  /** The policy with every placeholder replaced by its literal; the same object when it holds none. */
  substitute(policy: PolicyDocument): PolicyDocument {
    if (!policy.statements.some(statementHoldsPlaceholder)) return policy;
    return { ...policy, statements: policy.statements.map((statement) => this.statement(statement)) };
  }

  /** The text with each placeholder literal written back as its placeholder. */
  restore(text: string): string {
    if (this.byLiteral.size === 0) return text;
    let result = text;
    // Longest first: an account literal never sits inside another literal, but keep it safe.
    for (const [literal, source] of [...this.byLiteral].sort((a, b) => b[0].length - a[0].length)) result = result.split(literal).join(source);
    return result;
  }

  // A placeholder is known by its text in the value: `${AWS::Region}` inside a SAM policy template, whose `source`
  // names the template for every hole, and `${OrdersTable.Arn}` for `!GetAtt OrdersTable.Arn`.
  private literalOf(hole: Placeholder, text: string): string {
    const known = this.bySource.get(text);
    if (known !== undefined) return known;
    const n = this.bySource.size + 1;
    const tag = text.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'value';
    // Partition placeholders are `aws` (an ARN's partition takes no other value a check could tell apart here).
    const literal =
      hole.kind === 'partition'
        ? 'aws'
        : hole.kind === 'account'
          ? `9999${String(n).padStart(8, '0')}`
          : hole.kind === 'region'
            ? `zz-deploy-${n}`
            : hole.kind === 'number'
              ? String(900_000 + n)
              : hole.kind === 'boolean'
                ? 'true'
                : hole.kind === 'arn'
                  ? `arn:aws:${DEPLOY_TIME_SERVICE}:zz-deploy-${n}:9999${String(n).padStart(8, '0')}:${tag}`
                  : `deploy-time-${n}-${tag}`;
    this.bySource.set(text, literal);
    if (hole.kind !== 'partition' && hole.kind !== 'boolean') this.byLiteral.set(literal, text);
    return literal;
  }

  private value<V extends StringValue | ConditionValue>(value: V): V {
    if (!hasPlaceholder(value)) return value;
    const text = textWithHoles(value, (hole) => this.literalOf(hole, value.value.slice(hole.start, hole.end)))!;
    const { placeholders: _, ...rest } = value;
    return { ...rest, value: text } as V;
  }

  private list(element: ListElement | undefined): ListElement | undefined {
    return element && { ...element, values: element.values.map((value) => this.value(value)) };
  }

  private principal(element: PrincipalElement | undefined): PrincipalElement | undefined {
    if (!element) return undefined;
    return {
      ...element,
      ...(element.wildcard ? { wildcard: this.value(element.wildcard) } : {}),
      entries: element.entries.map((entry) => ({ ...entry, values: entry.values.map((value) => this.value(value)) })),
    };
  }

  private statement(statement: Statement): Statement {
    if (!statementHoldsPlaceholder(statement)) return statement;
    const result: Statement = { ...statement };
    const set = <K extends keyof Statement>(key: K, value: Statement[K] | undefined) => {
      if (value !== undefined) result[key] = value;
    };
    set('action', this.list(statement.action));
    set('notAction', this.list(statement.notAction));
    set('resource', this.list(statement.resource));
    set('notResource', this.list(statement.notResource));
    set('principal', this.principal(statement.principal));
    set('notPrincipal', this.principal(statement.notPrincipal));
    if (statement.condition) {
      result.condition = {
        ...statement.condition,
        operators: statement.condition.operators.map((operator) => ({
          ...operator,
          keys: operator.keys.map((key) => ({ ...key, values: key.values.map((value) => this.value(value)) })),
        })),
      };
    }
    return result;
  }
}

function statementHoldsPlaceholder(statement: Statement): boolean {
  const lists = [statement.action, statement.notAction, statement.resource, statement.notResource];
  if (lists.some((list) => list?.values.some(hasPlaceholder))) return true;
  for (const principal of [statement.principal, statement.notPrincipal]) {
    if (principal?.wildcard && hasPlaceholder(principal.wildcard)) return true;
    if (principal?.entries.some((entry) => entry.values.some(hasPlaceholder))) return true;
  }
  return statement.condition?.operators.some((operator) => operator.keys.some((key) => key.values.some(hasPlaceholder))) ?? false;
}
