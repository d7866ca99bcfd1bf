import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareHostReaders } from '../../server/src/core/hosts/index';
import { readPulumiProgramAccount } from '../../server/src/core/account/from-pulumi';
import { Random } from '../helpers/random';
import { hostSeeds } from './host-seeds';
import { mutate } from './mutate';

// A Pulumi program's account is read from all its files at once (account/pulumi-program.ts follows a name from the
// file that imports it to the file that exports it): one damaged file, read with intact ones that import from it and
// from each other, must neither throw nor change the answer between two reads.
// FUZZ_ITERATIONS=5000 FUZZ_SEED=n runs longer or replays a failure.
const iterations = Number(process.env.FUZZ_ITERATIONS ?? 300);
const seed = Number(process.env.FUZZ_SEED ?? 20261206);

const programs = hostSeeds.filter((source) => /\/infra\/|sst\.config\.ts$/.test(source.uri));
// Files that import the seeds' names, so that the damaged file is followed into.
const importers = [
  {
    file: '/fuzz/infra/grants.ts',
    text: `import * as aws from '@pulumi/aws';
import { role, bucket, assume } from './index';
import * as program from './index';
new aws.iam.RolePolicy('extra', { role: role.id, policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: \`\${bucket.arn}/*\` }] }) });
new aws.iam.Role('other', { assumeRolePolicy: assume.then((doc) => doc.json) });
new aws.iam.RolePolicyAttachment('attach', { role: program.role.name, policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
`,
  },
  {
    file: '/fuzz/infra/grants.py',
    text: `import json
import pulumi_aws as aws
from .__main__ import bucket
from . import __main__ as main

aws.iam.RolePolicy("extra", role=main.role.id, policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}))
`,
  },
  {
    file: '/fuzz/infra/site.ts',
    text: `const { Uploads } = await import('../sst.config');
new sst.aws.Function('Site', { handler: 'src/site.handler', link: [Uploads], permissions: [{ actions: ['s3:ListBucket'], resources: ['*'] }] });
`,
  },
];

before(() => prepareHostReaders());

test('intact, the files follow each other: the importer gives the role the program makes its policies', () => {
  // The TypeScript program alone: the Go seed makes a role of the same name.
  const program = programs.find((source) => source.uri.endsWith('/infra/index.ts'))!;
  const read = readPulumiProgramAccount([{ file: '/fuzz/infra/index.ts', text: program.text }, importers[0]]);
  const inline = (name: string) => read.account!.roles.get(`arn:aws:iam::000000000000:role/${name}`)?.inline.map((policy) => policy.name);
  assert.deepEqual(inline('fn'), ['logs', 'read', 'extra']);
  assert.deepEqual(read.account!.roles.get('arn:aws:iam::000000000000:role/fn')!.attached, ['arn:aws:iam::aws:policy/ReadOnlyAccess']);
  assert.ok(read.account!.roles.get('arn:aws:iam::000000000000:role/other')!.trust, 'the trust policy imported from index.ts');
});

test(`a Pulumi program with a damaged file reads without throwing, the same each time (${iterations} programs, seed ${seed})`, () => {
  const random = new Random(seed);
  for (let i = 0; i < iterations; i++) {
    const damaged = random.pick(programs);
    let text = damaged.text;
    for (let m = 1 + random.int(3); m > 0; m--) text = mutate(text, random);
    const files = [
      { file: damaged.uri.replace('file://', ''), text },
      ...programs.filter((source) => source !== damaged).map((source) => ({ file: source.uri.replace('file://', ''), text: source.text })),
      ...importers,
    ];
    const context = `program ${i} (${damaged.uri} damaged, seed ${seed})`;
    let first;
    try {
      first = readPulumiProgramAccount(files);
    } catch (error) {
      assert.fail(`${context}: threw ${(error as Error).stack}`);
    }
    const again = readPulumiProgramAccount(files);
    const shown = (read: typeof first) =>
      JSON.stringify({
        error: read.error,
        roles: [...(read.account?.roles.values() ?? [])].map((role) => [role.arn, role.inline.map((policy) => policy.text), role.attached, role.trust?.text]),
        warnings: read.account?.warnings,
      });
    assert.equal(shown(again), shown(first), context);
  }
});
