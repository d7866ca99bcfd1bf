import { DeployChoice, DeployString, type DeployValue } from '../../account/deploy-time';
import { SPLAT, type ReferenceStep } from './references';

// Values of Terraform expressions as the evaluator makes them (evaluate.ts), and the collections Terraform repeats over.

/** A `for` expression over more elements than this is read as known only at apply. */
const MAX_FOR_ELEMENTS = 10_000;

export function isObjectValue(value: DeployValue): value is { [key: string]: DeployValue } {
  return !!value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof DeployString) && !(value instanceof DeployChoice);
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
 * in its order, a map (an object) by key in lexical order, as Terraform iterates them; undefined when not a known collection.
 */
export function collectionElements(collection: DeployValue): [string | number, DeployValue][] | undefined {
  if (Array.isArray(collection)) return collection.length > MAX_FOR_ELEMENTS ? undefined : collection.map((value, index) => [index, value]);
  if (!isObjectValue(collection)) return undefined;
  const keys = Object.keys(collection).sort();
  return keys.length > MAX_FOR_ELEMENTS ? undefined : keys.map((key) => [key, collection[key]]);
}
