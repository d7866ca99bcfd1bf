import type { Hover, Location } from 'vscode-languageserver';
import { getManagedPolicies } from '../core/account/managed-policies';
import type { Catalog } from '../core/catalog/catalog';
import { findManagedPolicyRefs, findReferencedPolicy, isSamTemplateText, managedPolicyRefAt, type ManagedPolicyRef } from '../core/hosts/managed-policy-refs';
import { managedPolicyHover } from '../core/hover/managed-policy-hover';
import { managedPolicyArnOf, managedPolicyUri, type ManagedPolicyResult } from '../protocol';
import { toRange } from './convert';
import type { Analysis } from './documents';

const refsByAnalysis = new WeakMap<Analysis, ManagedPolicyRef[]>();

/** The AWS managed policy reference under `offset`, found once per analysis. */
function refAt(analysis: Analysis, text: string, offset: number): ManagedPolicyRef | undefined {
  let refs = refsByAnalysis.get(analysis);
  if (!refs) refsByAnalysis.set(analysis, (refs = findManagedPolicyRefs(text, analysis.kind === 'cloudformation' && isSamTemplateText(text))));
  return managedPolicyRefAt(refs, offset);
}

/** The hover of an AWS managed policy reference, or undefined when `offset` is not on one. */
export function managedPolicyHoverOf(analysis: Analysis, text: string, offset: number, catalog: Catalog): Hover | undefined {
  const ref = refAt(analysis, text, offset);
  if (!ref) return undefined;
  const hover = managedPolicyHover(ref, getManagedPolicies(), catalog);
  return { contents: { kind: 'markdown', value: hover.markdown }, range: toRange(analysis.lines, hover.span) };
}

/** Go to Definition on a bundled AWS managed policy: its read-only virtual document. */
export function managedPolicyDefinitionOf(analysis: Analysis, text: string, offset: number): Location | null {
  const ref = refAt(analysis, text, offset);
  const policy = ref && findReferencedPolicy(ref, getManagedPolicies());
  if (!policy) return null;
  const awsArn = policy.arn.replace(/^arn:[^:]+:/, 'arn:aws:');
  return { uri: managedPolicyUri(awsArn), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}

/** The text of a managed policy's virtual document, pretty-printed as the IAM console shows it. */
export function managedPolicyDocumentOf(uri: string): ManagedPolicyResult | null {
  const arn = managedPolicyArnOf(uri);
  const policies = getManagedPolicies();
  const policy = arn && policies.find(arn);
  if (!policy) return null;
  return { arn: policy.arn, text: `${JSON.stringify(policy.document, null, 4)}\n`, version: policies.version, date: policies.date };
}
