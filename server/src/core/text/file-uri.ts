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
