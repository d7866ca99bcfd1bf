// Runs test/e2e/electron/suite inside a desktop VS Code through @vscode/test-electron, for machines
// that have one: downloaded by test-electron, or given as VSCODE_EXECUTABLE=/path/to/code. Machines
// without internet (our CI) cannot download it; scripts/run-e2e.mjs covers them with code-server.
//   node --import tsx test/e2e/electron/run-electron.ts
// On Linux without a display, wrap it in `xvfb-run -a`. VSCODE_VERSION picks the version to
// download (default: the newest that satisfies engines.vscode).
import { downloadAndUnzipVSCode, runTests, TestRunFailedError } from '@vscode/test-electron';
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const outDir = join(repoRoot, '.vscode-test/e2e-electron');

async function main(): Promise<number> {
  let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
  if (!vscodeExecutablePath) {
    try {
      vscodeExecutablePath = await downloadAndUnzipVSCode({
        cachePath: join(repoRoot, '.vscode-test'),
        extensionDevelopmentPath: repoRoot,
        timeout: 30_000,
        ...(process.env.VSCODE_VERSION ? { version: process.env.VSCODE_VERSION } : {}),
      });
    } catch (error) {
      console.error(
        [
          `run-electron: could not download VS Code: ${error instanceof Error ? error.message : String(error)}`,
          '  This machine probably cannot reach update.code.visualstudio.com. Either point VSCODE_EXECUTABLE',
          '  at an installed VS Code (e.g. VSCODE_EXECUTABLE=/usr/share/code/code), or run the code-server',
          '  suite, which needs only the npm registry: node scripts/run-e2e.mjs',
        ].join('\n'),
      );
      return 2;
    }
  }

  const build = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('run-electron: npm run build failed.');
    return 1;
  }
  // The extension host loads plain CommonJS; bundle the TypeScript suite for it.
  await esbuild.build({
    entryPoints: [fileURLToPath(new URL('suite/index.ts', import.meta.url))],
    outfile: join(outDir, 'suite.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });

  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.error('run-electron: no DISPLAY; desktop VS Code needs one. Try: xvfb-run -a node --import tsx test/e2e/electron/run-electron.ts');
  }

  // A fresh profile and a copy of the fixture workspace, so runs do not affect each other.
  const runDir = await mkdtemp(join(tmpdir(), 'iam-e2e-electron-'));
  const workspace = join(runDir, 'workspace');
  try {
    await cp(join(repoRoot, 'test/e2e/workspace'), workspace, { recursive: true });
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(outDir, 'suite.js'),
      launchArgs: [workspace, '--disable-extensions', '--user-data-dir', join(runDir, 'user-data'), '--extensions-dir', join(runDir, 'extensions')],
    });
  } catch (error) {
    if (error instanceof TestRunFailedError) {
      console.error(`run-electron: the suite failed (${error.signal ?? `exit ${error.code}`}).`);
      return error.code || 1;
    }
    throw error;
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('run-electron:', error);
    process.exit(1);
  },
);
