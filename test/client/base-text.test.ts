// The client's committed-text logic for "No new access vs HEAD": through a (fake) Git extension API, and through the
// `git show` fallback against a real repository in a temporary folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { committedText, runGitCommand, type GitApiLike } from '../../client/src/base-text';

test('through the Git extension: the repository that holds the file shows it at HEAD', async () => {
  const asked: [string, string][] = [];
  const api: GitApiLike = {
    getRepository: (uri) =>
      uri === 'file:///repo/a.policy.json'
        ? {
            rootUri: { fsPath: '/repo' },
            show: async (ref, path) => {
              asked.push([ref, path]);
              return '\ufeff{"Statement": []}';
            },
          }
        : null,
  };
  assert.equal(await committedText('/repo/a.policy.json', { api, uri: 'file:///repo/a.policy.json' }), '{"Statement": []}');
  assert.deepEqual(asked, [['HEAD', '/repo/a.policy.json']]);
  assert.equal(await committedText('/elsewhere/b.json', { api, uri: 'file:///elsewhere/b.json' }), null, 'no repository: no base');
});

test('through the Git extension: a file HEAD does not have (show rejects) has no base', async () => {
  const api: GitApiLike = {
    getRepository: () => ({
      rootUri: { fsPath: '/repo' },
      show: () => Promise.reject(new Error("fatal: path 'new.json' exists on disk, but not in 'HEAD'")),
    }),
  };
  assert.equal(await committedText('/repo/new.json', { api, uri: 'file:///repo/new.json' }), null);
});

test('without the Git extension: git show HEAD:./FILE in the file folder; untracked and outside a repository give null', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-base-text-'));
  mkdirSync(join(dir, 'repo', 'policies'), { recursive: true });
  const repo = join(dir, 'repo');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, stdio: 'pipe' });
  git('init', '-q');
  writeFileSync(join(repo, 'policies', 'app.policy.json'), '{"v": 1}\n');
  git('add', '.');
  git('commit', '-qm', 'v1');
  writeFileSync(join(repo, 'policies', 'app.policy.json'), '{"v": 2}\n');
  writeFileSync(join(repo, 'policies', 'untracked.json'), '{}');
  writeFileSync(join(dir, 'outside.json'), '{}');
  const options = { runGit: runGitCommand };
  assert.equal(await committedText(join(repo, 'policies', 'app.policy.json'), options), '{"v": 1}\n');
  assert.equal(await committedText(join(repo, 'policies', 'untracked.json'), options), null);
  assert.equal(await committedText(join(dir, 'outside.json'), { ...options, runGit: (cwd, args) => runGitCommand(cwd, ['--git-dir', join(dir, 'no-such-git-dir'), ...args]) }), null);
  git('commit', '-qam', 'v2');
  assert.equal(await committedText(join(repo, 'policies', 'app.policy.json'), { ...options, ref: 'HEAD~1' }), '{"v": 1}\n');
});

test('neither the Git extension nor a runner: no base', async () => {
  assert.equal(await committedText('/repo/a.json', {}), null);
});
