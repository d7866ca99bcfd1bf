// `npm test`'s first step: the type check and the build at once, each printing what it wrote when it is done, in
// that order. The two do not depend on each other, and the build spends most of its time waiting on esbuild: together
// they take the type check's time. Exits non-zero when either fails.
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(script) {
  return new Promise((resolve) => {
    const output = [];
    const child = spawn(npm, ['run', '-s', script], { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => resolve({ script, status: 1, output: [Buffer.from(`${error.message}\n`)] }));
    child.on('close', (status, signal) => resolve({ script, status: status ?? 1, signal, output }));
  });
}

const results = await Promise.all([run('typecheck'), run('build')]);
let failed = false;
for (const { script, status, signal, output } of results) {
  process.stdout.write(Buffer.concat(output));
  if (status !== 0) {
    failed = true;
    console.error(`npm run ${script} failed (${signal ? `stopped by ${signal}` : `exit code ${status}`}).`);
  }
}
process.exit(failed ? 1 : 0);
