/**
 * Folders that a walk of a folder for policies never enters, in `iam-policy lint DIR` and in the editor's workspace
 * account alike: dependencies and build output that vendor or copy the sources (node_modules, dist, SAM's `.aws-sam`
 * build with its copy of the template, the CDK's `cdk.out` with the templates it synthesizes from the app's source,
 * Terraform's `.terraform` cache of providers and downloaded modules, the VS Code
 * test download, a Python virtual environment) and version-control data. A file in one of them named on the command line, or matched by a glob that
 * starts inside it, is still read.
 */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set([
  'node_modules',
  'dist',
  '.aws-sam',
  'cdk.out',
  '.terraform',
  '.vscode-test',
  '.git',
  '.hg',
  '.svn',
  // A Python app's virtual environment holds aws_cdk's own sources, which import aws_cdk and write statements.
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  // Gradle's caches of a Java app's build.
  '.gradle',
]);
