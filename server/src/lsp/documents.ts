import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument, FindingsCache, type DocumentAnalysis } from '../core/analyze';
import { mergeConfiguration, type Configuration } from '../core/config/configuration';
import type { LoadedConfigFile } from '../core/config/find-config';
import type { LinkedText } from '../core/hosts/host';
import type { ModuleTexts } from '../core/hosts/terraform/linked-type';
import { forgetEditorDocument } from '../core/hosts/index';
import type { PolicyType } from '../core/policy/policy-type';
import { LineIndex } from '../core/text/positions';
import { URI } from 'vscode-uri';
import { localPathOf } from '../core/text/file-uri';
import type { ConfigFiles } from './config-files';
import { configurationOf, type Settings } from './settings';

/** What the server knows about one version of one document: the core pipeline's analysis, and its line index. */
export interface Analysis extends DocumentAnalysis {
  version: number;
  lines: LineIndex;
  /** False for JSON that is not a policy, scenario and configuration files; such documents get no policy features. */
  isPolicy: boolean;
  /** The configuration the document was analysed with. */
  config?: Configuration;
}

interface Entry {
  analysis: Analysis;
  settings: Settings;
  configFile: LoadedConfigFile | undefined;
  override?: PolicyType;
}

/** Caches the analysis of each document by uri and version, so every feature reuses one analysis per keystroke. */
export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();
  private readonly overrides = new Map<string, PolicyType>();
  /** Per document, the findings of its policies from the last analysis: an edit in a big template re-checks only what it changed. */
  private readonly findings = new Map<string, FindingsCache>();
  private readonly merged = new WeakMap<Settings, WeakMap<LoadedConfigFile, Configuration>>();

  /**
   * `siblingsOf`: the other files of a document's folder that a host reads with it (a Terraform module's other .tf
   * files); `readLinked`: the text of a file a document links to (a templatefile() template).
   */
  constructor(
    private readonly configFiles?: ConfigFiles,
    private readonly siblingsOf?: (uri: string) => ReadonlyArray<{ uri: string; text: string }>,
    private readonly readLinked?: (uri: string) => LinkedText,
    private readonly modulesNaming?: (uri: string) => readonly ModuleTexts[],
  ) {}

  analyze(document: TextDocument, settings: Settings): Analysis {
    const override = this.overrides.get(document.uri);
    const configFile = this.configFiles?.forDocument(document.uri);
    const cached = this.entries.get(document.uri);
    if (cached && cached.analysis.version === document.version && cached.settings === settings && cached.configFile === configFile && cached.override === override) {
      return cached.analysis;
    }
    let findings = this.findings.get(document.uri);
    if (!findings) this.findings.set(document.uri, (findings = new FindingsCache()));
    const siblingsOf = this.siblingsOf;
    const siblings = siblingsOf && (() => siblingsOf(document.uri));
    const modulesNaming = this.modulesNaming;
    const linkingModules = modulesNaming && (() => modulesNaming(document.uri));
    const analysis = analyzeTextDocument(document, this.configurationFor(settings, configFile), override, findings, { siblings, readLinked: this.readLinked, linkingModules });
    this.entries.set(document.uri, { analysis, settings, configFile, override });
    return analysis;
  }

  /**
   * Another text of an open document (its committed version), read with the document's own configuration and
   * policy type, so its policies carry the same names and types. Not cached.
   */
  analyzeVersion(document: TextDocument, text: string, settings: Settings): DocumentAnalysis {
    const override = this.overrides.get(document.uri);
    const config = this.configurationFor(settings, this.configFiles?.forDocument(document.uri));
    // The readers keep each document's last reading by URI for incremental reading: the other text is read under a
    // URI of its own (same path, so the same globs apply), and forgotten at once.
    const uri = URI.parse(document.uri).with({ query: 'iam-policy-version' }).toString();
    try {
      // The module's other files as they are now: their committed texts are not known here.
      const siblingsOf = this.siblingsOf;
      const siblings = siblingsOf && (() => siblingsOf(document.uri));
      const readLinked = this.readLinked;
      // Typed by the modules that read the document as they are now, as the document itself is.
      const modulesNaming = this.modulesNaming;
      const linkingModules = modulesNaming && (() => modulesNaming(document.uri));
      return analyzeDocument(
        { text, uri, languageId: document.languageId, ...(siblings ? { siblings } : {}), ...(readLinked ? { readLinked } : {}), ...(linkingModules ? { linkingModules } : {}) },
        { config, ...(override ? { policyType: override } : {}) },
      );
    } finally {
      forgetEditorDocument(uri);
    }
  }

  /** Forces a policy type for one document (the status bar picker); undefined goes back to settings and inference. */
  setPolicyType(uri: string, type: PolicyType | undefined): void {
    if (type) this.overrides.set(uri, type);
    else this.overrides.delete(uri);
  }

  /** Drops the kept analysis of a document whose version is unchanged but whose module's other files changed. */
  invalidate(uri: string): void {
    this.entries.delete(uri);
  }

  /**
   * The documents whose last analysis checked what they give the file `target` (a templatefile() template's
   * variables) or that it is there.
   */
  dependentsOf(target: string): string[] {
    const path = localPathOf(target);
    const dependents: string[] = [];
    if (path === undefined) return dependents;
    for (const [uri, { analysis }] of this.entries) if (analysis.links?.some((link) => (link.variables || link.mustExist) && localPathOf(link.target) === path)) dependents.push(uri);
    return dependents;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
    this.overrides.delete(uri);
    this.findings.delete(uri);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The editor's settings over the configuration file: built once per pair, so analyses can be compared by it. */
  private configurationFor(settings: Settings, configFile: LoadedConfigFile | undefined): Configuration {
    if (!configFile) return configurationOf(settings);
    let byFile = this.merged.get(settings);
    if (!byFile) this.merged.set(settings, (byFile = new WeakMap()));
    let configuration = byFile.get(configFile);
    if (!configuration) byFile.set(configFile, (configuration = mergeConfiguration(configurationOf(settings), configFile.result.settings)));
    return configuration;
  }
}

export function analyzeTextDocument(
  document: TextDocument,
  config: Configuration,
  override?: PolicyType,
  findings?: FindingsCache,
  files: {
    siblings?: () => ReadonlyArray<{ uri: string; text: string }>;
    readLinked?: ((uri: string) => LinkedText) | undefined;
    linkingModules?: (() => readonly ModuleTexts[]) | undefined;
  } = {},
): Analysis {
  const text = document.getText();
  const { siblings, readLinked, linkingModules } = files;
  const analysis = analyzeDocument(
    { text, uri: document.uri, languageId: document.languageId, ...(siblings ? { siblings } : {}), ...(readLinked ? { readLinked } : {}), ...(linkingModules ? { linkingModules } : {}) },
    { config, ...(override ? { policyType: override } : {}), ...(findings ? { findings } : {}) },
  );
  return { ...analysis, version: document.version, lines: new LineIndex(text), isPolicy: analysis.kind !== undefined, config };
}
