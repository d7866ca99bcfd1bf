// Bundles the client, the language server (and its escalation worker) and the command line into dist/.
// Each bundle is self-contained CommonJS, so the .vsix ships no node_modules.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const shared = {
  // web-tree-sitter's ESM build finds its parts through import.meta.url, which a CommonJS bundle does not have;
  // its CommonJS build is the one for Node.
  alias: { 'web-tree-sitter': fileURLToPath(new URL('./node_modules/web-tree-sitter/web-tree-sitter.cjs', import.meta.url)) },
  define: { 'process.env.IAM_POLICY_VERSION': JSON.stringify(version) },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  // jsonc-parser's UMD build loads its parts with a dynamic require that a bundle cannot follow; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
};

// In the CLI bundle, `require('yaml')` and `require('web-tree-sitter')` load the files beside it that the builds below
// write, so that a command that reads no template or Terraform file neither reads nor compiles those libraries. The
// server's bundle loads web-tree-sitter so too: the server and the CLI are loaded with V8's code cache
// (server/src/launch/code-cache.ts), and a cached script cannot run web-tree-sitter's `import()` on node 20.
const libraryFiles = { yaml: './cli-yaml.js', 'web-tree-sitter': './web-tree-sitter.js', '@babel/parser': './cli-babel-parser.js' };
const librariesBeside = (names) => ({
  name: 'libraries-beside',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^(${names.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})$`) }, ({ path }) => ({ path: libraryFiles[path], external: true }));
  },
});

const builds = [
  { ...shared, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...shared, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server-main.js', plugins: [librariesBeside(['web-tree-sitter', '@babel/parser'])] },
  // The language server's entry: a few lines that load dist/server-main.js with V8's code cache (server/src/lsp/launcher.ts).
  { ...shared, entryPoints: ['server/src/lsp/launcher.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' }, external: ['./server-main.js'] },
  // The server's escalation analysis runs in a worker thread from this bundle, loaded from beside dist/server.js with
  // V8's code cache by dist/escalation-worker.js (server/src/lsp/escalation-worker-launcher.ts).
  { ...shared, entryPoints: ['server/src/lsp/escalation-worker.ts'], outfile: 'dist/escalation-worker-main.js', plugins: [librariesBeside(['web-tree-sitter', '@babel/parser'])] },
  {
    ...shared,
    entryPoints: ['server/src/lsp/escalation-worker-launcher.ts'],
    outfile: 'dist/escalation-worker.js',
    external: ['./escalation-worker-main.js'],
  },
  // Every `iam-policy` run reads and compiles the whole bundle, so the CLI's leaves out comments and indentation even
  // in a development build: a quarter less text, and no comment's non-ASCII character (an arrow, an ellipsis) makes
  // V8 hold all of the source as two-byte (slower to read and to scan). Names are kept, for stack traces.
  { ...shared, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli-commands.js', minifyWhitespace: true, plugins: [librariesBeside(['yaml', 'web-tree-sitter', '@babel/parser'])] },
  // The `iam-policy` command itself: a few lines that set the command's V8 flags, then require dist/cli-commands.js
  // (server/src/cli/launcher.ts), since some flags only count if set before the code they concern is compiled or run.
  {
    ...shared,
    entryPoints: ['server/src/cli/launcher.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    minifyWhitespace: true,
    external: ['./cli-commands.js'],
  },
  // The YAML parser and web-tree-sitter, which only CloudFormation/SAM and Terraform files need, in files of their own
  // that the CLI (and for web-tree-sitter the server) requires when it first meets such a file (see librariesBeside).
  { ...shared, stdin: { contents: "export * from 'yaml';", resolveDir: '.', loader: 'js' }, outfile: 'dist/cli-yaml.js', minifyWhitespace: true },
  // Babel's parser, which only CDK sources (TypeScript, JavaScript) need: the CLI and the server require it on first use.
  { ...shared, stdin: { contents: "export * from '@babel/parser';", resolveDir: '.', loader: 'js' }, outfile: 'dist/cli-babel-parser.js', minifyWhitespace: true },
  { ...shared, entryPoints: [shared.alias['web-tree-sitter']], outfile: 'dist/web-tree-sitter.js', minifyWhitespace: true },
];

// The tree-sitter WebAssembly (web-tree-sitter's runtime, tree-sitter-hcl's Terraform grammar, and the grammars of
// tree-sitter-python, tree-sitter-java, tree-sitter-go and tree-sitter-c-sharp for CDK apps in those languages) is loaded at run time from beside the
// bundles; see server/src/core/hosts/tree-sitter.ts.
mkdirSync(new URL('./dist/', import.meta.url), { recursive: true });
// Their licences (MIT, Apache-2.0, MIT, MIT, MIT, MIT) ship beside them, and Babel's parser's beside its bundle.
for (const [from, to] of [
  ['node_modules/web-tree-sitter/web-tree-sitter.wasm', 'web-tree-sitter.wasm'],
  ['node_modules/web-tree-sitter/LICENSE', 'web-tree-sitter.LICENSE'],
  ['node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm', 'tree-sitter-terraform.wasm'],
  ['node_modules/@tree-sitter-grammars/tree-sitter-hcl/LICENSE', 'tree-sitter-hcl.LICENSE'],
  ['node_modules/tree-sitter-python/tree-sitter-python.wasm', 'tree-sitter-python.wasm'],
  ['node_modules/tree-sitter-python/LICENSE', 'tree-sitter-python.LICENSE'],
  ['node_modules/tree-sitter-java/tree-sitter-java.wasm', 'tree-sitter-java.wasm'],
  ['node_modules/tree-sitter-java/LICENSE', 'tree-sitter-java.LICENSE'],
  ['node_modules/tree-sitter-go/tree-sitter-go.wasm', 'tree-sitter-go.wasm'],
  ['node_modules/tree-sitter-go/LICENSE', 'tree-sitter-go.LICENSE'],
  ['node_modules/tree-sitter-c-sharp/tree-sitter-c_sharp.wasm', 'tree-sitter-c_sharp.wasm'],
  ['node_modules/tree-sitter-c-sharp/LICENSE', 'tree-sitter-c-sharp.LICENSE'],
  ['node_modules/@babel/parser/LICENSE', 'babel-parser.LICENSE'],
]) {
  copyFileSync(new URL(`./${from}`, import.meta.url), new URL(`./dist/${to}`, import.meta.url));
}

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  const results = await Promise.all(builds.map((options) => esbuild.build({ ...options, metafile: true })));
  writeThirdPartyNotices(results.flatMap((result) => Object.keys(result.metafile.inputs)));
}

/**
 * dist/THIRD-PARTY-NOTICES.txt: the name, version, licence and licence text of every package the bundles hold, as
 * their licences ask of copies (esbuild leaves the notices in their sources out of the bundles).
 */
function writeThirdPartyNotices(inputs) {
  const roots = new Set();
  for (const input of inputs) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input.replaceAll('\\', '/'));
    if (match) roots.add(match[1]);
  }
  const sections = [...roots].sort().map((name) => {
    const folder = new URL(`./node_modules/${name}/`, import.meta.url);
    const { version, license } = JSON.parse(readFileSync(new URL('package.json', folder), 'utf8'));
    const file = readdirSync(folder).find((entry) => /^licen[cs]e(?:\.(?:md|txt))?$/i.test(entry));
    const text = file ? readFileSync(new URL(file, folder), 'utf8').trim() : `(no licence file in the package; its package.json says ${license})`;
    return `${name} ${version}\nLicense: ${license}\n\n${text}\n`;
  });
  writeFileSync(new URL('./dist/THIRD-PARTY-NOTICES.txt', import.meta.url), `The packages bundled into dist/*.js, with their licences.\n\n${sections.join('\n' + '-'.repeat(78) + '\n\n')}`);
}
