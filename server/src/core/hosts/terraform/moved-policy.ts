import type { PolicyDocument } from '../../policy/model';
import type { Span } from '../../text/span';
import { policyFromNodes, shiftNode } from './nodes';

/**
 * The policy of a block that moved because text before it changed, built only when something reads it. After a
 * keystroke every block below it moves; building their policies again (a copy of each node tree and a new model)
 * cost more than the rest of the edit together, and the diagnostics need none of it: the reader names the model each
 * copy was first read as (`movedFrom`), and the pipeline's FindingsCache moves that model's findings. Code lenses,
 * hover or the outline read a copy later, and it is built then.
 *
 * The copy is a plain object whose model properties are getters until the first read of any of them, which builds
 * the model from the origin's node tree moved by the total distance and puts it in place as ordinary properties:
 * from then on it is the object an eager build would give (spreading it, or `JSON.stringify`, reads the getters).
 * `text` and `sizeText` are there from the start; the reader sets `text` on each read.
 */

/** The properties `policyFromTree` builds; `text` and `sizeText` are not among them. */
const BUILT = ['root', 'syntaxErrors', 'properties', 'version', 'id', 'statementElement', 'statementIsObject', 'statements'] as const;
type Built = (typeof BUILT)[number];

/** Per moved copy: the policy first read and how far the copy sits from it. Kept after the build, for copies of copies. */
const sources = new WeakMap<PolicyDocument, { origin: PolicyDocument; delta: number }>();
/** Copies not built yet. */
const unbuilt = new WeakSet<PolicyDocument>();

const lazy: PropertyDescriptorMap = Object.fromEntries(
  BUILT.map((key) => [
    key,
    {
      configurable: true,
      enumerable: true,
      get(this: PolicyDocument) {
        return build(this)[key];
      },
      set(this: PolicyDocument, value: unknown) {
        (build(this) as unknown as Record<Built, unknown>)[key] = value;
      },
    },
  ]),
);

/** A copy of `policy` `delta` characters later in `text`. A copy of a copy is built from the origin, in one step. */
export function movedPolicy(policy: PolicyDocument, delta: number, text: string): PolicyDocument {
  const source = sources.get(policy);
  const origin = source?.origin ?? policy;
  const copy = { text } as PolicyDocument;
  if (origin.sizeText !== undefined) copy.sizeText = origin.sizeText;
  Object.defineProperties(copy, lazy);
  sources.set(copy, { origin, delta: (source?.delta ?? 0) + delta });
  unbuilt.add(copy);
  return copy;
}

/** Whether a moved copy has been built yet: for tests, which check that an edit builds none it need not. */
export function isBuilt(policy: PolicyDocument): boolean {
  return !unbuilt.has(policy);
}

function build(copy: PolicyDocument): PolicyDocument {
  if (!unbuilt.has(copy)) return copy;
  const { origin, delta } = sources.get(copy)!;
  const shift = (span: Span): Span => ({ start: span.start + delta, end: span.end + delta });
  const syntaxErrors = origin.syntaxErrors.map((error) => ({ ...error, span: shift(error.span) }));
  // The origin was read from the block's text, so its model is what reading the moved text gives, moved.
  const built: PolicyDocument = origin.root
    ? policyFromNodes(copy.text, shiftNode(origin.root, delta), syntaxErrors, { kind: 'text', text: origin.sizeText ?? '' })
    : { ...origin, text: copy.text, syntaxErrors };
  const target = copy as unknown as Record<Built, unknown>;
  for (const key of BUILT) {
    if (key in built) Object.defineProperty(copy, key, { value: built[key], writable: true, enumerable: true, configurable: true });
    else delete target[key];
  }
  // Only once the model is in place: a build that throws leaves the getters, which try again.
  unbuilt.delete(copy);
  return copy;
}
