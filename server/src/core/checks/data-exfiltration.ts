import { listForMessage } from '../risk/action-expansion';
import { dataReadActions, listedActionsGranted, unconstrainedGrants, unconstrainedWording } from '../risk/sensitive-actions';
import type { Check } from './check';

export const dataExfiltration: Check = {
  id: 'data-exfiltration',
  severity: 'warning',
  description:
    'Reading S3 objects, Secrets Manager secrets or Systems Manager parameters on every resource and without conditions lets the holder copy out any data or secret the account can read; name the buckets, secrets and parameters instead.',
  run({ policy, policyType, catalog, report }) {
    for (const grant of unconstrainedGrants(policy, policyType, catalog, (grants) => listedActionsGranted(catalog, dataReadActions, grants))) {
      const { value, actions } = grant;
      const kinds = [...new Set(actions.map((a) => kindOf[a.service]))].filter(Boolean);
      report(
        value.span,
        `"${value.value}" allows ${listForMessage(
          actions.map((a) => a.fullName),
          4,
        )} on every resource and ${unconstrainedWording(grant)}, so the holder can read every ${listForMessage(kinds)} in reach. Name the ones this policy needs in "Resource".`,
      );
    }
  },
};

const kindOf: Record<string, string> = { s3: 'S3 object', secretsmanager: 'secret', ssm: 'parameter' };
