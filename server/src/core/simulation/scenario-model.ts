import type { ActionMode, CheckVerdict, Witness } from '../access-checks/index';
import type { Decision, StatementRef } from '../evaluator/types';
import type { Span } from '../text/span';

// What scenario files (*.iamtest.json) hold and what running one finds: shared by the runner, `iam-policy test`
// and the language server.

/** What a test entry's "expect" may say; `Denied` accepts either kind of deny. */
export type Expectation = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied' | 'Denied';

export const expectations: readonly Expectation[] = ['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied', 'Denied'];

/** A policy file named in a scenario, as the host found it. */
export interface ScenarioPolicyFile {
  /** Identifies the file (a path or a URI); policies with the same name are read and compiled once. */
  name: string;
  /** How messages name it. */
  display: string;
  /** The text, without a byte order mark; undefined when it cannot be read. */
  text?: string;
  /** Why it cannot be read, e.g. `ENOENT`. */
  error?: string;
}

export interface ScenarioHost {
  /** Resolves a policy path as written in the scenario (relative to the scenario file) and reads the file. */
  readPolicy(reference: string): ScenarioPolicyFile;
}

/** Where a policy of a scenario comes from. */
export interface ScenarioPolicySource {
  /** The policy file's name, or the scenario's own name for an inline policy. */
  name: string;
  display: string;
  /** The text holding the policy: the policy file's, or the scenario's for an inline policy. */
  text: string;
  /** Offset of the policy within `text`: 0 for files, the object's offset for inline policies. */
  base: number;
  inline: boolean;
  /** The first place in the scenario that names the policy: the path string, or the inline object. */
  reference: Span;
}

/** What is wrong with a scenario file, or with a policy it names. */
export interface ScenarioProblem {
  /** `scenario-invalid` for the scenario itself, `scenario-policy` for a policy that is missing or invalid. */
  code: 'scenario-invalid' | 'scenario-policy';
  /** As `iam-policy test` prints it after "error " (it starts in lower case unless it starts with a quote). */
  message: string;
  /** Where in the scenario: the value at fault, or the reference to the policy at fault. */
  span: Span;
  /** For an invalid policy: the policy, and the error's place in it. */
  policy?: { source: ScenarioPolicySource; span: Span; ruleId: string; message: string };
}

/** A statement that decided a request, and the policy it belongs to. */
export interface DecidingStatement {
  statement: StatementRef;
  /** Undefined when the policy did not come from the scenario (never, in practice). */
  source?: ScenarioPolicySource;
}

/** One request of a test entry (an entry with lists of actions or resources makes several) and its outcome. */
export interface ExpectationResult {
  /** The test entry, and its "expect" value. */
  entry: Span;
  expectSpan: Span;
  name?: string;
  action: string;
  resource: string;
  principal?: string;
  expect: Expectation;
  decision: Decision;
  holds: boolean;
  /** The evaluator's reason, one sentence. */
  reason: string;
  decidedBy: DecidingStatement[];
}

/** The policy checks a scenario's "checks" entry may ask for, named as the entry's key. */
export type ScenarioCheckKind = 'accessNotGranted' | 'noPublicAccess' | 'noNewAccess';

export const scenarioCheckKinds: readonly ScenarioCheckKind[] = ['accessNotGranted', 'noPublicAccess', 'noNewAccess'];

/** The outcome of one entry of "checks": a local Access Analyzer custom policy check (core/access-checks). */
export interface CheckEntryResult {
  /** The check entry, and its key naming the check (`"accessNotGranted"`, …). */
  entry: Span;
  kindSpan: Span;
  name?: string;
  kind: ScenarioCheckKind;
  /** How messages name the policy checked: the path as written, or "the inline policy". */
  policy: string;
  /** PASS, FAIL (always with a witness the evaluator allows) or UNKNOWN (the reasons say why). */
  result: CheckVerdict;
  reasons: string[];
  witness?: Witness;
  mode: ActionMode;
}

export interface ScenarioRun {
  /** False when the text is not a JSON object: nothing in it was a scenario. */
  isScenario: boolean;
  /** Requests attempted, including one whose evaluation failed. */
  attempted: number;
  results: ExpectationResult[];
  /** The entries of "checks" that ran, in order. */
  checks: CheckEntryResult[];
  problems: ScenarioProblem[];
  /** The names of the policy files the scenario read or tried to read. */
  policyFiles: string[];
}

export interface ScenarioOptions {
  /**
   * Stop at the first problem, as `iam-policy test` does. Otherwise every problem is collected and the tests
   * that can still be evaluated are: those not touched by a problem of their own, when the file's shared
   * parts (policies, principal, context) have none.
   */
  stopAtFirstProblem?: boolean;
}
