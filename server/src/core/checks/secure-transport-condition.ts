import { conditionBlocksOf, type ConditionBlock } from '../policy/condition-blocks';
import { parseBooleanValue } from '../policy/condition-values';
import type { ConditionValue, Statement } from '../policy/model';
import type { Check, Fix } from './check';

// aws:SecureTransport is "true" for a request sent over HTTPS (TLS) and "false" for one over plain HTTP, which is why
// AWS's guard for buckets, queues and topics is a Deny of "false". s3:TlsVersion is the TLS version of an HTTPS request:
// a request over plain HTTP has none, so a Numeric test of it without IfExists fails for such a request.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-securetransport
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html (s3:TlsVersion)
export const secureTransportCondition: Check = {
  id: 'secure-transport-condition',
  severity: 'warning',
  onlyWith: 'Condition',
  description:
    'aws:SecureTransport tests turned around: a Deny of "true" alone denies HTTPS requests and lets HTTP ones through, an Allow of "false" grants only to plain HTTP requests, and a Deny of "false" that also needs s3:TlsVersion below a version never applies (an HTTP request has no TLS version).',
  run({ policy, report }) {
    for (const block of conditionBlocksOf(policy)) {
      const effect = block.statement.effect?.value?.value;
      const test = secureTransportTest(block);
      if (!test) continue;
      if (effect === 'Deny' && test.secure && onlyKeyOf(block.statement)) {
        report(
          test.value.span,
          'This Deny of "aws:SecureTransport": "true" denies every request sent over HTTPS and lets those over plain HTTP through. To deny insecure requests, as AWS\'s guard does, test "false".',
          { fixes: flipFix(policy.text, test.value, false) },
        );
      } else if (effect === 'Allow' && !test.secure) {
        report(
          test.value.span,
          'This Allow applies only to requests sent over plain HTTP ("aws:SecureTransport": "false"): requests over HTTPS, as every AWS SDK and the console send them, get nothing from it. To allow secure requests only, test "true".',
          { fixes: flipFix(policy.text, test.value, true) },
        );
      } else if (effect === 'Deny' && !test.secure) {
        const tls = tlsVersionTestOf(block.statement);
        if (tls)
          report(
            tls.keySpan,
            'This Deny never applies: it needs a request over plain HTTP ("aws:SecureTransport": "false") that also has a TLS version below the one named here, and a request over HTTP has no TLS version. Deny each in a statement of its own, as the S3 User Guide does.',
          );
      }
    }
  },
};

/** The block's positive test of aws:SecureTransport against one boolean value, or undefined. */
function secureTransportTest(block: ConditionBlock): { value: ConditionValue; secure: boolean } | undefined {
  const operator = block.operator;
  if (!operator || operator.setQualifier || operator.negated || (operator.base !== 'Bool' && operator.base !== 'StringEquals' && operator.base !== 'StringEqualsIgnoreCase')) return undefined;
  const entry = block.entry.keys.find(({ key }) => key.toLowerCase() === 'aws:securetransport');
  if (!entry || entry.values.length !== 1) return undefined;
  const secure = parseBooleanValue(entry.values[0].value);
  return secure === undefined ? undefined : { value: entry.values[0], secure };
}

/** Whether aws:SecureTransport is the statement's one condition key: with others ("true" and an old TLS version) the Deny may be meant. */
function onlyKeyOf(statement: Statement): boolean {
  return (statement.condition?.operators ?? []).every((block) => block.keys.every(({ key }) => key.toLowerCase() === 'aws:securetransport'));
}

/** A test that s3:TlsVersion is below a version, which fails for a request without TLS (no IfExists). */
function tlsVersionTestOf(statement: Statement): { keySpan: ConditionBlock['entry']['keys'][number]['property']['keySpan'] } | undefined {
  for (const block of statement.condition?.operators ?? []) {
    if (!/^NumericLessThan(?:Equals)?$/.test(block.operator)) continue;
    const entry = block.keys.find(({ key }) => key.toLowerCase() === 's3:tlsversion');
    if (entry) return { keySpan: entry.property.keySpan };
  }
  return undefined;
}

function flipFix(text: string, value: ConditionValue, to: boolean): Fix[] {
  const written = text.slice(value.span.start, value.span.end);
  const newText = value.jsonType === 'boolean' ? String(to) : written.startsWith('"') ? JSON.stringify(String(to)) : undefined;
  return newText === undefined ? [] : [{ title: `Test "${to}"`, edits: [{ span: value.span, newText }] }];
}
