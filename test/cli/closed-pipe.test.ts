import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  firstChunk: string;
}

/** Runs dist/cli.js with its output piped into a reader that closes after the first chunk, as `| head -1` does. */
function runIntoEarlyClose(args: string[], input?: string): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    let firstChunk = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.once('data', (chunk: Buffer) => {
      firstChunk = chunk.toString('utf8');
      child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr, firstChunk }));
    // A batch keeps reading its input; keep feeding it until the command ends.
    if (input !== undefined) {
      const feed = () => {
        if (child.exitCode !== null || child.stdin.destroyed) return;
        if (child.stdin.write(input)) setImmediate(feed);
        else child.stdin.once('drain', feed);
      };
      child.stdin.on('error', () => {});
      feed();
    } else child.stdin.end();
  });
}

function describe(ended: Ended): string {
  return JSON.stringify({ firstChunk: ended.firstChunk.slice(0, 200), code: ended.code, signal: ended.signal, stderr: ended.stderr.slice(0, 1000) });
}

test('lint ends quietly when the reader closes the pipe early', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-pipe-'));
  // Far more output than a pipe buffers (about 600 KB), so the write meets the closed pipe.
  const policy = '{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "s3:GetObjectx", "Resource": "*"}, {"Effect": "deny", "Action": "s3:GetObjectx", "Resource": "*"}]}';
  for (let i = 0; i < 1500; i++) writeFileSync(join(dir, `p${i}.json`), policy);
  const ended = await runIntoEarlyClose(['lint', dir]);
  assert.ok(/^\S+p\d+\.json:1:\d+ error /.test(ended.firstChunk), describe(ended));
  assert.doesNotMatch(ended.stderr, /EPIPE|Unhandled|at .*\(node:/, ended.stderr);
  assert.equal(ended.signal, null);
  assert.equal(ended.code, 1, 'the exit code lint would have had: errors were found');
});

test('simulate --batch ends quietly when the reader closes the pipe early', async () => {
  const line = `${JSON.stringify({ request: { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }, policies: { identity: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }] } })}\n`;
  const ended = await runIntoEarlyClose(['simulate', '--batch'], line.repeat(2000));
  // Failed once in a loaded full run with no output at all: the message says how the process ended, to find out why.
  assert.ok(ended.firstChunk.startsWith('{"id":null,"decision":"Allowed"}'), describe(ended));
  assert.doesNotMatch(ended.stderr, /EPIPE|Unhandled|at .*\(node:/, ended.stderr);
  assert.equal(ended.signal, null);
  assert.equal(ended.code, 0);
});
