// The resources that `Fn::ForEach` loops of the AWS::LanguageExtensions transform make, one per value of the
// collection, as the transform writes them before the stack is made. The linter reads a loop's resources once as
// written (reader.ts); the account model needs each instance by its name, so it reads each with its values.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-foreach.html

import { loneForEach } from './reader';
import { type CfnEntry, type CfnNode, scalarValue } from './nodes';

/** One resource a loop makes: its logical id with the loops' values in it, the resource as written, and those values. */
export interface LoopInstance {
  id: string;
  /** The output as the loop writes it: its key is the logical id with `${Identifier}` in it. */
  written: CfnEntry;
  /** Identifier → this instance's value, for this loop and every loop around it. */
  values: ReadonlyMap<string, string>;
}

/** A loop whose resources cannot be listed before deploy, and why. */
export interface UnexpandedLoop {
  loop: string;
  reason: string;
}

export interface LoopInstances {
  instances: LoopInstance[];
  unexpanded: UnexpandedLoop[];
}

/** The instances of the loops among a Resources map's entries (the other entries are left out). */
export function loopInstances(entries: readonly CfnEntry[]): LoopInstances {
  const result: LoopInstances = { instances: [], unexpanded: [] };
  for (const entry of entries) if (isLoop(entry)) expand(entry, new Map(), result);
  return result;
}

export function isLoop(entry: CfnEntry): boolean {
  return entry.key.startsWith('Fn::ForEach::');
}

function expand(loop: CfnEntry, outer: ReadonlyMap<string, string>, result: LoopInstances): void {
  const [identifierNode, collection, outputs] = loop.value?.kind === 'seq' ? loop.value.items : [];
  const identifier = scalarValue(identifierNode);
  if (!identifier) return void result.unexpanded.push({ loop: loop.key, reason: 'it names no identifier' });
  const values = collectionValues(collection);
  if (typeof values === 'string') return void result.unexpanded.push({ loop: loop.key, reason: values });
  const lone = loneForEach(outputs);
  const entries = outputs?.kind === 'map' ? outputs.entries : lone ? [lone] : [];
  for (const value of values) {
    const bound = new Map(outer).set(identifier, value);
    for (const entry of entries) {
      if (isLoop(entry)) expand(entry, bound, result);
      else result.instances.push({ id: withLoopValues(entry.key, bound, true), written: entry, values: bound });
    }
  }
}

/** The collection's values, or why they are not known before deploy. */
function collectionValues(collection: CfnNode | undefined): string[] | string {
  if (collection?.kind === 'seq') {
    const values = collection.items.map(scalarValue);
    if (values.every((value): value is string => value !== undefined)) return values;
    return 'its collection holds values known only at deploy';
  }
  if (collection?.kind === 'fn' && collection.name === 'Ref') return `its collection, the parameter ${scalarValue(collection.arg) ?? '?'}, is known only at deploy`;
  return 'its collection is not a list';
}

/**
 * Text with the loops' `${Identifier}` replaced by their values. In a logical id (`key`), `&{Identifier}` is the value
 * without its non-alphanumeric characters (`10.0.2.0/24` → `1002024`), as logical ids must be alphanumeric.
 */
export function withLoopValues(text: string, values: ReadonlyMap<string, string>, key = false): string {
  if (values.size === 0 || (!text.includes('${') && !(key && text.includes('&{')))) return text;
  return text.replace(/([$&])\{([^}]*)\}/g, (whole, sign: string, name: string) => {
    const value = values.get(name);
    if (value === undefined || (sign === '&' && !key)) return whole;
    return sign === '&' ? value.replace(/[^A-Za-z0-9]/g, '') : value;
  });
}

/**
 * `Ref` or `Fn::GetAtt` of a resource of the loop, named with the transform's intrinsics: `{Ref: {Fn::Sub:
 * 'Queue${Name}'}}`, `{Fn::GetAtt: [{Fn::Sub: 'Bucket${Name}'}, {Ref: Property}]}`. Undefined for any other node,
 * and for a plain `!Ref Queue${Name}`, which the reader's own references resolve.
 */
export function loopReference(node: CfnNode, values: ReadonlyMap<string, string>): { name: string; attribute?: string } | undefined {
  if (node.kind !== 'fn' || (node.name !== 'Ref' && node.name !== 'Fn::GetAtt')) return undefined;
  const parts = (node.arg?.kind === 'seq' ? node.arg.items : [node.arg]).map(asIntrinsic);
  if (!parts.some((part) => part?.kind === 'fn')) return undefined;
  const texts = parts.map((part) => loopText(part, values));
  if (texts.some((text) => text === undefined)) return undefined;
  const joined = texts.join('.');
  const dot = node.name === 'Fn::GetAtt' ? joined.indexOf('.') : -1;
  return dot > 0 ? { name: joined.slice(0, dot), attribute: joined.slice(dot + 1) } : { name: joined };
}

/** A map of one intrinsic's key (`!Ref {Fn::Sub: …}` keeps its argument a map) as that intrinsic. */
function asIntrinsic(node: CfnNode | undefined): CfnNode | undefined {
  if (node?.kind !== 'map' || node.entries.length !== 1) return node;
  const [{ key, value }] = node.entries;
  return key === 'Ref' || key === 'Fn::Sub' ? { kind: 'fn', name: key, arg: value, span: node.span } : node;
}

/** A name part: a string, `Fn::Sub` of a string, or `Ref` of a loop's identifier, with the loops' values in it. */
function loopText(node: CfnNode | undefined, values: ReadonlyMap<string, string>): string | undefined {
  if (node?.kind === 'scalar') return withLoopValues(node.value, values);
  if (node?.kind !== 'fn') return undefined;
  if (node.name === 'Fn::Sub' && node.arg?.kind === 'scalar') {
    const text = withLoopValues(node.arg.value, values);
    return text.includes('${') ? undefined : text;
  }
  if (node.name === 'Ref') return values.get(scalarValue(node.arg) ?? '');
  return undefined;
}
