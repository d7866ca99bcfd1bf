import picomatch from 'picomatch';
import { URI } from 'vscode-uri';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { checkPolicy, type LintResult } from '../core/lint';
import { looksLikePolicy } from '../core/policy/detect';
import { isScenarioFile } from '../core/simulation/scenarios';
import { withoutSuppressed } from '../core/suppressions';
import { parsePolicy } from '../core/policy/parse-policy';
import { inferPolicyType, type PolicyType } from '../core/policy/policy-type';
import { LineIndex } from '../core/text/positions';
import type { Settings } from './settings';

export const policyLanguageId = 'iam-policy';

/** What the server knows about one version of one document. */
export interface Analysis {
  uri: string;
  version: number;
  lines: LineIndex;
  /** False for JSON that is not a policy; such documents get nothing from us. */
  isPolicy: boolean;
  /** Present when `isPolicy`. */
  lint?: LintResult;
  policyTypeInferred: boolean;
}

/** Caches the parse and lint of each document by uri and version, so every feature reuses one analysis per keystroke. */
export class AnalysisCache {
  private readonly entries = new Map<string, { analysis: Analysis; settings: Settings; override?: PolicyType }>();
  private readonly overrides = new Map<string, PolicyType>();

  analyze(document: TextDocument, settings: Settings): Analysis {
    const override = this.overrides.get(document.uri);
    const cached = this.entries.get(document.uri);
    if (cached && cached.analysis.version === document.version && cached.settings === settings && cached.override === override) return cached.analysis;
    const analysis = analyzeDocument(document, settings, override);
    this.entries.set(document.uri, { analysis, settings, override });
    return analysis;
  }

  /** Forces a policy type for one document (the status bar picker); undefined goes back to settings and inference. */
  setPolicyType(uri: string, type: PolicyType | undefined): void {
    if (type) this.overrides.set(uri, type);
    else this.overrides.delete(uri);
  }

  forget(uri: string): void {
    this.entries.delete(uri);
    this.overrides.delete(uri);
  }

  get size(): number {
    return this.entries.size;
  }
}

export function analyzeDocument(document: TextDocument, settings: Settings, override?: PolicyType): Analysis {
  const text = document.getText();
  const lines = new LineIndex(text);
  const base = { uri: document.uri, version: document.version, lines };
  const path = pathOf(document.uri);
  const policy = parsePolicy(text);
  // Scenario files hold policies inline, but are tests: the scenario runner reports on them instead.
  const isPolicy =
    !isScenarioFile(path) &&
    (document.languageId === policyLanguageId || matchesAny(path, settings.files) || (settings.detectByContent && looksLikePolicy(policy)));
  if (!isPolicy) return { ...base, isPolicy: false, policyTypeInferred: false };
  const configured = override ?? configuredPolicyType(path, settings);
  const policyType = configured ?? inferPolicyType(policy);
  const checked = settings.validate ? checkPolicy(policy, { policyType, rules: settings.rules }) : [];
  const problems = withoutSuppressed(checked, policy, settings.suppressions, (glob) => matchesAny(path, [glob]));
  return { ...base, isPolicy: true, lint: { policy, policyType, problems }, policyTypeInferred: configured === undefined };
}

function configuredPolicyType(path: string, settings: Settings): PolicyType | undefined {
  for (const [glob, type] of Object.entries(settings.policyTypes)) if (matchesAny(path, [glob])) return type;
  return undefined;
}

function pathOf(uri: string): string {
  try {
    return URI.parse(uri).path;
  } catch {
    return uri;
  }
}

const matchers = new Map<string, (path: string) => boolean>();

export function matchesAny(path: string, globs: readonly string[]): boolean {
  return globs.some((glob) => {
    let matcher = matchers.get(glob);
    if (!matcher) {
      // Globs without a slash match the file name anywhere, as in VS Code's files.associations.
      matcher = picomatch(glob, { dot: true, basename: !glob.includes('/'), nocase: false });
      matchers.set(glob, matcher);
    }
    return matcher(path);
  });
}
