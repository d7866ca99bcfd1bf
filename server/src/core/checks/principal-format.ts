import type { PrincipalEntry, Statement } from '../policy/model';
import { placeholderIn } from '../policy/placeholder-text';
import {
  federationKind,
  hasPrincipalWildcard,
  hasServicePrincipalSuffix,
  isAccountId,
  isDomainName,
  isPrincipalArn,
  namesPrincipals,
  principalValuesOf,
  uniqueIdKind,
  type PrincipalValue,
} from '../policy/principals';
import type { Span } from '../text/span';
import type { Check, CheckContext, Fix } from './check';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
export const principalFormat: Check = {
  id: 'principal-format',
  severity: 'error',
  description:
    'An AWS principal is "*", a 12-digit account ID or the ARN of an IAM or STS principal; a Federated principal in a trust policy is a SAML or OIDC provider ARN or a web identity domain; a CanonicalUser is a 64-character hex ID and works only in S3 policies.',
  run(context) {
    const { policy, policyType } = context;
    if (!namesPrincipals(policyType)) return;
    for (const statement of policy.statements) {
      for (const principal of principalValuesOf(statement)) {
        // A trust policy's NotPrincipal is reported as a whole by principal-not-allowed; wildcards by principal-wildcard.
        if (policyType === 'trust' && principal.element === 'NotPrincipal') continue;
        if (hasPrincipalWildcard(principal.value.value)) continue;
        if (principal.type === 'AWS') checkAws(context, statement, principal);
        else if (principal.type === 'Federated' && policyType === 'trust') checkFederated(context, principal);
        else if (principal.type === 'CanonicalUser') checkCanonicalUser(context, principal);
      }
    }
  },
};

function checkAws(context: CheckContext, statement: Statement, { entry, value }: PrincipalValue): void {
  const text = value.value;
  if (isAccountId(text) || uniqueIdKind(text)) return;
  if (isPrincipalArn(text)) {
    checkPrincipalArnType(context, value.span, text);
    return;
  }
  if (hasServicePrincipalSuffix(text.toLowerCase())) {
    context.report(value.span, `"${text}" is a service principal, not an AWS principal. Name services under "Service" instead of "AWS".`, {
      fixes: serviceKeyFix(statement, entry),
    });
    return;
  }
  const placeholder = placeholderIn(text);
  if (placeholder) {
    context.report(
      value.span,
      `"${text}" holds the placeholder "${placeholder}", left in for someone to fill. Write the principal it stands for: "*", a 12-digit account ID or the ARN of an account, user, role, role session or federated user.`,
    );
    return;
  }
  const digits = /^\d{4}[- ]?\d{4}[- ]?\d{4}$/.test(text.trim()) ? text.replace(/\D/g, '') : undefined;
  context.report(
    value.span,
    `"${text}" is not a valid AWS principal. Use "*", a 12-digit account ID or the ARN of an account, user, role, role session or federated user, such as "arn:aws:iam::111122223333:role/name".`,
    { fixes: digits ? [{ title: `Change to "${digits}"`, edits: [{ span: value.span, newText: JSON.stringify(digits) }], isPreferred: true }] : [] },
  );
}

/**
 * An IAM or STS ARN names a principal only as an account (`root`), a user, a role, a role session
 * (`sts::…:assumed-role/ROLE/SESSION`) or a federated user: "You cannot specify IAM groups or instance profiles as
 * principals" (the Principal element's page), and IAM rejects the policy ("Invalid principal in policy").
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
function checkPrincipalArnType(context: CheckContext, span: Span, text: string): void {
  // A template's `${AWS::Partition}` holds colons of its own.
  const fields = text.replace(/\$\{[^{}]*\}/g, '_').split(':');
  const service = fields[2];
  const resource = fields.slice(5).join(':');
  const type = /^[a-z-]+(?=\/)|^root$/.exec(resource)?.[0];
  if (!type) return;
  // `arn:aws:iam::${devAccountId}:root/` (CodePipeline sweep): an account is named by `root` alone.
  if (service === 'iam' && type === 'root' && resource !== 'root') {
    const account = text.slice(0, text.lastIndexOf(resource) + 'root'.length);
    context.report(span, `"${text}" names no principal: an account's ARN ends in "root", with nothing after it, so IAM rejects the policy. Write "${account}".`, {
      fixes: [{ title: `Change to "${account}"`, edits: [{ span, newText: JSON.stringify(account) }], isPreferred: true }],
    });
    return;
  }
  if (service === 'iam' && (type === 'root' || type === 'user' || type === 'role')) return;
  if (service === 'sts' && (type === 'assumed-role' || type === 'federated-user')) return;
  if (service === 'sts' && type === 'role') {
    const iamArn = text.replace(/^(arn:(?:[^:$]+|\$\{[^{}]*\})):sts:/, '$1:iam:');
    context.report(span, `"${text}" is no principal: an STS ARN names a role session ("assumed-role/ROLE/SESSION") or a federated user, and a role is an IAM ARN. Write "${iamArn}".`, {
      fixes: [{ title: `Change to "${iamArn}"`, edits: [{ span, newText: JSON.stringify(iamArn) }], isPreferred: true }],
    });
    return;
  }
  if (service === 'iam' && (type === 'saml-provider' || type === 'oidc-provider')) {
    context.report(span, `"${text}" is an identity provider: name it under "Federated", not "AWS".`);
    return;
  }
  const what = type === 'group' ? 'an IAM group' : type === 'instance-profile' ? 'an instance profile' : `an ${service.toUpperCase()} "${type}"`;
  context.report(span, `"${text}" is ${what}, which cannot be a principal, so IAM rejects the policy. Name the account, users, roles or role sessions it stands for.`);
}

// Renaming the key is safe only when it moves exactly this value and does not create a second "Service" key.
function serviceKeyFix(statement: Statement, entry: PrincipalEntry): Fix[] {
  const element = statement.principal?.entries.includes(entry) ? statement.principal : statement.notPrincipal;
  if (entry.values.length !== 1 || element?.entries.some((e) => e.type === 'Service')) return [];
  return [{ title: 'Move it under "Service"', edits: [{ span: entry.property.keySpan, newText: '"Service"' }], isPreferred: true }];
}

// Access Analyzer: "Invalid federated principal syntax in role trust policy".
function checkFederated(context: CheckContext, { value }: PrincipalValue): void {
  const text = value.value;
  // Asked first: `oidc-provider/<OIDC_provider_name>` has a provider ARN's shape, and names no provider.
  const placeholder = placeholderIn(text);
  if (!placeholder && (federationKind(text) || (!text.startsWith('arn:') && isDomainName(text)))) return;
  if (placeholder) {
    context.report(
      value.span,
      `"${text}" holds the placeholder "${placeholder}", left in for someone to fill. Write the identity provider it stands for: the ARN of a SAML or OIDC provider, or the domain of a web identity provider.`,
    );
    return;
  }
  context.report(
    value.span,
    `"${text}" is not a valid federated principal. Use the ARN of a SAML or OIDC identity provider, such as "arn:aws:iam::111122223333:saml-provider/name", or the domain of a web identity provider, such as "accounts.google.com".`,
  );
}

function checkCanonicalUser(context: CheckContext, { value }: PrincipalValue): void {
  const text = value.value;
  if (context.policyType === 'trust') {
    context.report(value.span, `A role trust policy cannot name the canonical user "${text}"; canonical user IDs work only in S3 policies. Name the account under "AWS" instead.`);
    return;
  }
  if (/^[0-9a-f]{64}$/i.test(text)) return;
  context.report(value.span, `"${text}" is not a canonical user ID. A canonical user ID is 64 hexadecimal characters; find it with "aws s3api list-buckets --query Owner.ID".`);
}
