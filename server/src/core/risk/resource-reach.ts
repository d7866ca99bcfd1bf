import { parseArn, type Arn } from '../policy/arn';
import { parsedArnOf } from '../policy/policy-arns';
import type { Statement, StringValue } from '../policy/model';
import { coversAllResources } from './statement-scope';

/**
 * How far a statement's resources reach into one resource type:
 * - `all`: every resource of the type (`*`, `arn:aws:ec2:*:*:instance/*`, NotResource, no Resource element);
 * - `prefix`: only those whose name starts with a literal prefix (`role/app/*`, `policy/team-*`,
 *   `function:app-*`), each with the Resource value that says so.
 * Undefined when the statement names its resources exactly or names none of the type.
 */
export type ResourceReach = { kind: 'all' } | { kind: 'prefix'; values: readonly PrefixValue[] };

/** A Resource value that reaches the resources of a type whose names start with `prefix` (`role/app/`). */
export interface PrefixValue {
  value: StringValue;
  prefix: string;
}

/**
 * The reach of the statement's Resource (or NotResource) into the resource type whose ARN templates are given
 * (from the catalog, such as `arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`). `excludes` drops
 * Resource values that can never name a resource the caller could use this way (service-linked role paths, AWS
 * managed policies); it sees the parsed ARN.
 */
export function resourceReachOf(statement: Statement, templates: readonly string[], excludes?: (arn: Arn) => boolean): ResourceReach | undefined {
  // NotResource reaches everything but what it lists; no Resource element at all leaves nothing out either.
  if (statement.notResource || !statement.resource) return { kind: 'all' };
  const shapes = shapesOf(templates);
  const prefixes: PrefixValue[] = [];
  for (const value of statement.resource.values) {
    const reach = valueReach(value.value, shapes, excludes);
    if (reach === 'all') return { kind: 'all' };
    if (reach !== undefined) prefixes.push({ value, prefix: reach });
  }
  return prefixes.length > 0 ? { kind: 'prefix', values: prefixes } : undefined;
}

/** The fixed parts of an ARN template: its service and the literal type prefix of its resource (`role/`, `function:`). */
interface TemplateShape {
  service: string;
  typePrefix: string;
}

// The templates come from the catalog, one array per resource type, asked about for every statement that may grant
// its actions: their shapes are kept per array.
const shapesByTemplates = new WeakMap<readonly string[], readonly TemplateShape[]>();

function shapesOf(templates: readonly string[]): readonly TemplateShape[] {
  let shapes = shapesByTemplates.get(templates);
  if (!shapes) shapesByTemplates.set(templates, (shapes = templates.map(shapeOf).filter((shape): shape is TemplateShape => shape !== undefined)));
  return shapes;
}

function shapeOf(template: string): TemplateShape | undefined {
  const arn = parseArn(template);
  if (!arn) return undefined;
  const variable = arn.resource.text.indexOf('${');
  return { service: arn.service.text.toLowerCase(), typePrefix: variable < 0 ? arn.resource.text : arn.resource.text.slice(0, variable) };
}

/** `'all'`, the literal prefix of the names the value reaches, or undefined when it names resources exactly or none of the type. */
function valueReach(value: string, shapes: readonly TemplateShape[], excludes?: (arn: Arn) => boolean): 'all' | string | undefined {
  let found: 'all' | string | undefined;
  for (const shape of shapes) {
    if (coversAllResources(value, shape.service)) return 'all';
    // The shared parse: the same Resource texts recur in every statement, policy and keystroke.
    const arn = parsedArnOf(value);
    if (!arn) continue;
    const service = arn.service.text.toLowerCase();
    if (service !== shape.service && !/^\*+$/.test(service)) continue;
    if (excludes?.(arn)) continue;
    const resource = arn.resource.text;
    const wildcard = firstWildcardOutsideVariables(resource);
    if (wildcard < 0) continue;
    const head = resource.slice(0, wildcard);
    // `role/*`, `instance/*`, `stack/*/*`, or a head that stops inside the type name (`ro*`): every resource of the type.
    if (shape.typePrefix.startsWith(head)) return 'all';
    if (head.startsWith(shape.typePrefix) && head.length > shape.typePrefix.length) found ??= head;
  }
  return found;
}

/**
 * Whether the statement's resources may name any resource of the type whose ARN templates are given: NotResource or no
 * Resource, a value that covers every resource of its service, one of the type's service whose resource starts with
 * the type's literal prefix (`user/ops/alice`, `user/${aws:username}`) or is a wildcard or a value known only at deploy
 * before it ends (`u*`, `${path}`), or a value known only at deploy that is no ARN with a service (`${Role.Arn}`). False
 * when every value names another type (`role/*-clamav` for an IAM user, also `arn:aws:iam::${account_id}:role/da*`).
 * With no templates (an action of no resource type), whether a value may be `"*"` or covers every resource of `service`.
 */
export function namesAnyOfType(statement: Statement, templates: readonly string[], service?: string): boolean {
  if (statement.notResource || !statement.resource) return true;
  // An action of no resource type is authorized against "*" (glue:CreateDevEndpoint): a statement that names only
  // Glue tables and databases most likely never grants it (resource-level-unsupported says so of the action).
  if (templates.length === 0) return statement.resource.values.some((value) => coversAllResources(value.value, service) || value.value.includes('${'));
  const shapes = shapesOf(templates);
  if (shapes.length === 0) return true;
  return statement.resource.values.some((value) => shapes.some((shape) => mayName(value.value, shape)));
}

function mayName(value: string, shape: TemplateShape): boolean {
  if (coversAllResources(value, shape.service)) return true;
  const arn = parsedArnOf(value);
  if (!arn) return value.includes('${');
  const service = arn.service.text.toLowerCase();
  if (service !== shape.service && !/[*?$]/.test(service)) return false;
  const resource = arn.resource.text;
  // A variable in the resource may be any text from where it starts, as a wildcard may.
  const open = firstOpenPosition(resource);
  const head = open < 0 ? resource : resource.slice(0, open);
  return head.startsWith(shape.typePrefix) || (open >= 0 && shape.typePrefix.startsWith(head));
}

/** The first `*`, `?` or `${…}` of a resource, or -1. */
function firstOpenPosition(text: string): number {
  const wildcard = firstWildcardOutsideVariables(text);
  const variable = text.indexOf('${');
  if (variable < 0) return wildcard;
  return wildcard < 0 ? variable : Math.min(wildcard, variable);
}

function firstWildcardOutsideVariables(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '$' && text[i + 1] === '{') depth++;
    else if (char === '}' && depth > 0) depth--;
    else if (depth === 0 && (char === '*' || char === '?')) return i;
  }
  return -1;
}
