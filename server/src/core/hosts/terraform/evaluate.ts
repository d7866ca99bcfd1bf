import { DeployString, deployStringOf, isObjectValue, type DeployPart, type DeployValue } from '../../account/deploy-time';
import { functionResult } from './functions';
import type { Placeholder } from '../../policy/model';
import { functionArguments, functionName, localExpression, onlyInterpolation, templateOf, unwrap } from './hcl';
import type { Evaluate } from './expansion';
import { referenceOfNode, referenceOfText, SPLAT, type ReferenceStep } from './references';
import { collectionElements, navigate } from './values';
import type { HclNode } from './syntax';

// The values of Terraform expressions, as far as they are known before apply: literals, `for` expressions
// (https://developer.hashicorp.com/terraform/language/expressions/for), conditionals, the functions modules use to
// pick and combine inputs, and references, which the caller resolves (the editor knows a file's locals; the account
// model knows a module's variables, locals, outputs and resources). One evaluator serves both, so a `for`
// expression or a dynamic block means the same in the lint and in the account model.

/** Where an expression is evaluated: at least the symbols a `for` expression or a dynamic block declares. */
export interface EvaluationContext {
  /** `b` in `[for b in var.buckets : …]`, `statement` (or the `iterator`) in a `dynamic "statement"` block. */
  symbols?: ReadonlyMap<string, DeployValue>;
}

/** What a reference names in a context (`var.x`, `local.x`, `aws_iam_role.r.arn`); undefined when known only at apply. */
export type ReferenceResolver<C extends EvaluationContext> = (first: string, steps: readonly ReferenceStep[], context: C) => DeployValue;

export class HclEvaluator<C extends EvaluationContext> {
  private depth = 0;

  constructor(private readonly resolve: ReferenceResolver<C>) {}

  /** An expression's value; a part known only at apply is a deploy-time string written as the expression. */
  evaluate(expression: HclNode, text: string, context: C): DeployValue {
    const node = unwrap(expression);
    const unknown = () => new DeployString([{ source: expression.text }]);
    if (this.depth > 40) return unknown();
    this.depth++;
    try {
      const value = this.evaluated(node, text, context);
      return value === undefined ? unknown() : value;
    } finally {
      this.depth--;
    }
  }

  /** What a reference names: a symbol of the context first (it shadows any other name), else what the resolver says. */
  reference(first: string, steps: readonly ReferenceStep[], context: C): DeployValue {
    if (context.symbols?.has(first)) {
      const symbol = context.symbols.get(first);
      // A symbol standing for any element of a collection known only at apply: its attribute is one too.
      const [only] = symbol instanceof DeployString ? symbol.parts : [];
      if (steps.length > 0 && symbol instanceof DeployString && symbol.parts.length === 1 && typeof only !== 'string' && !only.pattern)
        return new DeployString([{ source: `${only.source}${steps.map((step) => (step === SPLAT ? '[*]' : typeof step === 'string' ? `.${step}` : `[${JSON.stringify(step.index)}]`)).join('')}` }]);
      return navigate(symbol, steps);
    }
    return this.resolve(first, steps, context);
  }

  /** A string with placeholders (as a host reader keeps them) with the references known here filled in. */
  resolved(value: string, placeholders: readonly Placeholder[] | undefined, context: C): DeployValue {
    return deployStringOf(value, placeholders, (_, { source }) => this.placeholderValue(source, context) ?? { source });
  }

  private placeholderValue(source: string, context: C): string | DeployPart | undefined {
    const reference = referenceOfText(source);
    if (!reference) return undefined;
    const value = this.reference(reference.first, reference.steps, context);
    // A symbol standing for any element of a collection known only at apply is named by the collection.
    const [only] = value instanceof DeployString && value.parts.length === 1 && context.symbols?.has(reference.first) ? value.parts : [];
    if (only !== undefined && typeof only !== 'string') return only;
    // A value the resolver knows stands for accounts in a principal (`arn:aws:iam::${var.account_id}:root`).
    const [part] = value instanceof DeployString && value.parts.length === 1 ? value.parts : [];
    if (part !== undefined && typeof part !== 'string' && part.inPrincipal !== undefined) return part;
    return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
  }

  /** The value of an unwrapped expression; undefined when it is known only at apply. */
  evaluated(node: HclNode, text: string, context: C): DeployValue {
    switch (node.type) {
      case 'string_lit':
      case 'quoted_template':
      case 'heredoc_template': {
        // https://developer.hashicorp.com/terraform/language/expressions/strings#interpolation: a template that is
        // one interpolation and nothing else is the value itself (a list stays a list), as .tf.json writes expressions.
        const only = node.type === 'quoted_template' ? onlyInterpolation(node) : undefined;
        const whole = only && this.evaluated(unwrap(only), text, context);
        if (whole !== undefined) return whole;
        const template = templateOf(text, node, false);
        return template ? this.resolved(template.value, template.placeholders, context) : undefined;
      }
      case 'variable_expr':
        // A bare name: a `for` expression's symbol (`b` in `[for b in …]`).
        return context.symbols?.get(node.text);
      case 'for_tuple_expr':
      case 'for_object_expr':
        return this.forValue(node, text, context);
      case 'numeric_lit':
        return Number(node.text);
      case 'bool_lit':
        return node.text === 'true';
      case 'null_lit':
        return null;
      case 'tuple':
        return node.namedChildren.filter((child) => child.type === 'expression').map((child) => this.evaluate(child, text, context));
      case 'object': {
        const result: { [key: string]: DeployValue } = {};
        for (const element of node.namedChildren) {
          if (element.type !== 'object_elem') continue;
          const [key, value] = element.namedChildren.filter((child) => child.type === 'expression');
          if (!key || !value) continue;
          const keyNode = unwrap(key);
          const name = keyNode.type === 'variable_expr' ? keyNode.text : this.evaluate(key, text, context);
          if (typeof name !== 'string') continue;
          result[name] = this.evaluate(value, text, context);
        }
        return result;
      }
      case 'function_call':
        return this.functionValue(node, text, context);
      case 'conditional': {
        // https://developer.hashicorp.com/terraform/language/expressions/conditionals: only the chosen branch counts.
        const [condition, yes, no] = node.namedChildren.filter((child) => child.type === 'expression');
        const chosen = condition && this.evaluate(condition, text, context);
        return typeof chosen === 'boolean' && yes && no ? this.evaluate(chosen ? yes : no, text, context) : undefined;
      }
      case 'operation':
        return node.firstNamedChild ? this.operation(node.firstNamedChild, text, context) : undefined;
      case 'expression': {
        const reference = referenceOfNode(node, (index) => this.evaluate(index, text, context));
        return reference ? this.reference(reference.first, reference.steps, context) : undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * A `for` expression over a known collection: its elements, or for `{for …}` its map, with the `if` filter
   * applied. Undefined when the collection, a filter or a key is known only at apply: which elements exist is then
   * unknown too.
   */
  private forValue(node: HclNode, text: string, context: C): DeployValue {
    const intro = node.namedChildren.find((child) => child.type === 'for_intro');
    const collectionNode = intro?.namedChildren.find((child) => child.type === 'expression');
    const names = intro?.namedChildren.filter((child) => child.type === 'identifier').map((child) => child.text) ?? [];
    if (!collectionNode || names.length === 0 || names.length > 2) return undefined;
    const elements = collectionElements(this.evaluate(collectionNode, text, context));
    if (!elements) return undefined;
    const [body, value] = node.namedChildren.filter((child) => child.type === 'expression');
    const condition = node.namedChildren.find((child) => child.type === 'for_cond')?.namedChildren.find((child) => child.type === 'expression');
    const grouped = node.type === 'for_object_expr' && node.namedChildren.some((child) => child.type === 'ellipsis');
    const list: DeployValue[] = [];
    const map: { [key: string]: DeployValue } = {};
    for (const [key, element] of elements) {
      const symbols = new Map(context.symbols);
      if (names.length === 2) symbols.set(names[0], key);
      symbols.set(names[names.length - 1], element);
      const inner: C = { ...context, symbols };
      if (condition) {
        const keep = this.evaluate(condition, text, inner);
        if (keep === false) continue;
        if (keep !== true) return undefined;
      }
      if (!body) return undefined;
      if (node.type === 'for_tuple_expr') {
        list.push(this.evaluate(body, text, inner));
        continue;
      }
      const name = this.evaluate(body, text, inner);
      if (typeof name !== 'string' && typeof name !== 'number') return undefined;
      const item = value ? this.evaluate(value, text, inner) : undefined;
      // Without `...`, a key made twice is an error Terraform reports at plan.
      if (grouped) map[name] = [...((map[name] as DeployValue[] | undefined) ?? []), item];
      else if (String(name) in map) return undefined;
      else map[name] = item;
    }
    // Terraform's maps are ordered by key.
    return node.type === 'for_tuple_expr'
      ? list
      : Object.fromEntries(
          Object.keys(map)
            .sort()
            .map((key) => [key, map[key]]),
        );
  }

  /** The built-in functions modules use to pick and combine values (functions.ts); any other call is known only at apply. */
  private functionValue(node: HclNode, text: string, context: C): DeployValue {
    const name = functionName(node);
    if (name === undefined) return undefined;
    if (name === 'try') return this.tryValue(functionArguments(node), text, context);
    const args = functionArguments(node).map((arg) => this.evaluate(arg, text, context));
    // `f(a, list...)`: the last argument's elements are the arguments after the others.
    const expanded = node.namedChildren.find((child) => child.type === 'function_arguments')?.children.some((child) => child.type === 'ellipsis');
    if (expanded) {
      const last = args.pop();
      if (!Array.isArray(last)) return undefined;
      args.push(...last);
    }
    return functionResult(name, args);
  }

  /**
   * https://developer.hashicorp.com/terraform/language/functions/try: the first argument that evaluates without an
   * error. An argument known only at apply may evaluate, so it decides unless it is known to fail (an attribute a
   * known object lacks, an index past a known list's end, an attribute of null).
   */
  private tryValue(args: readonly HclNode[], text: string, context: C): DeployValue {
    for (const arg of args) {
      const value = this.evaluate(arg, text, context);
      const wholly = value instanceof DeployString && value.parts.length === 1 && typeof value.parts[0] !== 'string';
      if (!wholly) return value;
      if (!this.fails(arg, text, context)) return undefined;
    }
    return undefined;
  }

  /** Whether a reference is known to fail: a step into null, or past what a known object or list holds. */
  private fails(expression: HclNode, text: string, context: C): boolean {
    const reference = referenceOfNode(expression, (index) => this.evaluate(index, text, context));
    if (!reference) return false;
    const { first, steps } = reference;
    // `var` and `local` alone name no value: their first step is where a value starts.
    for (let at = context.symbols?.has(first) ? 0 : 1; at < steps.length; at++) {
      const current = this.reference(first, steps.slice(0, at), context);
      const step = steps[at];
      if (current === null) return true;
      if (step === SPLAT || (typeof step === 'object' && step.index === undefined)) return false;
      const key = typeof step === 'string' ? step : step.index!;
      if (isObjectValue(current)) {
        if (!(String(key) in current)) return true;
      } else if (Array.isArray(current)) {
        if (typeof key !== 'number' || key >= current.length) return true;
      } else return false;
    }
    return false;
  }

  /** `!`, `&&`, `||`, `==`, `!=` and number comparisons, as conditions on module inputs are written. */
  private operation(node: HclNode, text: string, context: C): DeployValue {
    const children = node.children;
    const operator = children.find((child) => !child.isNamed && child.type !== '(' && child.type !== ')');
    if (!operator) return undefined;
    const operand = (nodes: HclNode[]): DeployValue => {
      if (nodes.length === 0) return undefined;
      if (nodes.length === 1) return this.evaluate(nodes[0], text, context);
      // `var.a` in an operation is not wrapped in an expression node: read it as a reference from its text.
      const reference = referenceOfText(text.slice(nodes[0].startIndex, nodes[nodes.length - 1].endIndex));
      return reference ? this.reference(reference.first, reference.steps, context) : undefined;
    };
    const at = children.indexOf(operator);
    const right = operand(children.slice(at + 1).filter((child) => child.isNamed));
    if (node.type === 'unary_operation') return operator.type === '!' && typeof right === 'boolean' ? !right : operator.type === '-' && typeof right === 'number' ? -right : undefined;
    const left = operand(children.slice(0, at).filter((child) => child.isNamed));
    const scalar = (value: DeployValue) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null;
    // A value known only at apply is still known not to be null (`var.policy == null` with a policy passed).
    const equal = scalar(left) && scalar(right) ? left === right : (left === null && right instanceof DeployString) || (right === null && left instanceof DeployString) ? false : undefined;
    switch (operator.type) {
      case '&&':
        return left === false || right === false ? false : left === true && right === true ? true : undefined;
      case '||':
        return left === true || right === true ? true : left === false && right === false ? false : undefined;
      case '==':
        return equal;
      case '!=':
        return equal === undefined ? undefined : !equal;
      case '>':
        return typeof left === 'number' && typeof right === 'number' ? left > right : undefined;
      case '>=':
        return typeof left === 'number' && typeof right === 'number' ? left >= right : undefined;
      case '<':
        return typeof left === 'number' && typeof right === 'number' ? left < right : undefined;
      case '<=':
        return typeof left === 'number' && typeof right === 'number' ? left <= right : undefined;
      default:
        return undefined;
    }
  }
}

/**
 * The editor's evaluation of a file: `local.x` is the local's value (this file's locals, or the module's other
 * files' while they are read with it, hcl.ts withLocals); variables, resources and data sources are known only at
 * apply (a variable's default can be overridden).
 */
const fileEvaluator: HclEvaluator<EvaluationContext> = new HclEvaluator<EvaluationContext>((first, steps): DeployValue => {
  const [name, ...rest] = steps;
  if (first !== 'local' || typeof name !== 'string') return undefined;
  const local = localExpression(name);
  // A local that names itself, through others or not, is a cycle Terraform rejects: unknown here.
  if (!local || localsEvaluated.has(local.value)) return undefined;
  localsEvaluated.add(local.value);
  try {
    // A local is evaluated where locals are: no symbol of the expression that names it reaches it.
    return navigate(fileEvaluator.evaluate(local.value, local.text, {}), rest);
  } finally {
    localsEvaluated.delete(local.value);
  }
});
const localsEvaluated = new Set<HclNode>();

export const evaluateInFile: Evaluate = (expression, text, symbols) => fileEvaluator.evaluate(expression, text, symbols ? { symbols } : {});

/**
 * The evaluation of a `.tf.json` file's `"${…}"` expressions: `local.x` is the file's `"locals"` value (JSON, whose
 * strings are templates: one with `${` or `%{` in it is known only at apply); any other reference is known only at apply.
 */
export function evaluationWithJsonLocals(locals: ReadonlyMap<string, unknown>): Evaluate {
  const evaluator = new HclEvaluator<EvaluationContext>((first, steps) => {
    const [name, ...rest] = steps;
    return first === 'local' && typeof name === 'string' && locals.has(name) ? navigate(jsonValue(locals.get(name)), rest) : undefined;
  });
  return (expression, text, symbols) => evaluator.evaluate(expression, text, symbols ? { symbols } : {});
}

function jsonValue(value: unknown): DeployValue {
  if (typeof value === 'string') return /\$\{|%\{/.test(value) ? new DeployString([{ source: value }]) : value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (Array.isArray(value)) return value.map(jsonValue);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, jsonValue(item)]));
  return undefined;
}
