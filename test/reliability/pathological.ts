/** Inputs built to find super-linear behaviour: shared by the reliability test and the benchmark. */
export interface PathologicalInput {
  name: string;
  text: string;
}

const statement = (i: number) =>
  `{"Sid": "S${i}", "Effect": "Allow", "Action": ["s3:GetObject", "ec2:Describe*"], "Resource": "arn:aws:s3:::bucket-${i}/*", "Condition": {"StringLike": {"aws:PrincipalTag/team": "t${i}*"}}}`;

export function pathologicalInputs(): PathologicalInput[] {
  const longResource = `arn:aws:s3:::${'a'.repeat(100_000)}`;
  const evilPattern = `${'*a'.repeat(30)}*b`;
  const statements = (n: number) => `{"Version": "2012-10-17", "Statement": [${Array.from({ length: n }, (_, i) => statement(i)).join(',\n')}]}`;
  const fiveMegabytes = (() => {
    const one = statement(0).length + 2;
    return statements(Math.ceil(5_000_000 / one));
  })();
  return [
    {
      name: 'wildcard *a*a…*b against a 100,000-character resource',
      text: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:${evilPattern}", "Resource": ["${longResource}", "arn:aws:s3:::${evilPattern}"], "Condition": {"StringLike": {"aws:username": ["${evilPattern}", "${'a'.repeat(100_000)}"]}}}]}`,
    },
    { name: '5 MB policy', text: fiveMegabytes },
    { name: '10,000 statements', text: statements(10_000) },
    { name: '100-level nesting', text: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": ${'{"a": '.repeat(100)}"x"${'}'.repeat(100)}}]}` },
    {
      name: '100,000-element Action array',
      text: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [${Array.from({ length: 100_000 }, (_, i) => `"s3:Get${i % 7 === 0 ? '*' : `Object${i}`}"`).join(',')}], "Resource": "*"}]}`,
    },
    { name: '10,000 nested arrays, unterminated', text: `{"Statement": ${'['.repeat(10_000)}` },
    // Lists whose values all share the head an index groups them by (arn:aws:s3, a condition key's values), each
    // value covered by none or by an earlier one: compared pairwise, each took a quadratic time.
    {
      name: '10,000-ARN Resource list',
      text: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": [${Array.from({ length: 10_000 }, (_, i) => `"arn:aws:s3:::bucket-${i}/${'logs/'.repeat(i % 5)}*"`).join(',')}]}]}`,
    },
    // Each Allow weighed against every Deny for every action its wildcard expands to: the product took 20 s.
    {
      name: '1,000 service-wide Allows and 1,000 Denies',
      text: `{"Version": "2012-10-17", "Statement": [${Array.from({ length: 1_000 }, (_, i) => {
        const service = ['s3', 'ec2', 'iam', 'lambda', 'dynamodb', 'sqs', 'sns', 'kms'][i % 8];
        return `{"Effect": "Allow", "Action": "${service}:*", "Resource": "*"}, {"Effect": "Deny", "Action": "${service}:Delete*${i}", "Resource": "*"}`;
      }).join(',\n')}]}`,
    },
    {
      name: '10,000 StringLike values of one key',
      text: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": [${Array.from({ length: 10_000 }, (_, i) => `"home/${i}*"`).join(',')}]}}}]}`,
    },
  ];
}
