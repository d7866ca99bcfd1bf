// What a CDK construct's `grant…` method, or a method of its `grants` object, adds to the grantee's identity policy
// (`bucket.grantRead(fn)`, `bucket.grants.read(fn)`, `table.grantReadWriteData(role)`). The statements come from cdk-grants.json, which scripts/cdk-grants.mjs writes by
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

/** What a grant takes after the grantee: an S3 key pattern, actions as one array or as the rest, the actions a write gives. */
type ArgumentRole = 'objectsKeyPattern' | 'actions' | '...actions' | 'allowedActionPatterns';

interface GrantData {
  /** The arguments after the grantee, in order; none when the grant takes only the grantee. */
  readonly arguments?: readonly ArgumentRole[];
  readonly statements: readonly GrantStatementData[];
  /**
   * The statements where they differ, by the flags joined with `+` in this order: `indexed` (a table with secondary
   * indexes, `${Arn}/index/*`), `encrypted` (a construct with its own KMS key, `${EncryptionKey.Arn}`),
   * `allowedActions` (a write that names the actions it gives).
   */
  readonly variants?: Readonly<Record<string, readonly GrantStatementData[]>>;
}

/** How the code gives a construct its own KMS key: the prop that names one, or a prop whose value makes CDK create one. */
export interface EncryptionData {
  readonly keyProperty: string;
  readonly createsKey?: { readonly property: string; readonly value: string };
}

interface GrantableData {
  readonly module: string;
  /** Token (`Arn`, `Ref`) -> the construct's attribute that holds it (`bucketArn`, `bucketName`). */
  readonly attributes: Readonly<Record<string, string>>;
  /** By method: `grantRead` of the construct, `grants.read` of its grants object. */
  readonly grants: Readonly<Record<string, GrantData>>;
  /** For a construct that may be encrypted with a customer managed key, whose grants then cover the key. */
  readonly encryption?: EncryptionData;
  /** For a construct that makes its own role (a CodeBuild project): the statements it writes in that role's default policy. */
  readonly ownRole?: readonly GrantStatementData[];
}

const constructs = grantData.constructs as unknown as Readonly<Record<string, GrantableData>>;

/** The release of aws-cdk-lib the statements were taken from. */
export const CDK_GRANTS_VERSION = grantData.version;

/** The module (`aws-s3`) a construct class with known grants comes from, or undefined. */
export function grantableModule(className: string): string | undefined {
  return Object.hasOwn(constructs, className) ? constructs[className].module : undefined;
}

/** How a construct of the class is given its own KMS key, or undefined when its grants never touch one. */
export function encryptionOf(className: string): EncryptionData | undefined {
  return Object.hasOwn(constructs, className) ? constructs[className].encryption : undefined;
}

/** The known classes that have a grant method of this name: `grantReadWriteData` is a Table's alone, `grantRead` many's. */
export function classesWithGrant(method: string): string[] {
  return Object.keys(constructs).filter((className) => Object.hasOwn(constructs[className].grants, method));
}

/** An argument of a grant call after the grantee: its value as far as the file knows it, and its text. */
export interface GrantArgument {
  readonly value: DeployValue;
  readonly source: string;
}

/** What a grant call gives, beside the construct's tokens. */
export interface GrantCall {
  /** The call's arguments after the grantee: `'reports/*'` of `bucket.grantRead(fn, 'reports/*')`, the actions of `queue.grant(role, …)`. */
  readonly arguments: readonly GrantArgument[];
  /** The table has secondary indexes (`table.addGlobalSecondaryIndex(…)`), which its grants cover too. */
  readonly indexed?: boolean;
  /** The construct has its own KMS key (`encryptionKey: key`), which its grants cover too. */
  readonly encrypted?: boolean;
}

/**
 * The statements `className.method(grantee, …)` adds to the grantee's policy (`method` is `grantRead`, or
 * `grants.read` for the construct's grants object), as policy JSON with values known only at deploy. `token` gives
 * the value of a token of the construct: its attribute's name (`bucketArn`, `encryptionKey.keyArn`) when the data
 * knows one, and the token (`Arn`, `AWS::Region`). Undefined when the method is not known.
 */
export function grantStatements(
  className: string,
  method: string,
  call: GrantCall,
  token: (attribute: string | undefined, token: string) => string | DeployPart,
): { [key: string]: DeployValue }[] | undefined {
  const data = Object.hasOwn(constructs, className) ? constructs[className] : undefined;
  const grant = data && Object.hasOwn(data.grants, method) ? data.grants[method] : undefined;
  if (!data || !grant) return undefined;
  const args: { actions: DeployValue[]; objectsKeyPattern?: string | DeployPart; allowedActions?: DeployValue[] } = { actions: [] };
  (grant.arguments ?? []).forEach((role, index) => {
    const argument = call.arguments[index];
    if (role === '...actions') args.actions.push(...call.arguments.slice(index).map((rest) => rest.value));
    // An argument left out, or given as Go's `nil` or Java's `null`: the grant's default.
    else if (!argument || argument.value === null) return;
    else if (role === 'objectsKeyPattern') args.objectsKeyPattern = typeof argument.value === 'string' ? argument.value : { source: argument.source };
    else if (role === 'actions') args.actions.push(...listOf(argument));
    else args.allowedActions = listOf(argument);
  });
  const flags = [call.indexed && 'indexed', call.encrypted && 'encrypted', args.allowedActions && 'allowedActions'].filter(Boolean).join('+');
  const statements = (flags && grant.variants && Object.hasOwn(grant.variants, flags) ? grant.variants[flags] : undefined) ?? grant.statements;
  return policyStatements(data, statements, { ...args, actions: args.allowedActions ?? args.actions }, token);
}

/** The values of an argument that is a list of actions (`['sqs:SendMessage']`), or the one value known at deploy it stands for. */
function listOf(argument: GrantArgument): DeployValue[] {
  return Array.isArray(argument.value) ? [...argument.value] : [new DeployString([{ source: argument.source }])];
}

/** The statements a construct that makes its own role writes in its default policy unasked; undefined for other classes. */
export function ownRoleStatements(className: string, token: (attribute: string | undefined, token: string) => string | DeployPart): { [key: string]: DeployValue }[] | undefined {
  const data = Object.hasOwn(constructs, className) ? constructs[className] : undefined;
  return data?.ownRole && policyStatements(data, data.ownRole, { actions: [] }, token);
}

function policyStatements(
  data: GrantableData,
  statements: readonly GrantStatementData[],
  args: { actions: readonly DeployValue[]; objectsKeyPattern?: string | DeployPart },
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
