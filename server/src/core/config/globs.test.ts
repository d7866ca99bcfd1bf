import { test } from 'node:test';
import assert from 'node:assert/strict';
import { URI } from 'vscode-uri';
import { pathOfUri } from './globs';

test('pathOfUri gives the path URI.parse gives, for plain file URIs and those with something to decode', () => {
  const uris = [
    'file:///tmp/mp/AmazonS3ReadOnlyAccess.json',
    'file:///tmp/a+b[1].json',
    'file:///c%3A/repo/policy.json',
    'file:///a%20b/c.json',
    'file:///tmp/x.json?query#fragment',
    'file://server/share/x.json',
    'untitled:Untitled-1',
    'vscode-notebook-cell:/a/b.ipynb#cell',
  ];
  for (const uri of uris) assert.equal(pathOfUri(uri), URI.parse(uri).path, uri);
});
