import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { Problem } from '../checks/check';
import { isPolicyType, policyTypes, type PolicyType } from '../policy/policy-type';
import type { Suppression } from '../suppressions';
import { anchorGlob } from './globs';
import type { ConfigFileSettings, RuleSetting } from './configuration';

/** The rule id of every problem with a configuration file: a diagnostic in the editor, an error in the CLI. */
export const configProblemId = 'config-invalid';

export interface ConfigFileResult {
  /** What the valid parts of the file say; a file with mistakes still contributes the entries that are right. */
  settings: ConfigFileSettings;
  problems: Problem[];
}

const severities: Record<string, RuleSetting> = { off: 'off', error: 'error', warning: 'warning', info: 'information', information: 'information', hint: 'hint' };
const knownKeys = ['$schema', 'rules', 'policyTypes', 'files', 'exclude', 'suppressions'];

/**
 * Reads a `.iam-policy.json` file. Never throws: every mistake (bad JSON, an unknown rule, a policy type that
 * does not exist) is a problem at its place in the file, and the entry is left out. `folder` is the file's
 * folder as a path with `/` separators; the file's globs are relative to it.
 */
export function parseConfigFile(text: string, folder: string, knownRules?: ReadonlySet<string>): ConfigFileResult {
  const problems: Problem[] = [];
  const settings = {
    files: [] as string[],
    exclude: [] as string[],
    rules: {} as Record<string, RuleSetting>,
    policyTypes: [] as { glob: string; type: PolicyType }[],
    suppressions: [] as Suppression[],
  };
  const report = (node: JsonNode | { offset: number; length: number }, message: string): void => {
    problems.push({ ruleId: configProblemId, severity: 'error', message, span: { start: node.offset, end: node.offset + node.length } });
  };
  const errors: ParseError[] = [];
  let root: JsonNode | undefined;
  try {
    root = parseTree(text, errors, { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true });
  } catch {
    report({ offset: 0, length: 0 }, 'The configuration nests too deeply to read.');
    return { settings, problems };
  }
  for (const error of errors) report(error, `The configuration is not valid JSON: ${printParseErrorCode(error.error)}.`);
  if (errors.length > 0) return { settings, problems };
  if (!root) return { settings, problems };
  if (root.type !== 'object') {
    report(root, 'The configuration must be a JSON object with "rules", "policyTypes", "files", "exclude" and "suppressions".');
    return { settings, problems };
  }
  const anchored = (glob: string) => anchorGlob(glob, folder);

  for (const property of root.children ?? []) {
    const [keyNode, value] = property.children ?? [];
    if (!keyNode || !value) continue;
    const key = String(keyNode.value);
    switch (key) {
      case '$schema':
        break;
      case 'rules':
        for (const [idNode, setting] of entries(value, report, '"rules" must be an object of rule id: severity.')) {
          const id = String(idNode.value);
          if (knownRules && !knownRules.has(id)) report(idNode, `Unknown rule "${id}". Rule ids are listed in the README.`);
          else if (setting.type !== 'string' || !(String(setting.value) in severities)) report(setting, `Rule "${id}" must be set to off, error, warning, info or hint.`);
          else settings.rules[id] = severities[String(setting.value)];
        }
        break;
      case 'policyTypes':
        for (const [globNode, type] of entries(value, report, '"policyTypes" must be an object of glob: policy type.')) {
          if (isPolicyType(type.value) && type.type === 'string') settings.policyTypes.push({ glob: anchored(String(globNode.value)), type: type.value as PolicyType });
          else report(type, `The policy type of "${globNode.value}" must be one of ${policyTypes.join(', ')}.`);
        }
        break;
      case 'files':
      case 'exclude':
        for (const glob of globList(value, report, `"${key}" must be an array of glob patterns.`)) settings[key].push(anchored(glob));
        break;
      case 'suppressions':
        for (const [globNode, rules] of entries(value, report, '"suppressions" must be an object of file glob: list of rule ids.')) {
          const file = anchored(String(globNode.value));
          if (rules.type !== 'array') {
            report(rules, 'Suppressions of a file are a list of rule ids, or of {"rule": ID, "statement": SID} for one statement.');
            continue;
          }
          for (const entry of rules.children ?? []) {
            const suppression = suppressionOf(entry, file);
            if (typeof suppression === 'string') report(entry, suppression);
            else if (knownRules && !knownRules.has(suppression.rule)) report(entry, `Unknown rule "${suppression.rule}". Rule ids are listed in the README.`);
            else settings.suppressions.push(suppression);
          }
        }
        break;
      default:
        report(keyNode, `Unknown setting "${key}". Use ${knownKeys.slice(1).join(', ')}.`);
    }
  }
  return { settings, problems };
}

function entries(node: JsonNode, report: (node: JsonNode, message: string) => void, message: string): [JsonNode, JsonNode][] {
  if (node.type !== 'object') {
    report(node, message);
    return [];
  }
  const result: [JsonNode, JsonNode][] = [];
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key && value) result.push([key, value]);
  }
  return result;
}

function globList(node: JsonNode, report: (node: JsonNode, message: string) => void, message: string): string[] {
  if (node.type !== 'array') {
    report(node, message);
    return [];
  }
  const globs: string[] = [];
  for (const item of node.children ?? []) {
    if (item.type === 'string' && item.value !== '') globs.push(String(item.value));
    else report(item, 'A glob pattern must be a non-empty string.');
  }
  return globs;
}

function suppressionOf(entry: JsonNode, file: string): Suppression | string {
  if (entry.type === 'string') return { rule: String(entry.value), file };
  const invalid = 'Write a rule id, or {"rule": ID, "statement": SID} to suppress it in one statement (SID, or #n for the n-th statement).';
  if (entry.type !== 'object') return invalid;
  let rule: string | undefined;
  let statement: string | undefined;
  for (const property of entry.children ?? []) {
    const [key, value] = property.children ?? [];
    if (!key || !value) continue;
    if (key.value === 'rule' && value.type === 'string') rule = String(value.value);
    else if (key.value === 'statement' && value.type === 'string') statement = String(value.value);
    else return invalid;
  }
  if (!rule) return invalid;
  return { rule, file, ...(statement ? { statement } : {}) };
}
