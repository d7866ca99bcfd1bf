import { DeployChoice, DeployString, isObjectValue, type DeployValue } from '../../account/deploy-time';
import { SPLAT, type ReferenceStep } from './references';

// Values of Terraform expressions as the evaluator makes them (evaluate.ts), and the collections Terraform repeats over.

/** A `for` expression over more elements than this is read as known only at apply. */
const MAX_FOR_ELEMENTS = 10_000;

// Sets (`toset(…)`, a `set(…)` variable): arrays marked here, so that what iterates over them takes each element as
// its own key, as Terraform does (https://developer.hashicorp.com/terraform/language/meta-arguments/for_each: "for a
// set, each.key is the same as each.value"; dynamic blocks and `for` expressions alike).
const sets = new WeakSet<DeployValue[]>();

/**
 * The set of `elements` (https://developer.hashicorp.com/terraform/language/functions/toset): duplicates removed and,
 * for strings, numbers and booleans, in the order Terraform lists a set in (strings lexically, numbers by value, false
 * before true); a mix of strings with numbers or booleans is converted to strings first. Undefined when an element is
 * not known (two unknown values may be equal) or is null (a set cannot hold null).
 */
export function setOf(elements: readonly DeployValue[]): DeployValue[] | undefined {
  if (!elements.every(isKnownValue) || elements.includes(null)) return undefined;
  const kinds = new Set(elements.map((element) => typeof element));
  let members: DeployValue[] = [...elements];
  if (kinds.has('string') && [...kinds].every((kind) => kind === 'string' || kind === 'number' || kind === 'boolean')) members = members.map(String);
  const seen = new Set<string>();
  const unique = members.filter((member) => {
    const key = JSON.stringify(member);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const [kind] = new Set(unique.map((member) => typeof member));
  if (unique.every((member) => typeof member === kind)) {
    if (kind === 'string') unique.sort((a, b) => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0));
    else if (kind === 'number' || kind === 'boolean') unique.sort((a, b) => Number(a) - Number(b));
  }
  sets.add(unique);
  return unique;
}

/** Whether a value is a set made by setOf. */
export function isSetValue(value: DeployValue): value is DeployValue[] {
  return Array.isArray(value) && sets.has(value);
}

/** Whether a value is known through and through: no part of it is known only at apply. */
export function isKnownValue(value: DeployValue): boolean {
  if (value === undefined || value instanceof DeployString || value instanceof DeployChoice) return false;
  if (Array.isArray(value)) return value.every(isKnownValue);
  if (isObjectValue(value)) return Object.values(value).every(isKnownValue);
  return true;
}

/** A value's element or attribute along `steps` (a splat keeps a list's elements); undefined when not known. */
export function navigate(value: DeployValue, steps: readonly ReferenceStep[]): DeployValue {
  let current = value;
  for (const step of steps) {
    if (current === undefined || current === null) return undefined;
    if (step === SPLAT) continue;
    const key = typeof step === 'string' ? step : step.index;
    if (key === undefined) return undefined;
    if (Array.isArray(current)) current = typeof key === 'number' ? current[key] : undefined;
    else if (isObjectValue(current)) current = current[String(key)];
    else return undefined;
  }
  return current;
}

/**
 * The elements a collection gives a `for` expression or a dynamic block's for_each, as [key, value]: a list by index
 * in its order, a set by element (its key is the element), a map (an object) by key in lexical order, as Terraform
 * iterates them; undefined when not a known collection.
 */
export function collectionElements(collection: DeployValue): [DeployValue, DeployValue][] | undefined {
  if (isSetValue(collection)) return collection.length > MAX_FOR_ELEMENTS ? undefined : collection.map((value) => [value, value]);
  if (Array.isArray(collection)) return collection.length > MAX_FOR_ELEMENTS ? undefined : collection.map((value, index) => [index, value]);
  if (!isObjectValue(collection)) return undefined;
  const keys = Object.keys(collection).sort();
  return keys.length > MAX_FOR_ELEMENTS ? undefined : keys.map((key) => [key, collection[key]]);
}
