import type { ConditionValue, Statement } from '../policy/model';
import { parseConditionOperator } from '../policy/condition-operators';
import { valueTextSpan } from '../policy/value-text';
import { matchesWildcard } from '../text/wildcard';
import { actionsMatching } from '../risk/action-expansion';
import { addConditionEdit } from '../risk/policy-edits';
import { testsAnyKey } from '../risk/trust';
import type { Check, Fix } from './check';

// The IAM User Guide's example pairs dynamodb:Attributes with "StringEqualsIfExists": {"dynamodb:Select":
// "SPECIFIC_ATTRIBUTES"}: without it, Query and Scan with Select ALL_ATTRIBUTES or ALL_PROJECTED_ATTRIBUTES return
// every attribute (of the table or of an index projection), whatever dynamodb:Attributes allows.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_dynamodb_attributes.html
export const conditionDynamodbAttributes: Check = {
  id: 'condition-dynamodb-attributes',
  severity: 'warning',
  onlyWith: 'Condition',
  description:
    'An Allow that limits DynamoDB reads to some attributes with dynamodb:Attributes also needs dynamodb:Select (SPECIFIC_ATTRIBUTES); otherwise Query and Scan can ask for all attributes and get them.',
  run({ policy, catalog, report }) {
    for (const statement of policy.statements) {
      if (statement.effect?.value?.value !== 'Allow' || !statement.condition) continue;
      // The key first: few statements test it, and looking for it allocates nothing.
      const attributes = attributesKeyOf(statement.condition.operators);
      if (!attributes || !readsAttributes(statement, catalog)) continue;
      const selectAll = selectOfEveryAttribute(statement);
      if (selectAll) {
        report(
          valueTextSpan(selectAll),
          `"dynamodb:Select" allows ${selectAll.value} here, so Query and Scan can return every attribute whatever "dynamodb:Attributes" allows. Allow only "SPECIFIC_ATTRIBUTES".`,
        );
        continue;
      }
      if (testsAnyKey(statement, ['dynamodb:Select'])) continue;
      report(
        attributes.property.keySpan,
        '"dynamodb:Attributes" alone does not stop Query and Scan from returning every attribute: a request with Select ALL_ATTRIBUTES passes it. Add "StringEqualsIfExists": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}.',
        { fixes: selectFix(policy.text, statement) },
      );
    }
  },
};

/**
 * A value of dynamodb:Select under an operator that allows it which asks for every attribute (ALL_ATTRIBUTES,
 * ALL_PROJECTED_ATTRIBUTES, or a pattern matching one): the pair with dynamodb:Attributes then lets a Query or Scan
 * return all of them (DynamoDB sweep: an attribute allow-list beside `dynamodb:Select: ALL_ATTRIBUTES`).
 */
function selectOfEveryAttribute(statement: Statement): ConditionValue | undefined {
  for (const operator of statement.condition?.operators ?? []) {
    const parsed = parseConditionOperator(operator.operator);
    if (!parsed || parsed.family !== 'String' || parsed.negated) continue;
    for (const entry of operator.keys) {
      if (entry.key.toLowerCase() !== 'dynamodb:select') continue;
      const every = entry.values.find(
        ({ value, placeholders }) =>
          !placeholders?.length &&
          EVERY_ATTRIBUTE.some((name) => (parsed.like ? matchesWildcard(value, name, parsed.ignoreCase) : parsed.ignoreCase ? name.toLowerCase() === value.toLowerCase() : name === value)),
      );
      if (every) return every;
    }
  }
  return undefined;
}

const EVERY_ATTRIBUTE = ['ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES'];

/** The first dynamodb:Attributes key (in any case) of the condition, if any. */
function attributesKeyOf<K extends { key: string }>(operators: readonly { keys: readonly K[] }[]): K | undefined {
  for (const operator of operators) {
    for (const entry of operator.keys) if (entry.key.length === attributesKey.length && entry.key.toLowerCase() === attributesKey) return entry;
  }
  return undefined;
}

const attributesKey = 'dynamodb:attributes';

/** Whether the statement allows an action that takes dynamodb:Select: Query, Scan, GetItem, BatchGetItem … */
function readsAttributes(statement: Statement, catalog: Parameters<typeof actionsMatching>[0]): boolean {
  if (!statement.action) return statement.notAction !== undefined;
  return statement.action.values.some(({ value }) =>
    actionsMatching(catalog, value).some((action) => action.service === 'dynamodb' && catalog.conditionKeysOf(action).some((key) => key.name === 'dynamodb:Select')),
  );
}

function selectFix(text: string, statement: Statement): Fix[] {
  const edit = addConditionEdit(text, statement, 'StringEqualsIfExists', 'dynamodb:Select', 'SPECIFIC_ATTRIBUTES');
  return edit ? [{ title: 'Add "dynamodb:Select": "SPECIFIC_ATTRIBUTES"', edits: [edit] }] : [];
}
