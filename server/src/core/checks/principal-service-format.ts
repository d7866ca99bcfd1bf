import type { StringValue } from '../policy/model';
import { hasPrincipalWildcard, hasServicePrincipalSuffix, isDomainName, namesPrincipals, principalValuesOf } from '../policy/principals';
import { editDistance } from '../text/suggest';
import type { Check, CheckContext, Fix } from './check';

// A service principal is a lowercase host name, usually SERVICE.amazonaws.com.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services
// Access Analyzer: "Invalid service principal format".
export const principalServiceFormat: Check = {
  id: 'principal-service-format',
  severity: 'error',
  description: 'A Service principal is a lowercase host name such as "ec2.amazonaws.com" (".amazonaws.com.cn" in China), never an ARN or an account ID.',
  run(context) {
    const { policy, policyType } = context;
    if (!namesPrincipals(policyType)) return;
    for (const statement of policy.statements) {
      for (const { element, type, value } of principalValuesOf(statement)) {
        if (type !== 'Service' || hasPrincipalWildcard(value.value)) continue;
        if (policyType === 'trust' && element === 'NotPrincipal') continue;
        checkServicePrincipal(context, value);
      }
    }
  },
};

function checkServicePrincipal(context: CheckContext, value: StringValue): void {
  const text = value.value;
  if (text.startsWith('arn:') || /^\d{12}$/.test(text)) {
    context.report(value.span, `"${text}" is not a service principal. Name services by host name, such as "lambda.amazonaws.com"; name accounts, users and roles under "AWS".`);
    return;
  }
  // A placeholder may be any part of the host name (`ec2.${AWS::URLSuffix}`, Terraform's `eks.${local.dns_suffix}`,
  // where the partition's DNS suffix is amazonaws.com or amazonaws.com.cn): only a literal ARN is certainly wrong.
  if (value.placeholders?.length) return;
  if (/^[A-Za-z0-9-]+$/.test(text)) {
    const host = `${text.toLowerCase()}.amazonaws.com`;
    context.report(value.span, `"${text}" is not a service principal. Service principals are host names; did you mean "${host}"?`, { fixes: [changeTo(value, host, false)] });
    return;
  }
  const trimmed = text.trim();
  if (trimmed !== text && isDomainName(trimmed)) {
    const host = trimmed.toLowerCase();
    context.report(value.span, `Service principal "${text}" has white space around it. Change it to "${host}".`, { fixes: [changeTo(value, host, true)] });
    return;
  }
  if (!isDomainName(text)) {
    // `logs.{your-region}.amazonaws.com`, `<service>.amazonaws.com`: a page's placeholder, left in.
    const placeholder = /\{\{?[^{}]+\}?\}|<[^<>]+>|\[[^[\]]+\]|\(\([^()]+\)\)/.exec(text)?.[0];
    context.report(
      value.span,
      placeholder
        ? `"${text}" holds the placeholder "${placeholder}", left in for someone to fill. Write the service principal it stands for, such as "logs.us-east-1.amazonaws.com".`
        : `"${text}" is not a service principal. A service principal is a host name such as "lambda.amazonaws.com".`,
    );
    return;
  }
  const lower = text.toLowerCase();
  // `logs.REGION.amazonaws.com`, copied from a page that writes the Region as a placeholder: lowercasing it would hide
  // the placeholder behind a host name that names no Region, so there is no fix (and Fix All applies none).
  // `logs.region.amazonaws.com` too, as AWS's cross-account log delivery sample writes it (log destinations sweep).
  const placeholder = text
    .split('.')
    .slice(1, -2)
    .find((label) => /^[A-Z][A-Z0-9_-]+$/.test(label) || REGION_WORD.test(label));
  if (placeholder) {
    context.report(
      value.span,
      `Service principal "${text}" holds "${placeholder}", which looks like a placeholder: write the value it stands for${placeholder === placeholder.toLowerCase() ? ', such as "us-east-1"' : ', in lowercase'}.`,
    );
    return;
  }
  if (lower !== text) {
    context.report(value.span, `Service principal "${text}" must be lowercase. Change it to "${lower}".`, { fixes: [changeTo(value, lower, true)] });
    return;
  }
  if (hasServicePrincipalSuffix(text)) return;
  // A host that AWS does not document may be a typo (ec2.amazon.com) or a principal this list lacks, so only warn.
  const suggestion = nearAmazonAws(text);
  context.report(
    value.span,
    `Service principal "${text}" does not end in ".amazonaws.com"${suggestion ? `; did you mean "${suggestion}"?` : ". Check the service principal in the service's documentation."}`,
    {
      severity: 'warning',
      fixes: suggestion ? [changeTo(value, suggestion, true)] : [],
    },
  );
}

/**
 * The host with `amazonaws.com` for a domain a letter or two from it (`ec2.amazon.com`, `ecs-tasks.amazonws.com`,
 * `sqs.amazonaws.co`: service-principal sweep), or undefined.
 */
// The word for a Region where a Region code goes: `region`, `your-region`, `aws_region`, `region-name`.
const REGION_WORD = /^(?:your[-_]?)?(?:aws[-_]?)?region(?:[-_]?(?:name|code))?$/i;

function nearAmazonAws(text: string): string | undefined {
  const domain = /\.([a-z0-9-]+\.[a-z]+)$/.exec(text);
  if (!domain || text.length === domain[0].length || (domain[1] !== 'amazon.com' && editDistance(domain[1], 'amazonaws.com') > 2)) return undefined;
  return `${text.slice(0, domain.index)}.amazonaws.com`;
}

function changeTo(value: StringValue, text: string, isPreferred: boolean): Fix {
  return { title: `Change to "${text}"`, edits: [{ span: value.span, newText: JSON.stringify(text) }], isPreferred };
}
