import { join } from 'node:path';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getCatalog } from '../core/catalog/catalog';
import { configFileName } from '../core/config/configuration';
import { isConfigFile } from '../core/config/find-config';
import { forgetEditorDocument, prepareHostReaders, prepareReadersFor, readersToPrepare } from '../core/hosts/index';
import { ModuleFiles } from './module-files';
import { isPolicyType } from '../core/policy/policy-type';
import {
  accountEntityRequest,
  accountPermissionsRequest,
  accountSimulateRequest,
  accountSimulationInputsRequest,
  accountViewRequest,
  accountWhoCanRequest,
  baseTextRequest,
  newAccessRequest,
  type BaseTextParams,
  type NewAccessArguments,
  type NewAccessReport,
  managedPolicyRequest,
  serverStatsRequest,
  type AccountViewResult,
  setPolicyTypeRequest,
  simulateRequest,
  simulationInputsRequest,
  type ManagedPolicyParams,
  type ManagedPolicyResult,
  type ServerStats,
  type SetPolicyTypeParams,
  type SimulateParams,
  type SimulationInputsParams,
  type SimulationInputsResult,
  type SimulationResult,
} from '../protocol';
import { WorkspaceAccount } from './account';
import { accountEntityOf, accountPermissionsOf, accountSimulationInputsOf, accountSimulationOf, accountViewOf, accountWhoCanOf } from './account-answers';
import { AccountFindings } from './account-findings';
import { TerraformCallers } from './module-callers';
import { EscalationRunner } from './escalation-runner';
import { codeActionsFor, fixAllKind } from './code-actions';
import { codeLensesOf } from './code-lens';
import { BaseTexts } from './new-access';
import { completionListAt } from './completion';
import { managedPolicyDefinitionOf, managedPolicyDocumentOf, managedPolicyHoverOf } from './managed-policies';
import { documentLinksOf, documentSymbolsOf, hostFileLinksOf, hoverOf } from './navigation';
import { AnalysisCache } from './documents';
import { ConfigFiles } from './config-files';
import { PolicyTexts } from './policy-texts';
import { safely } from './safe';
import { isScenarioUri, ScenarioRunner } from './scenarios';
import { SettingsStore } from './settings';
import { noSimulationInputs, simulationInputsOf, simulationOf, validOtherPolicies } from './simulation';
import { roleSimulationInputsOf, roleSimulationOf } from './role-simulation';
import { defaultTimings, timingsOf } from './timings';
import { ValidationScheduler } from './validation';
import { whoCanActionsOf } from './who-can-actions';

export const serverName = 'IAM Policy Author';

function warmCatalog(connection: Connection): void {
  const start = performance.now();
  try {
    const catalog = getCatalog();
    const { services, actions, resourceTypes, conditionKeys } = catalog.counts;
    connection.console.info(
      `Loaded the service catalog ${catalog.version} (${catalog.date.slice(0, 10)}: ${services} services, ${actions} actions, ` +
        `${resourceTypes} resource types, ${conditionKeys} condition keys) in ${Math.round(performance.now() - start)} ms.`,
    );
  } catch (error) {
    connection.console.error(`${(error as Error).message} Checks that need the catalog are skipped until it is available.`);
  }
}

/** Wires the features to a connection. Returns once the handlers are registered; the caller calls `listen()`. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const configFiles = new ConfigFiles();
  // A Terraform document reads the locals of its module's other .tf files: open documents first, then the disk.
  const moduleFiles = new ModuleFiles(documents);
  const cache = new AnalysisCache(
    configFiles,
    (uri) => moduleFiles.siblingsOf(uri),
    (uri) => moduleFiles.linkedText(uri),
    (uri) => moduleFiles.modulesNaming(uri),
  );
  // A change in one .tf file may change what the open .tf files of its folder read from its locals, and which of
  // their policies its roles take as permissions boundaries.
  // And a change in a template changes which variables the templatefile() calls rendering it lack.
  // And a .tf file may read a policy file in its folder or below with file() or templatefile(), which gives its type.
  const revalidateModule = (uri: string): void => {
    for (const sibling of [...moduleFiles.openSiblingsOf(uri), ...moduleFiles.openReadersOf(uri)]) {
      cache.invalidate(sibling.uri);
      validation.schedule(sibling);
    }
    for (const dependent of cache.dependentsOf(uri)) {
      const document = documents.get(dependent);
      cache.invalidate(dependent);
      if (document) validation.schedule(document);
    }
  };
  let canPullSettings = false;
  let canRefreshCodeLenses = false;
  let canWatchFiles = false;
  const settings = new SettingsStore(connection, () => canPullSettings);
  // The waits after an edit: the defaults until `initialize` brings the client's.
  const timings = { ...defaultTimings };
  // Escalation findings of a template or module are found a while after the last edit, in a worker thread (the
  // bundle beside this one); when they change, the document is published again (its analysis is cached, so only the
  // findings are new), and when its roles change, the code lenses are asked for again.
  const terraformCallers = new TerraformCallers();
  const escalationRunner = new EscalationRunner(join(__dirname, 'escalation-worker.js'), connection.console);
  const accountFindings = new AccountFindings(
    documents,
    (uri, changed) => {
      const document = documents.get(uri);
      if (document && changed.problems) validation.schedule(document, 0);
      // The roles' "Simulate as this role" lenses moved or changed.
      if (changed.roles && canRefreshCodeLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    },
    escalationRunner,
    timings,
    terraformCallers,
  );
  const validation = new ValidationScheduler(connection, documents, cache, settings, timings, accountFindings);
  const texts = new PolicyTexts(documents);
  const scenarios = new ScenarioRunner(connection, documents, texts, timings);
  const workspaceAccount = new WorkspaceAccount(connection, documents, () => canPullSettings, timings);
  const baseTexts = new BaseTexts();

  connection.onInitialize(async (params): Promise<InitializeResult> => {
    // Host readers whose parsers load asynchronously (a wasm grammar) load once, before the first document.
    await prepareHostReaders().catch((error: Error) => connection.console.error(`A host reader failed to load: ${error.stack ?? error.message}`));
    canPullSettings = params.capabilities.workspace?.configuration === true;
    const asked = timingsOf(params.initializationOptions);
    Object.assign(timings, asked.timings);
    for (const problem of asked.problems) connection.console.warn(`Invalid initialization option: ${problem}`);
    canRefreshCodeLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const workspaceFolders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    workspaceAccount.setFolders(workspaceFolders);
    terraformCallers.setFolders(workspaceFolders);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, fixAllKind] },
        completionProvider: { triggerCharacters: ['"', ':', '{'] },
        hoverProvider: true,
        definitionProvider: true,
        documentSymbolProvider: { label: 'IAM policy' },
        documentLinkProvider: { resolveProvider: false },
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: serverName },
    };
  });

  connection.onInitialized(() => {
    if (canPullSettings) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'iamPolicy' });
    // .iam-policy.json files are read from disk; the client tells us when one is created, changed or deleted.
    // So are the account view's sources (templates, Terraform files, exports): the account is read again when one changes.
    if (canWatchFiles)
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        // Policy templates too (.tftpl, .tpl, .tmpl), which Terraform modules read with templatefile(), and CDK apps' sources.
        watchers: [
          { globPattern: `**/${configFileName}` },
          { globPattern: '**/*.{json,yaml,yml,template,cfntemplate,cform,cfn,tf,tofu,hcl,tftpl,tpl,tmpl,ts,mts,cts,js,mjs,cjs,py,java,go,cs}' },
          { globPattern: '**/.ebextensions/**/*.config' },
        ],
      });
    // Load the catalog soon after start, once the first documents are validated, so the first completion does not wait for it.
    setTimeout(() => warmCatalog(connection), 300);
  });

  const revalidateAll = (): void => {
    for (const document of documents.all()) if (!isScenarioUri(document.uri)) validation.schedule(document, 0);
    // iamPolicy.simulation.codeLens, or the policy types, may have changed.
    if (canRefreshCodeLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  };

  connection.onDidChangeConfiguration(() => {
    settings.clear();
    workspaceAccount.settingsChanged();
    revalidateAll();
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const change of changes) {
      workspaceAccount.changed(change.uri);
      terraformCallers.changed(change.uri);
      accountFindings.fileChanged(change.uri);
      if (!documents.get(change.uri)) revalidateModule(change.uri);
    }
    if (!changes.some((change) => isConfigFile(change.uri))) return;
    configFiles.clear();
    revalidateAll();
  });

  // Scenario files (*.iamtest.json) are run on open and save, and when a policy they name changes; they get no policy diagnostics.
  // A reader whose grammar loads on demand (C#'s) reads the open documents it may claim once it has loaded; until then
  // they are read as other files.
  const prepareReadersOf = (uri: string) =>
    void prepareReadersFor([uri])?.then(
      () => {
        for (const open of documents.all()) {
          if (isScenarioUri(open.uri) || !readersToPrepare([open.uri]).some((reader) => reader.onDemand)) continue;
          // Its analysis of this version, made without the reader, is out of date.
          cache.forget(open.uri);
          validation.schedule(open, 0);
        }
      },
      (error: Error) => connection.console.error(`A host reader failed to load: ${error.stack ?? error.message}`),
    );
  documents.onDidOpen(({ document }) => {
    if (isScenarioUri(document.uri)) return scenarios.run(document);
    prepareReadersOf(document.uri);
    validation.opened(document);
  });
  documents.onDidChangeContent(({ document }) => {
    if (isScenarioUri(document.uri)) return;
    validation.schedule(document);
    revalidateModule(document.uri);
    scenarios.policyChanged(document.uri);
    workspaceAccount.changed(document.uri, document.getText());
    accountFindings.fileChanged(document.uri);
  });
  documents.onDidSave(({ document }) => {
    if (isScenarioUri(document.uri)) scenarios.run(document);
    // Clients that cannot watch files still tell us when a configuration file is saved.
    if (isConfigFile(document.uri) && !canWatchFiles) {
      configFiles.clear();
      revalidateAll();
    }
  });
  documents.onDidClose(({ document }) => {
    if (isScenarioUri(document.uri)) scenarios.forget(document.uri);
    else {
      validation.clear(document.uri);
      scenarios.policyChanged(document.uri);
    }
    cache.forget(document.uri);
    baseTexts.forget(document.uri);
    accountFindings.forget(document.uri);
    settings.forget(document.uri);
    // The Terraform, CloudFormation and CDK readers keep each editor document's last reading or tree for incremental
    // reading; a closed one frees it.
    forgetEditorDocument(document.uri);
    // Its siblings, and the modules that read a policy from it, now read its text from the disk.
    revalidateModule(document.uri);
    accountFindings.fileChanged(document.uri);
  });

  connection.onCodeAction(
    safely(connection, 'Code actions', [], async (params) => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return [];
      const analysis = cache.analyze(document, await settings.get(document.uri));
      const escalations = accountFindings.problemsOf(document.uri);
      const withEscalations = escalations.length > 0 ? { ...analysis, problems: [...analysis.problems, ...escalations] } : analysis;
      return [...codeActionsFor(withEscalations, params), ...whoCanActionsOf(analysis, params)];
    }),
  );

  const analyzed = async (uri: string) => {
    const document = documents.get(uri);
    return document ? cache.analyze(document, await settings.get(uri)) : undefined;
  };

  connection.onCompletion(
    safely(connection, 'Completion', null, async (params) => {
      const analysis = await analyzed(params.textDocument.uri);
      return analysis ? completionListAt(analysis, analysis.lines.offsetAt(params.position), getCatalog(), params.context?.triggerCharacter) : null;
    }),
  );

  connection.onHover(
    safely(connection, 'Hover', null, async (params) => {
      const analysis = await analyzed(params.textDocument.uri);
      if (!analysis) return null;
      const offset = analysis.lines.offsetAt(params.position);
      // An AWS managed policy ARN may sit outside any policy (ManagedPolicyArns, policy_arn), so it is looked for first.
      return managedPolicyHoverOf(analysis, documents.get(params.textDocument.uri)!.getText(), offset, getCatalog()) ?? hoverOf(analysis, offset, getCatalog());
    }),
  );

  connection.onDefinition(
    safely(connection, 'Definition', null, async (params) => {
      const analysis = await analyzed(params.textDocument.uri);
      return analysis ? managedPolicyDefinitionOf(analysis, documents.get(params.textDocument.uri)!.getText(), analysis.lines.offsetAt(params.position)) : null;
    }),
  );

  connection.onRequest(
    managedPolicyRequest,
    safely<ManagedPolicyParams, ManagedPolicyResult | null>(connection, 'Managed policy', null, async (params) => managedPolicyDocumentOf(params.uri)),
  );

  connection.onDocumentSymbol(
    safely(connection, 'Document symbols', [], async (params) => {
      const analysis = await analyzed(params.textDocument.uri);
      return analysis ? documentSymbolsOf(analysis) : [];
    }),
  );

  connection.onDocumentLinks(
    safely(connection, 'Document links', [], async (params) => {
      const analysis = await analyzed(params.textDocument.uri);
      return analysis ? [...documentLinksOf(analysis, getCatalog()), ...hostFileLinksOf(analysis)] : [];
    }),
  );

  connection.onCodeLens(
    safely(connection, 'Code lenses', [], async (params) => {
      const uri = params.textDocument.uri;
      const analysis = await analyzed(uri);
      if (!analysis) return [];
      const current = await settings.get(uri);
      const document = documents.get(uri)!;
      return [
        ...(current.noNewAccessLens ? baseTexts.lensesOf(analysis, (text) => cache.analyzeVersion(document, text, current)) : []),
        ...(current.simulationCodeLens ? codeLensesOf(analysis, accountFindings.rolesOf(analysis.uri)) : []),
      ];
    }),
  );

  connection.onRequest(
    baseTextRequest,
    safely<BaseTextParams, boolean>(connection, 'Base text', false, (params) => {
      if (typeof params?.uri !== 'string') return false;
      if (baseTexts.set(params) && canRefreshCodeLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      return true;
    }),
  );

  connection.onRequest(
    newAccessRequest,
    safely<NewAccessArguments, NewAccessReport | null>(connection, 'New access', null, async (params) => {
      const analysis = await analyzed(params.uri);
      const document = documents.get(params.uri);
      if (!analysis || !document) return null;
      const current = await settings.get(params.uri);
      return baseTexts.reportOf(analysis, typeof params.policyIndex === 'number' ? params.policyIndex : undefined, (text) => cache.analyzeVersion(document, text, current));
    }),
  );

  connection.onRequest(
    simulationInputsRequest,
    safely<SimulationInputsParams, SimulationInputsResult>(connection, 'Simulation inputs', noSimulationInputs, async (params) => {
      const analysis = await analyzed(params.uri);
      if (analysis && typeof params.templateRole === 'string') return roleSimulationInputsOf(analysis, accountFindings.accountOf(analysis, params.templateRole), params, getCatalog());
      return analysis ? simulationInputsOf(analysis, { ...params, otherPolicies: validOtherPolicies(params.otherPolicies) }, texts, getCatalog()) : noSimulationInputs;
    }),
  );

  connection.onRequest(
    simulateRequest,
    safely<SimulateParams, SimulationResult | null>(connection, 'Simulation', null, async (params) => {
      const analysis = await analyzed(params.uri);
      if (!analysis || typeof params.request?.action !== 'string' || typeof params.request.resource !== 'string') return null;
      if (typeof params.templateRole === 'string')
        return roleSimulationOf(analysis, accountFindings.accountOf(analysis, params.templateRole), { ...params, otherPolicies: validOtherPolicies(params.otherPolicies) }, texts);
      return simulationOf(analysis, { ...params, otherPolicies: validOtherPolicies(params.otherPolicies) }, texts);
    }),
  );

  // The IAM account of the workspace (the "IAM Account" view, "Who can…", "Simulate as this principal").
  const accountView = safely<void, AccountViewResult>(
    connection,
    'Account view',
    { message: 'The account could not be read: see the language server log.', sources: [], warnings: [], users: [], groups: [], roles: [], policies: [], resourcePolicies: [] },
    async () => accountViewOf(await workspaceAccount.current()),
  );
  connection.onRequest(accountViewRequest, (token) => accountView(undefined, token));
  connection.onRequest(
    accountEntityRequest,
    safely(connection, 'Account entity', null, async (params) => accountEntityOf(await workspaceAccount.current(), String(params?.arn))),
  );
  connection.onRequest(
    accountPermissionsRequest,
    safely(connection, 'Account permissions', null, async (params) => accountPermissionsOf(await workspaceAccount.current(), String(params?.principal), getCatalog())),
  );
  connection.onRequest(
    accountWhoCanRequest,
    safely(connection, 'Who can', { message: 'The question could not be answered: see the language server log.', allowed: [], errors: [] }, async (params) =>
      accountWhoCanOf(await workspaceAccount.current(), params),
    ),
  );
  connection.onRequest(
    accountSimulateRequest,
    safely(connection, 'Account simulation', null, async (params) => {
      if (typeof params?.principal !== 'string' || typeof params.request?.action !== 'string' || typeof params.request.resource !== 'string') return null;
      return accountSimulationOf(await workspaceAccount.current(), params);
    }),
  );
  connection.onRequest(
    accountSimulationInputsRequest,
    safely(connection, 'Account simulation inputs', noSimulationInputs, async (params) =>
      typeof params?.principal === 'string' ? accountSimulationInputsOf(await workspaceAccount.current(), params, getCatalog()) : noSimulationInputs,
    ),
  );

  connection.onRequest(
    setPolicyTypeRequest,
    safely<SetPolicyTypeParams, boolean>(connection, 'Set policy type', false, (params) => {
      const type = isPolicyType(params.policyType) ? params.policyType : undefined;
      cache.setPolicyType(params.uri, type);
      const document = documents.get(params.uri);
      if (document) validation.schedule(document, 0);
      return true;
    }),
  );

  const serverStats = safely<void, ServerStats>(connection, 'Server stats', { openDocuments: 0, cachedAnalyses: 0, heapUsedBytes: 0, residentBytes: 0 }, () => {
    // With --expose-gc (tests only) the figures show what is still reachable, not what is waiting for collection.
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    return {
      openDocuments: documents.all().length,
      cachedAnalyses: cache.size,
      heapUsedBytes: memory.heapUsed,
      residentBytes: memory.rss,
      escalationRuns: { ...escalationRunner.stats(), dropped: accountFindings.dropped },
      accountReads: workspaceAccount.reads,
    };
  });
  connection.onRequest(serverStatsRequest, (token) => serverStats(undefined, token));

  // The escalation worker ends with the server.
  connection.onShutdown(() => escalationRunner.dispose());
  connection.onExit(() => escalationRunner.dispose());

  documents.listen(connection);
}
