import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

// Permissive licences only ship (DEVELOPERS: MIT, Apache-2.0, BSD, ISC); BlueOak-1.0.0 is one too, a permissive
// licence without conditions beyond the notice, which minimatch (through vscode-languageclient) carries.
const PERMISSIVE = /^(?:MIT|ISC|Apache-2\.0|BSD-[23]-Clause|0BSD|BlueOak-1\.0\.0)$/;

test('dist/THIRD-PARTY-NOTICES.txt names every bundled package with its licence text, and every licence is permissive', () => {
  const notices = readFileSync(join(root, 'dist', 'THIRD-PARTY-NOTICES.txt'), 'utf8');
  const body = notices.slice(notices.indexOf('\n\n') + 2);
  const sections = body.split(`\n${'-'.repeat(78)}\n\n`).map((section) => {
    const [, name, version, license, text] = /^(\S+) (\S+)\nLicense: (.+)\n\n([^]*)$/.exec(section) ?? [];
    return { name, version, license, text };
  });
  const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  // Every runtime dependency is bundled, so each is named, with the version installed.
  for (const name of Object.keys(dependencies)) {
    const section = sections.find((entry) => entry.name === name);
    assert.ok(section, `${name} is in the notices`);
    assert.equal(section.version, (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version);
  }
  for (const { name, license, text } of sections) {
    assert.match(license, PERMISSIVE, `${name} is under ${license}`);
    assert.match(text, /permission|copyright/i, `${name}'s licence text`);
  }
});
