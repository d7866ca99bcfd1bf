import type { Severity } from '../checks/check';
import type { PolicyType } from '../policy/policy-type';
import type { Suppression } from '../suppressions';

/** What a rule id is set to: a severity, or off. */
export type RuleSetting = Severity | 'off';

/** The name of the repository-level configuration file, looked up from each file's folder upwards. */
export const configFileName = '.iam-policy.json';

/** Whether a path or URI names a configuration file. */
export function isConfigFile(path: string): boolean {
  return path === configFileName || path.endsWith(`/${configFileName}`);
}

/** The file names that are policies without looking inside: the same for the editor and the CLI. */
export const defaultPolicyFileGlobs: readonly string[] = ['**/*.policy.json', '**/*.iam.json', '**/*.iam-policy.json'];

/**
 * Everything that decides what the pipeline makes of a document, resolved from the VS Code settings, the
 * `.iam-policy.json` file and the CLI's options. Globs match the document's path (a URI path: `/` separators);
 * a glob without `/` matches file names in any folder.
 */
export interface Configuration {
  /** False to check nothing (`iamPolicy.validate.enable`); documents are still recognised. */
  validate: boolean;
  /** Globs of files that are policies whatever their content. */
  files: readonly string[];
  /** Also take any JSON document whose top level is an object with a `Statement` as a policy. */
  detectByContent: boolean;
  /** Globs of files that are never analysed. */
  exclude: readonly string[];
  /** Severity overrides by rule id. */
  rules: Readonly<Record<string, RuleSetting>>;
  /** Policy type by glob, the first matching glob winning. */
  policyTypes: readonly { glob: string; type: PolicyType }[];
  suppressions: readonly Suppression[];
}

export const defaultConfiguration: Configuration = {
  validate: true,
  files: defaultPolicyFileGlobs,
  detectByContent: true,
  exclude: [],
  rules: {},
  policyTypes: [],
  suppressions: [],
};

/** What a `.iam-policy.json` file contributes, its globs already anchored at the file's folder. */
export interface ConfigFileSettings {
  files: readonly string[];
  exclude: readonly string[];
  rules: Readonly<Record<string, RuleSetting>>;
  policyTypes: readonly { glob: string; type: PolicyType }[];
  suppressions: readonly Suppression[];
}

/**
 * Layers the editor's settings (or the CLI's defaults and options) over a configuration file: the settings win
 * rule by rule and glob by glob; file lists, exclusions and suppressions add up.
 */
export function mergeConfiguration(settings: Configuration, file: ConfigFileSettings | undefined): Configuration {
  if (!file) return settings;
  return {
    validate: settings.validate,
    detectByContent: settings.detectByContent,
    files: unique([...settings.files, ...file.files]),
    exclude: unique([...settings.exclude, ...file.exclude]),
    rules: { ...file.rules, ...settings.rules },
    policyTypes: [...settings.policyTypes, ...file.policyTypes],
    suppressions: [...settings.suppressions, ...file.suppressions],
  };
}

function unique(globs: string[]): string[] {
  return [...new Set(globs)];
}
