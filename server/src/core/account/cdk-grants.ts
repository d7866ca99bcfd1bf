// What a CDK construct's `grant…` method adds to the grantee's identity policy (`bucket.grantRead(fn)`,
// `table.grantReadWriteData(role)`). The statements come from cdk-grants.json, which scripts/cdk-grants.mjs writes by
// calling each grant of an installed aws-cdk-lib on a fresh stack and reading back the template it synthesizes; the
// file names the release. Resources there are template strings of the construct's tokens (`${Arn}/*`), which the
// account reader fills with what it knows of the construct.
import grantData from './cdk-grants.json';
import { DeployString, type DeployPart, type DeployValue } from './deploy-time';

interface GrantStatementData {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly condition?: { readonly [operator: string]: { readonly [key: string]: unknown } };
}

interface GrantableData {
  readonly module: string;
  /** Token (`Arn`, `Ref`) -> the construct's attribute that holds it (`bucketArn`, `bucketName`). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly grants: Readonly<Record<string, readonly GrantStatementData[]>>;
  /** For a construct that makes its own role (a CodeBuild project): the statements it writes in that role's default policy. */
  readonly ownRole?: readonly GrantStatementData[];
  /** For a table with secondary indexes: the grants that then cover the indexes too (`${Arn}/index/*`). */
  readonly indexedGrants?: Readonly<Record<string, readonly GrantStatementData[]>>;
}

const constructs = grantData.constructs as unknown as Readonly<Record<string, GrantableData>>;

/** The release of aws-cdk-lib the statements were taken from. */
export const CDK_GRANTS_VERSION = grantData.version;

/** The module (`aws-s3`) a construct class with known grants comes from, or undefined. */
export function grantableModule(className: string): string | undefined {
  return Object.hasOwn(constructs, className) ? constructs[className].module : undefined;
}

/** The known classes that have a grant method of this name: `grantReadWriteData` is a Table's alone, `grantRead` many's. */
export function classesWithGrant(method: string): string[] {
  return Object.keys(constructs).filter((className) => Object.hasOwn(constructs[className].grants, method));
}

/** What a grant call gives, beside the construct's tokens: the actions a generic `grant` names, and an S3 key pattern. */
export interface GrantArguments {
  /** `table.grant(role, 'dynamodb:UpdateItem')`: the actions after the grantee. */
  actions: readonly DeployValue[];
  /** `bucket.grantRead(role, 'reports/*')`; `*` when not given. */
  objectsKeyPattern?: string | DeployPart;
  /** The table has secondary indexes (`table.addGlobalSecondaryIndex(…)`), which its grants cover too. */
  indexed?: boolean;
}

/**
 * The statements `className.method(grantee, …)` adds to the grantee's policy, as policy JSON with values known only at
 * deploy. `token` gives the value of a token of the construct: its attribute's name (`bucketArn`) when the data knows
 * one, and the token (`Arn`, `AWS::Region`). Undefined when the method is not known.
 */
export function grantStatements(
  className: string,
  method: string,
  args: GrantArguments,
  token: (attribute: string | undefined, token: string) => string | DeployPart,
): { [key: string]: DeployValue }[] | undefined {
  const data = Object.hasOwn(constructs, className) ? constructs[className] : undefined;
  const indexed = args.indexed && data?.indexedGrants && Object.hasOwn(data.indexedGrants, method) ? data.indexedGrants[method] : undefined;
  const statements = indexed ?? (data && Object.hasOwn(data.grants, method) ? data.grants[method] : undefined);
  return data && statements && policyStatements(data, statements, args, token);
}

/** The statements a construct that makes its own role writes in its default policy unasked; undefined for other classes. */
export function ownRoleStatements(className: string, token: (attribute: string | undefined, token: string) => string | DeployPart): { [key: string]: DeployValue }[] | undefined {
  const data = Object.hasOwn(constructs, className) ? constructs[className] : undefined;
  return data?.ownRole && policyStatements(data, data.ownRole, { actions: [] }, token);
}

function policyStatements(
  data: GrantableData,
  statements: readonly GrantStatementData[],
  args: GrantArguments,
  token: (attribute: string | undefined, token: string) => string | DeployPart,
): { [key: string]: DeployValue }[] {
  const fill = (template: string): string | DeployString => {
    const parts: (string | DeployPart)[] = [];
    // Text next to text is one part: a token the reader knows (a bucket's name) joins the text around it.
    const push = (part: string | DeployPart) => {
      const last = parts.length - 1;
      if (typeof part === 'string' && typeof parts[last] === 'string') parts[last] += part;
      else if (part !== '') parts.push(part);
    };
    let position = 0;
    for (const match of template.matchAll(/\$\{([^}]+)\}/g)) {
      push(template.slice(position, match.index));
      const name = match[1];
      push(name === 'objectsKeyPattern' ? (args.objectsKeyPattern ?? '*') : token(Object.hasOwn(data.attributes, name) ? data.attributes[name] : undefined, name));
      position = match.index + match[0].length;
    }
    push(template.slice(position));
    return parts.every((part) => typeof part === 'string') ? parts.join('') : new DeployString(parts);
  };
  return statements.map((statement) => ({
    Effect: 'Allow',
    Action: statement.actions.flatMap((action): DeployValue[] => (action === '${actions}' ? [...args.actions] : [action])),
    Resource: statement.resources.map(fill),
    ...(statement.condition ? { Condition: statement.condition as DeployValue } : {}),
  }));
}
