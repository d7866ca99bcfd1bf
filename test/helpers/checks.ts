import assert from 'node:assert/strict';
import { analyzeDocument } from '../../server/src/core/analyze';
import { defaultConfiguration } from '../../server/src/core/config/configuration';
import type { Check, Problem } from '../../server/src/core/checks/check';
import { cloudFormationReader, forgetCloudFormationDocument } from '../../server/src/core/hosts/cloudformation/reader';
import { checkPolicy } from '../../server/src/core/lint';
import { parsePolicy } from '../../server/src/core/policy/parse-policy';
import type { PolicyType } from '../../server/src/core/policy/policy-type';
import type { PolicyDocument } from '../../server/src/core/policy/model';
import type { Span } from '../../server/src/core/text/span';
import { marked } from './marked';

/** Runs one check alone over `text` and returns its problems. */
export function runCheck(check: Check, text: string, policyType?: PolicyType): Problem[] {
  return checkPolicy(parsePolicy(text), { policyType }, [check]);
}

/** The spans one check reports on a marked policy, next to the spans the markers expect. */
export function spansOf(check: Check, source: string, policyType?: PolicyType): { actual: Span[]; expected: Span[] } {
  const { text, spans } = marked(source);
  return { actual: runCheck(check, text, policyType).map((p) => p.span), expected: spans };
}

/** Applies the edits of a problem's first (or given) fix and returns the new text. */
export function applyFix(text: string, problem: Problem, fixIndex = 0): string {
  const fix = problem.fixes?.[fixIndex];
  if (!fix) throw new Error(`Problem "${problem.message}" has no fix ${fixIndex}`);
  let result = text;
  for (const edit of [...fix.edits].sort((a, b) => b.span.start - a.span.start)) {
    result = result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end);
  }
  return result;
}

/** A policy with one statement made of `statement`, as JSON text. */
export function policyWith(statement: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ Version: '2012-10-17', ...extra, Statement: [statement] }, null, 2);
}

/**
 * Runs one check alone over a one-statement policy of a CloudFormation template: an Allow statement with `elements`
 * (each a YAML flow value: `{Federated: arn:…}`, `!GetAtt Conditions.Value`), beside a CDK CfnJson resource
 * `Conditions` whose `!GetAtt Conditions.Value` is a value known only at deploy time.
 */
export function runCheckOnTemplateStatement(check: Check, elements: Record<string, string>, policyType: PolicyType): Problem[] {
  const statement = Object.entries(elements)
    .map(([key, value]) => `            ${key}: ${value}\n`)
    .join('');
  const text = `Resources:
  Conditions:
    Type: Custom::AWSCDKCfnJson
    Properties:
      ServiceToken: arn:aws:lambda:us-east-1:111122223333:function:cfn-json
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
${statement}`;
  const uri = 'file:///w/template.yaml';
  const [embedded] = cloudFormationReader.read({ text, uri, languageId: 'yaml' })?.policies ?? [];
  forgetCloudFormationDocument(uri);
  if (!embedded) throw new Error('The template holds no policy');
  return checkPolicy(embedded.policy, { policyType }, [check]);
}

/** A CDK source as the editor reads it: its policies by name and type, and its errors by rule and place. */
export function cdkReading(text: string, uri: string) {
  const reading = hostReading(text, uri);
  assert.equal(reading.analysis.kind, 'cdk');
  return reading;
}

/** Each policy's statements as their Action and Resource values: what a reader made of the code that writes them. */
export function statementValues(analysis: { policies: readonly { policy: PolicyDocument }[] }): (string[] | undefined)[][][] {
  return analysis.policies.map(({ policy }) => policy.statements.map((statement) => [statement.action?.values.map((value) => value.value), statement.resource?.values.map((value) => value.value)]));
}

/** A document as the editor reads it, whatever holds its policies: its policies by name and type, its errors by rule and place. */
export function hostReading(text: string, uri: string) {
  const analysis = analyzeDocument({ text, uri }, { config: defaultConfiguration });
  const errors = analysis.problems.filter((problem) => problem.severity === 'error');
  return {
    analysis,
    errors,
    policies: analysis.policies.map((policy) => [policy.name, policy.policyType]),
    errorPlaces: errors.map((problem) => [problem.ruleId, problem.span]),
  };
}
