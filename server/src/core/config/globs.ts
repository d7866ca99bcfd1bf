import picomatch from 'picomatch';
import { URI } from 'vscode-uri';

const matchers = new Map<string, (path: string) => boolean>();

/**
 * Whether a path (with `/` separators) matches one of the globs. A glob without `/` matches file names in any
 * folder, as in VS Code's `files.associations`; dot files match too.
 */
export function matchesAny(path: string, globs: readonly string[]): boolean {
  for (const glob of globs) {
    let matcher = matchers.get(glob);
    if (!matcher) {
      matcher = picomatch(glob, { dot: true, basename: !glob.includes('/'), nocase: false });
      matchers.set(glob, matcher);
    }
    if (matcher(path)) return true;
  }
  return false;
}

/** The path of a document's URI (`/home/me/p.json`), or the string itself when it is not a URI. */
export function pathOfUri(uri: string): string {
  // The pipeline asks this of one document several times in a row (exclusions, the reader, the type globs).
  if (uri === lastUri) return lastPath;
  let path: string;
  if (uri.startsWith('file:///') && !/[%?#]/.test(uri)) {
    // What URI.parse gives for a local file URI with nothing to decode, without its regular expressions: the CLI asks
    // this of every file it lints.
    path = uri.slice('file://'.length);
  } else {
    try {
      path = URI.parse(uri).path;
    } catch {
      path = uri;
    }
  }
  lastUri = uri;
  lastPath = path;
  return path;
}

let lastUri: string | undefined;
let lastPath = '';

/**
 * A glob written in a configuration file, as a glob over whole paths: `scps/*.json` in `/repo/.iam-policy.json`
 * becomes `/repo/scps/*.json`. Globs without `/` (file names anywhere) and globs that already start at any depth
 * (`**\/…`) or at the root (`/…`) stay as written.
 */
export function anchorGlob(glob: string, folder: string): string {
  if (!glob.includes('/') || glob.startsWith('**/') || glob.startsWith('/')) return glob;
  const base = folder.endsWith('/') ? folder : `${folder}/`;
  return `${escapeGlob(base)}${glob.startsWith('./') ? glob.slice(2) : glob}`;
}

function escapeGlob(path: string): string {
  return path.replace(/[*?[\]{}()!+@\\]/g, '\\$&');
}
