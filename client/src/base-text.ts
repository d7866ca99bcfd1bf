import { execFile } from 'node:child_process';
import { basename, dirname } from 'node:path';

// The committed text of a file, for "No new access vs HEAD". The language server never runs git; the client reads
// the text through VS Code's built-in Git extension (its API's `Repository.show`), or, when that extension is
// disabled or absent, by running `git show REF:./FILE` in the file's folder, as `iam-policy check --base git:REF`
// does. No vscode import here, so the logic runs under node's test runner with fake repositories.

/** The part of the Git extension's `Repository` (API version 1) this file uses. */
export interface GitRepositoryLike {
  readonly rootUri: { readonly fsPath: string };
  show(ref: string, path: string): Promise<string>;
}

/** The part of the Git extension's API (version 1) this file uses: the repository that holds a file, if any. */
export interface GitApiLike {
  getRepository(uri: unknown): GitRepositoryLike | null;
}

/** Runs git with arguments in a folder; resolves with its standard output, rejects when git fails or is missing. */
export type GitRunner = (cwd: string, args: readonly string[]) => Promise<string>;

export interface CommittedTextOptions {
  /** The Git extension's API, when the extension is enabled. */
  api?: GitApiLike;
  /** The file's URI as the API takes it. */
  uri?: unknown;
  /** The fallback without the API. */
  runGit?: GitRunner;
  /** The revision; HEAD by default. */
  ref?: string;
}

/**
 * The file's text at `ref`, or null when it has none: the file is outside any repository, untracked, new since
 * `ref`, or git cannot say. A byte order mark is dropped, as the server drops it from open documents.
 */
export async function committedText(fsPath: string, options: CommittedTextOptions): Promise<string | null> {
  const ref = options.ref ?? 'HEAD';
  try {
    if (options.api) {
      const repository = options.api.getRepository(options.uri);
      // The extension knows every repository of the workspace; a file it places in none has no committed text.
      if (!repository) return null;
      return withoutBom(await repository.show(ref, fsPath));
    }
    if (options.runGit) return withoutBom(await options.runGit(dirname(fsPath), ['show', `${ref}:./${basename(fsPath)}`]));
  } catch {
    // `show` fails for a file HEAD does not have (untracked or added since), and outside a repository.
  }
  return null;
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Runs the `git` on PATH, with a time limit, for the fallback. */
export const runGitCommand: GitRunner = (cwd, args) =>
  new Promise((resolve, reject) => {
    execFile('git', [...args], { cwd, encoding: 'utf8', timeout: 10_000, maxBuffer: 32 * 1024 * 1024, windowsHide: true }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
