import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

/** The parts of the core (and of the LSP layer around it) the benchmark times, as dist/server.js and dist/cli.js run them. */
export interface BundledCore {
  lintPolicy: typeof import('../../server/src/core/lint').lintPolicy;
  parsePolicy: typeof import('../../server/src/core/policy/parse-policy').parsePolicy;
  completionsAt: typeof import('../../server/src/core/completion/completion').completionsAt;
  hoverAt: typeof import('../../server/src/core/hover/hover').hoverAt;
  getCatalog: typeof import('../../server/src/core/catalog/catalog').getCatalog;
  loadCatalog: typeof import('../../server/src/core/catalog/catalog').loadCatalog;
  checkPolicy: typeof import('../../server/src/core/lint').checkPolicy;
  cloudFormationReader: typeof import('../../server/src/core/hosts/cloudformation').cloudFormationReader;
  allChecks: typeof import('../../server/src/core/checks/index').allChecks;
  terraformReader: typeof import('../../server/src/core/hosts/terraform').terraformReader;
  terraformParser: typeof import('../../server/src/core/hosts/terraform/parser').terraformParser;
  cdkPythonReader: typeof import('../../server/src/core/hosts/cdk/reader').cdkPythonReader;
  pythonParser: typeof import('../../server/src/core/hosts/cdk/python').pythonParser;
  cdkJavaReader: typeof import('../../server/src/core/hosts/cdk/reader').cdkJavaReader;
  javaParser: typeof import('../../server/src/core/hosts/cdk/java').javaParser;
  cdkGoReader: typeof import('../../server/src/core/hosts/cdk/reader').cdkGoReader;
  goParser: typeof import('../../server/src/core/hosts/cdk/go').goParser;
  cdkCSharpReader: typeof import('../../server/src/core/hosts/cdk/reader').cdkCSharpReader;
  csharpParser: typeof import('../../server/src/core/hosts/cdk/csharp').csharpParser;
  editBetween: typeof import('../../server/src/core/hosts/tree-sitter').editBetween;
  isBuilt: typeof import('../../server/src/core/hosts/terraform/moved-policy').isBuilt;
  completionHostOf: typeof import('../../server/src/core/hosts/completion-host').completionHostOf;
  analyzeDocument: typeof import('../../server/src/core/analyze').analyzeDocument;
  FindingsCache: typeof import('../../server/src/core/analyze').FindingsCache;
  defaultConfiguration: typeof import('../../server/src/core/config/configuration').defaultConfiguration;
  readDocumentAccount: typeof import('../../server/src/core/account/escalation-findings').readDocumentAccount;
  documentEscalations: typeof import('../../server/src/core/account/escalation-findings').documentEscalations;
  escalationProblems: typeof import('../../server/src/core/account/escalation-findings').escalationProblems;
  movedProblems: typeof import('../../server/src/core/account/escalation-findings').movedProblems;
  EscalationRunner: typeof import('../../server/src/lsp/escalation-runner').EscalationRunner;
  analyzeTextDocument: typeof import('../../server/src/lsp/documents').analyzeTextDocument;
  diagnosticsOf: typeof import('../../server/src/lsp/diagnostics').diagnosticsOf;
  TextDocument: typeof import('vscode-languageserver-textdocument').TextDocument;
  /** The per-policy structures several rules share, timed on their own by rule-costs.ts. */
  statementActionsOf: typeof import('../../server/src/core/risk/action-grants').statementActionsOf;
  unconditionalDeniesOf: typeof import('../../server/src/core/risk/policy-denies').unconditionalDeniesOf;
  conditionBlocksOf: typeof import('../../server/src/core/policy/condition-blocks').conditionBlocksOf;
  variableSitesOf: typeof import('../../server/src/core/policy/variable-sites').variableSitesOf;
  arnValuesOf: typeof import('../../server/src/core/policy/policy-arns').arnValuesOf;
  statementFitsOf: typeof import('../../server/src/core/policy/action-resource-fit').statementFitsOf;
  resolvedActions: typeof import('../../server/src/core/checks/resolved-actions').resolvedActions;
}

/**
 * Bundles the core with esbuild into one scope, as the shipped bundles are, so the figures are the product's:
 * tsx keeps function names and adds a getter per cross-module call, which slows hot loops several times over.
 */
export function bundledCore(): BundledCore {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(bundleCore()) as BundledCore;
}

/** Writes the bundle bundledCore loads and returns its path, for child processes that load it themselves. */
export function bundleCore(): string {
  const root = join(__dirname, '..', '..');
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-bench-'));
  // The bench's child processes load the bundle while the bench runs; nobody needs it after.
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const outfile = join(dir, 'core.js');
  const entry = `
    export { lintPolicy, checkPolicy } from ${JSON.stringify(join(root, 'server/src/core/lint'))};
    export { cloudFormationReader } from ${JSON.stringify(join(root, 'server/src/core/hosts/cloudformation'))};
    export { parsePolicy } from ${JSON.stringify(join(root, 'server/src/core/policy/parse-policy'))};
    export { completionsAt } from ${JSON.stringify(join(root, 'server/src/core/completion/completion'))};
    export { hoverAt } from ${JSON.stringify(join(root, 'server/src/core/hover/hover'))};
    export { getCatalog, loadCatalog } from ${JSON.stringify(join(root, 'server/src/core/catalog/catalog'))};
    export { allChecks } from ${JSON.stringify(join(root, 'server/src/core/checks/index'))};
    export { terraformReader } from ${JSON.stringify(join(root, 'server/src/core/hosts/terraform'))};
    export { terraformParser } from ${JSON.stringify(join(root, 'server/src/core/hosts/terraform/parser'))};
    export { editBetween } from ${JSON.stringify(join(root, 'server/src/core/hosts/tree-sitter'))};
    export { cdkPythonReader, cdkJavaReader, cdkGoReader, cdkCSharpReader } from ${JSON.stringify(join(root, 'server/src/core/hosts/cdk/reader'))};
    export { pythonParser } from ${JSON.stringify(join(root, 'server/src/core/hosts/cdk/python'))};
    export { javaParser } from ${JSON.stringify(join(root, 'server/src/core/hosts/cdk/java'))};
    export { goParser } from ${JSON.stringify(join(root, 'server/src/core/hosts/cdk/go'))};
    export { csharpParser } from ${JSON.stringify(join(root, 'server/src/core/hosts/cdk/csharp'))};
    export { isBuilt } from ${JSON.stringify(join(root, 'server/src/core/hosts/terraform/moved-policy'))};
    export { completionHostOf } from ${JSON.stringify(join(root, 'server/src/core/hosts/completion-host'))};
    export { analyzeDocument, FindingsCache } from ${JSON.stringify(join(root, 'server/src/core/analyze'))};
    export { defaultConfiguration } from ${JSON.stringify(join(root, 'server/src/core/config/configuration'))};
    export { readDocumentAccount, documentEscalations, escalationProblems, movedProblems } from ${JSON.stringify(join(root, 'server/src/core/account/escalation-findings'))};
    export { EscalationRunner } from ${JSON.stringify(join(root, 'server/src/lsp/escalation-runner'))};
    export { analyzeTextDocument } from ${JSON.stringify(join(root, 'server/src/lsp/documents'))};
    export { diagnosticsOf } from ${JSON.stringify(join(root, 'server/src/lsp/diagnostics'))};
    export { TextDocument } from 'vscode-languageserver-textdocument';
    export { statementActionsOf } from ${JSON.stringify(join(root, 'server/src/core/risk/action-grants'))};
    export { unconditionalDeniesOf } from ${JSON.stringify(join(root, 'server/src/core/risk/policy-denies'))};
    export { conditionBlocksOf } from ${JSON.stringify(join(root, 'server/src/core/policy/condition-blocks'))};
    export { variableSitesOf } from ${JSON.stringify(join(root, 'server/src/core/policy/variable-sites'))};
    export { arnValuesOf } from ${JSON.stringify(join(root, 'server/src/core/policy/policy-arns'))};
    export { statementFitsOf } from ${JSON.stringify(join(root, 'server/src/core/policy/action-resource-fit'))};
    export { resolvedActions } from ${JSON.stringify(join(root, 'server/src/core/checks/resolved-actions'))};`;
  // As in esbuild.mjs: web-tree-sitter's CommonJS build, since its ESM build needs import.meta.url.
  esbuild.buildSync({
    stdin: { contents: entry, loader: 'ts', resolveDir: root },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    alias: { 'web-tree-sitter': join(root, 'node_modules/web-tree-sitter/web-tree-sitter.cjs') },
    logLevel: 'warning',
    define: { __dirname: JSON.stringify(join(root, 'dist')) },
  });
  return outfile;
}
