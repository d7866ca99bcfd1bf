import type { Connection } from 'vscode-languageserver';
import { isPolicyType, type PolicyType } from '../core/policy/policy-type';
import { defaultPolicyFileGlobs, type Configuration, type RuleSetting } from '../core/config/configuration';
import { settingsSection } from '../protocol';
import type { Suppression } from '../core/suppressions';

/** The `iamPolicy.*` settings the server uses, after validation. */
export interface Settings {
  validate: boolean;
  files: string[];
  detectByContent: boolean;
  rules: Record<string, RuleSetting>;
  policyTypes: Record<string, PolicyType>;
  suppressions: Suppression[];
  /** `iamPolicy.simulation.codeLens`: the "Simulate request" code lenses. */
  simulationCodeLens: boolean;
  /** `iamPolicy.checks.noNewAccessLens`: the "No new access vs HEAD" code lenses. */
  noNewAccessLens: boolean;
}

export const defaultSettings: Settings = {
  validate: true,
  files: [...defaultPolicyFileGlobs],
  detectByContent: true,
  rules: {},
  policyTypes: {},
  suppressions: [],
  simulationCodeLens: true,
  noNewAccessLens: true,
};

const ruleSettings = new Set(['off', 'error', 'warning', 'information', 'hint']);

/**
 * Turns whatever the client sent into valid Settings. Invalid values fall back to the defaults one by one,
 * and each is described in `problems`, so a typo in settings.json never stops validation.
 */
export function normalizeSettings(raw: unknown): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  const input = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const settings: Settings = { ...defaultSettings, rules: {}, policyTypes: {}, suppressions: [] };

  const validate = (input.validate as Record<string, unknown> | undefined)?.enable;
  if (typeof validate === 'boolean') settings.validate = validate;
  else if (validate !== undefined) problems.push('iamPolicy.validate.enable must be true or false.');

  if (Array.isArray(input.files) && input.files.every((f) => typeof f === 'string')) settings.files = input.files as string[];
  else if (input.files !== undefined) problems.push('iamPolicy.files must be an array of glob patterns.');

  if (typeof input.detectByContent === 'boolean') settings.detectByContent = input.detectByContent;
  else if (input.detectByContent !== undefined) problems.push('iamPolicy.detectByContent must be true or false.');

  if (input.rules && typeof input.rules === 'object') {
    for (const [id, value] of Object.entries(input.rules)) {
      const normalized = value === 'info' ? 'information' : value;
      if (typeof normalized === 'string' && ruleSettings.has(normalized)) settings.rules[id] = normalized as RuleSetting;
      else problems.push(`iamPolicy.rules.${id} must be one of off, error, warning, information, hint.`);
    }
  } else if (input.rules !== undefined) problems.push('iamPolicy.rules must be an object of rule ids.');

  if (input.policyTypes && typeof input.policyTypes === 'object') {
    for (const [glob, type] of Object.entries(input.policyTypes)) {
      if (isPolicyType(type)) settings.policyTypes[glob] = type;
      else problems.push(`iamPolicy.policyTypes["${glob}"] must be one of identity, resource, trust, scp, rcp, boundary, session.`);
    }
  } else if (input.policyTypes !== undefined) problems.push('iamPolicy.policyTypes must be an object of glob: policy type.');

  if (Array.isArray(input.suppressions)) {
    for (const entry of input.suppressions) {
      const valid = entry && typeof entry === 'object' && typeof entry.rule === 'string' && ['file', 'statement'].every((k) => entry[k] === undefined || typeof entry[k] === 'string');
      if (valid) settings.suppressions.push({ rule: entry.rule, ...(entry.file ? { file: entry.file } : {}), ...(entry.statement ? { statement: entry.statement } : {}) });
      else problems.push(`iamPolicy.suppressions entries need "rule" and optional "file" and "statement" strings; ignored ${JSON.stringify(entry)}.`);
    }
  } else if (input.suppressions !== undefined) problems.push('iamPolicy.suppressions must be an array.');

  const codeLens = (input.simulation as Record<string, unknown> | undefined)?.codeLens;
  if (typeof codeLens === 'boolean') settings.simulationCodeLens = codeLens;
  else if (codeLens !== undefined) problems.push('iamPolicy.simulation.codeLens must be true or false.');

  const newAccessLens = (input.checks as Record<string, unknown> | undefined)?.noNewAccessLens;
  if (typeof newAccessLens === 'boolean') settings.noNewAccessLens = newAccessLens;
  else if (newAccessLens !== undefined) problems.push('iamPolicy.checks.noNewAccessLens must be true or false.');

  return { settings, problems };
}

const configurations = new WeakMap<Settings, Configuration>();

/** The pipeline's configuration from the editor's settings alone; `.iam-policy.json` is layered under it. */
export function configurationOf(settings: Settings): Configuration {
  let configuration = configurations.get(settings);
  if (!configuration) {
    configuration = {
      validate: settings.validate,
      files: settings.files,
      detectByContent: settings.detectByContent,
      exclude: [],
      rules: settings.rules,
      policyTypes: Object.entries(settings.policyTypes).map(([glob, type]) => ({ glob, type })),
      suppressions: settings.suppressions,
    };
    configurations.set(settings, configuration);
  }
  return configuration;
}

/** Pulls settings per document from the client, caches them by uri, and forgets them when the configuration changes. */
export class SettingsStore {
  private readonly cache = new Map<string, Promise<Settings>>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
  ) {}

  get(uri: string): Promise<Settings> {
    if (!this.canPull()) return Promise.resolve(defaultSettings);
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.connection.workspace.getConfiguration({ scopeUri: uri, section: settingsSection }).then(
        (raw) => this.accept(raw),
        () => defaultSettings,
      );
      this.cache.set(uri, settings);
    }
    return settings;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  clear(): void {
    this.cache.clear();
    this.reported.clear();
  }

  private accept(raw: unknown): Settings {
    const { settings, problems } = normalizeSettings(raw);
    for (const problem of problems) {
      if (this.reported.has(problem)) continue;
      this.reported.add(problem);
      this.connection.console.warn(`Invalid setting, using the default instead: ${problem}`);
    }
    return settings;
  }
}
