import { isConfigFile, type Configuration } from '../config/configuration';
import { matchesAny } from '../config/globs';
import { isScenarioFile } from '../simulation/scenario-files';

// What the pipeline decides from a file's name alone. Light on purpose: the client's file association imports it.

/** The editor language of policy files. */
export const policyLanguageId = 'iam-policy';

/** Why a document holds no policy for us. */
export type NotAnalysedReason = 'scenario' | 'configuration' | 'excluded' | 'not-a-policy' | 'unreadable';

/** Whether the pipeline may analyse the file at all: scenario files, configuration files and excluded files are not policies. */
export function exclusionOf(path: string, config: Pick<Configuration, 'exclude'>): NotAnalysedReason | undefined {
  // Scenario files hold policies inline, but are tests: the scenario runner reports on them instead.
  if (isScenarioFile(path)) return 'scenario';
  if (isConfigFile(path)) return 'configuration';
  if (config.exclude.length > 0 && matchesAny(path, config.exclude)) return 'excluded';
  return undefined;
}

/**
 * Whether a document is a policy file by its name or language alone, before reading it: the iam-policy language,
 * or a path matching the `files` globs (`*.policy.json`, `*.iam.json`, `*.iam-policy.json` by default). The
 * client's file association asks this too, so the editor and the CLI agree on file names.
 */
export function isPolicyFileName(path: string, files: readonly string[], languageId?: string): boolean {
  return languageId === policyLanguageId || matchesAny(path, files);
}
