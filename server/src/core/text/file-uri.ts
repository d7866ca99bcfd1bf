import { URI } from 'vscode-uri';

/**
 * The local path of a `file:` URI, however it is encoded (an editor's `file:///c%3A/…`, a link's `file:///c:/…`);
 * undefined for any other scheme or a string that is no URI.
 */
export function localPathOf(uri: string): string | undefined {
  try {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The URI of a file a document names by a relative path (`./iam.yml`, `policies\\bucket.json`, `../shared/`), resolved
 * against the document's URI, each path segment encoded; undefined when the two do not make a URI.
 */
export function uriRelativeTo(path: string, documentUri: string): string | undefined {
  try {
    return new URL(path.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/'), documentUri).href;
  } catch {
    return undefined;
  }
}
