import { resolve } from 'node:path';
import { URI } from 'vscode-uri';
import { defaultConfiguration, mergeConfiguration, type Configuration, type RuleSetting } from '../core/config/configuration';
import { knownRuleIds } from '../core/rules';
import { ConfigFileFinder, type LoadedConfigFile } from '../core/config/find-config';
import { locationAt } from '../core/text/location';
import { LineIndex } from '../core/text/positions';
import type { PolicyType } from '../core/policy/policy-type';
import { readTextFile } from '../core/text/text-file';

/**
 * A file's path as the pipeline matches globs against it: the path of its file URI (`/c:/repo/a.json` on
 * Windows), the same form the server gets from the editor, so a configuration file anchors its globs alike.
 */
export function globPathOf(file: string): string {
  return URI.file(resolve(file)).path;
}

/** The file URI the pipeline is given for a file on disk. */
export function uriOfFile(file: string): string {
  return URI.file(resolve(file)).toString();
}

function readText(path: string): string | undefined {
  try {
    return readTextFile(URI.from({ scheme: 'file', path }).fsPath);
  } catch {
    return undefined;
  }
}

/** The command line's own settings, which win over `.iam-policy.json` as VS Code settings do in the editor. */
export interface CommandLineConfiguration {
  rules: Record<string, RuleSetting>;
  policyType?: PolicyType;
  /** `--config FILE`: use this file for every file instead of looking for `.iam-policy.json`. */
  configFile?: string;
}

/** Finds and caches the configuration of each file the CLI reads. */
export class CliConfigurations {
  private readonly finder = new ConfigFileFinder(readText, knownRuleIds());
  private readonly merged = new Map<LoadedConfigFile | undefined, Configuration>();
  private readonly explicit: LoadedConfigFile | undefined;

  constructor(private readonly options: CommandLineConfiguration) {
    if (options.configFile !== undefined) {
      const path = globPathOf(options.configFile);
      const loaded = this.finder.load(path);
      if (!loaded) throw new ConfigFileError([`${options.configFile}: error: cannot read the configuration file.`]);
      this.explicit = loaded;
    }
  }

  // A folder of thousands of files asks for each file's path several times (the walk, the configuration check, the
  // lint): one URI per file, not one per question.
  private readonly uris = new Map<string, URI>();

  private uriOf(file: string): URI {
    let uri = this.uris.get(file);
    if (!uri) this.uris.set(file, (uri = URI.file(resolve(file))));
    return uri;
  }

  /** `globPathOf(file)`, kept per file. */
  globPathOf(file: string): string {
    return this.uriOf(file).path;
  }

  /** `uriOfFile(file)`, kept per file. */
  uriOfFile(file: string): string {
    return this.uriOf(file).toString();
  }

  /** The configuration file that applies to a file, if any. */
  fileFor(file: string): LoadedConfigFile | undefined {
    return this.explicit ?? this.finder.forFile(this.globPathOf(file));
  }

  /** The resolved configuration of a file: the command line over its configuration file over the defaults. */
  for(file: string): Configuration {
    const loaded = this.fileFor(file);
    let configuration = this.merged.get(loaded);
    if (!configuration) {
      configuration = mergeConfiguration({ ...defaultConfiguration, rules: this.options.rules }, loaded?.result.settings);
      this.merged.set(loaded, configuration);
    }
    return configuration;
  }
}

/** A configuration file with mistakes: the CLI prints every one and stops, so CI never lints with half a configuration. */
export class ConfigFileError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

/** `file:line:col: error config-invalid message` for each mistake in the configuration files. */
export function configFileErrors(files: Iterable<LoadedConfigFile>, displayPath: (path: string) => string): string[] {
  const lines: string[] = [];
  for (const file of files) {
    const index = new LineIndex(file.text);
    for (const problem of file.result.problems) lines.push(`${locationAt(displayPath(file.path), index, problem.span.start)}: error ${problem.ruleId} ${problem.message}`);
  }
  return lines;
}
