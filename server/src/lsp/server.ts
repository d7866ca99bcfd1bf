import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getCatalog } from '../core/catalog/catalog';
import { isPolicyType } from '../core/policy/policy-type';
import { serverStatsRequest, setPolicyTypeRequest, type ServerStats, type SetPolicyTypeParams } from '../protocol';
import { codeActionsFor, fixAllKind } from './code-actions';
import { completionListAt } from './completion';
import { documentLinksOf, documentSymbolsOf, hoverOf } from './navigation';
import { AnalysisCache } from './documents';
import { safely } from './safe';
import { SettingsStore } from './settings';
import { ValidationScheduler } from './validation';

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
  const cache = new AnalysisCache();
  let canPullSettings = false;
  const settings = new SettingsStore(connection, () => canPullSettings);
  const validation = new ValidationScheduler(connection, documents, cache, settings);

  connection.onInitialize((params): InitializeResult => {
    canPullSettings = params.capabilities.workspace?.configuration === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, fixAllKind] },
        completionProvider: { triggerCharacters: ['"', ':'] },
        hoverProvider: true,
        documentSymbolProvider: { label: 'IAM policy' },
        documentLinkProvider: { resolveProvider: false },
      },
      serverInfo: { name: serverName },
    };
  });

  connection.onInitialized(() => {
    if (canPullSettings) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'iamPolicy' });
    // Load the catalog soon after start, once the first documents are validated, so the first completion does not wait for it.
    setTimeout(() => warmCatalog(connection), 300);
  });

  connection.onDidChangeConfiguration(() => {
    settings.clear();
    for (const document of documents.all()) validation.schedule(document, 0);
  });

  documents.onDidOpen(({ document }) => validation.schedule(document, 0));
  documents.onDidChangeContent(({ document }) => validation.schedule(document));
  documents.onDidClose(({ document }) => {
    validation.clear(document.uri);
    cache.forget(document.uri);
    settings.forget(document.uri);
  });

  connection.onCodeAction(
    safely(connection, 'Code actions', [], async (params) => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return [];
      return codeActionsFor(cache.analyze(document, await settings.get(document.uri)), params);
    }),
  );

  const analyzed = async (uri: string) => {
    const document = documents.get(uri);
    return document ? cache.analyze(document, await settings.get(uri)) : undefined;
  };

  connection.onCompletion(
    safely(connection, 'Completion', null, async (params) => {
      const analysis = await analyzed(params.textDocument.uri);
      return analysis ? completionListAt(analysis, analysis.lines.offsetAt(params.position), getCatalog()) : null;
    }),
  );

  connection.onHover(
    safely(connection, 'Hover', null, async (params) => {
      const analysis = await analyzed(params.textDocument.uri);
      return analysis ? hoverOf(analysis, analysis.lines.offsetAt(params.position), getCatalog()) : null;
    }),
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
      return analysis ? documentLinksOf(analysis, getCatalog()) : [];
    }),
  );

  connection.onRequest<boolean, void>(
    setPolicyTypeRequest,
    safely<SetPolicyTypeParams, boolean>(connection, 'Set policy type', false, (params) => {
      const type = isPolicyType(params.policyType) ? params.policyType : undefined;
      cache.setPolicyType(params.uri, type);
      const document = documents.get(params.uri);
      if (document) validation.schedule(document, 0);
      return true;
    }),
  );

  connection.onRequest<ServerStats, void>(
    serverStatsRequest,
    safely<unknown, ServerStats>(connection, 'Server stats', { openDocuments: 0, cachedAnalyses: 0, heapUsedBytes: 0, residentBytes: 0 }, () => {
      // With --expose-gc (tests only) the figures show what is still reachable, not what is waiting for collection.
      (globalThis as { gc?: () => void }).gc?.();
      const memory = process.memoryUsage();
      return { openDocuments: documents.all().length, cachedAnalyses: cache.size, heapUsedBytes: memory.heapUsed, residentBytes: memory.rss };
    }),
  );

  documents.listen(connection);
}
