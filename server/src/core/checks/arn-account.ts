import { isAccountField, isArnPattern } from '../policy/arn';
import { formatsForArn, formatsLackField } from '../policy/arn-formats';
import { arnValuesOf, QuietArns, spanOfField } from '../policy/policy-arns';
import { specialPrincipalKind } from '../policy/special-principals';
import { isPlaceholderText } from '../policy/placeholder-text';
import type { Check } from './check';

// Access Analyzer: "Invalid ARN account" and "ARN account not allowed".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
export const arnAccount: Check = {
  id: 'arn-account',
  severity: 'error',
  description:
    'The account of an ARN is a 12-digit account ID (wildcards and variables allowed), "aws" for AWS-owned resources, or empty; it must be empty where the resource type has none, as in S3 bucket and object ARNs.',
  run(context) {
    const { policy, catalog } = context;
    for (const value of arnValuesOf(policy, catalog)) {
      const arn = value.arn;
      if (!arn || quiet.has(arn, catalog)) continue;
      // An empty account is not reported: AWS-owned resources such as SSM documents and public parameters
      // (arn:aws:ssm:*::document/AWS-RunShellScript) have none, though the reference gives their type one. IAM's and
      // STS's have one always, "aws" for AWS managed policies (AWS's Control Tower and Step Functions guides write
      // "arn:aws:iam:::role/…", which matches no role). A principal is principal-format's.
      if (arn.account.text === '') {
        const service = arn.service.text.toLowerCase();
        if ((service === 'iam' || service === 'sts') && value.element !== 'Principal') {
          context.report(
            spanOfField(policy, value, arn.account),
            `The account of "${value.value}" is empty, but every ${service === 'iam' ? 'IAM' : 'STS'} ARN names one (${service === 'iam' ? '"arn:aws:iam::111122223333:role/NAME", "aws" for AWS managed policies' : '"arn:aws:sts::111122223333:assumed-role/ROLE/SESSION"'}), so it matches nothing. Write the account's 12-digit ID, or "*" for any account.`,
          );
        }
        continue;
      }
      // arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E… is a documented principal.
      if (specialPrincipalKind(value.value)) {
        quiet.add(arn, catalog);
        continue;
      }
      const account = arn.account;
      // `Fn::Join ["", ["arn:aws:rds:", !Ref AWS::Region, ":", !Ref AWS::Region, ":db:…"]]`: a value the host knows
      // for a Region or partition where the account goes.
      const misplaced = value.placeholders?.find((hole) => hole.start === account.start && hole.end === account.end && (hole.kind === 'region' || hole.kind === 'partition'));
      if (misplaced) {
        context.report(
          spanOfField(policy, value, account),
          `"${misplaced.source}" is the ${misplaced.kind === 'region' ? 'Region' : 'partition'}, not an account: in the account field of this ARN it matches no resource. Give the account's ID there (AWS::AccountId in a template), or "*" for any account.`,
        );
        continue;
      }
      if (!isAccountField(account.text)) {
        const span = spanOfField(policy, value, account);
        if (isPlaceholderText(account.text)) {
          context.report(span, `"${account.text}" is a placeholder left in, not an account ID. Replace it with the 12-digit ID of the account, or "*" for any account.`);
          continue;
        }
        const digits = account.text.replace(/[\s-]/g, '');
        const fixed = /^\d{12}$/.test(digits) ? digits : undefined;
        context.report(span, `"${account.text}" is not an account ID. Use the 12-digit ID of the account, without hyphens, or "*" for any account.`, {
          fixes: fixed ? [{ title: `Change to "${fixed}"`, edits: [{ span, newText: fixed }], isPreferred: true }] : [],
        });
        continue;
      }
      const formats = /^\*+$/.test(account.text) || isArnPattern(arn.service.text) ? undefined : formatsForArn(catalog, arn)?.relevant;
      if (formats && formats.every((format) => format.account === 'none')) {
        const span = spanOfField(policy, value, account);
        context.report(span, `${formatsLackField(formats, 'account ID')}, so this ARN never matches. Remove "${account.text}".`, {
          fixes: [{ title: `Remove the account "${account.text}"`, edits: [{ span, newText: '' }], isPreferred: true }],
        });
      } else quiet.add(arn, catalog);
    }
  },
};

// What this rule says of an ARN depends only on its text (the value's, see arnValuesOf) and the catalog.
const quiet = new QuietArns();
