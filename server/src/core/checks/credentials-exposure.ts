import { listForMessage } from '../risk/action-expansion';
import { credentialActions, listedActionsGranted, unconstrainedGrants, unconstrainedWording } from '../risk/sensitive-actions';
import type { Check } from './check';

export const credentialsExposure: Check = {
  id: 'credentials-exposure',
  severity: 'warning',
  description:
    'Actions that return credentials, tokens, passwords or sign-in URLs for other identities or systems (sts:AssumeRole, redshift:GetClusterCredentials, ec2:GetPasswordData ...) should be limited to the resources they are for, not allowed on every resource.',
  run({ policy, policyType, catalog, report }) {
    for (const grant of unconstrainedGrants(policy, policyType, catalog, (grants) => listedActionsGranted(catalog, credentialActions, grants))) {
      const { value, actions } = grant;
      const names = actions.map((a) => a.fullName);
      const verb = actions.length === 1 ? 'returns' : 'return';
      report(
        value.span,
        `"${value.value}" allows ${listForMessage(names, 4)} on every resource and ${unconstrainedWording(grant)}; ${actions.length === 1 ? 'it' : 'they'} ${verb} credentials or access to other identities and systems. Name the roles, users, databases or instances this policy is for in "Resource".`,
      );
    }
  },
};
