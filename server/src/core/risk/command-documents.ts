import type { Statement } from '../policy/model';
import { matchesWildcard } from '../text/wildcard';

// ssm:SendCommand needs the document as a resource besides the instances ("document*" is a required resource type in
// the Service Authorization Reference), and what runs is what the document says. AWS's own documents that run
// whatever the caller passes them: a script, a script fetched from a URL, another document, a playbook or state.
// Customers cannot create documents whose names start with "aws", "amazon" or "amzn" (any case), which AWS reserves:
// a name pattern under such a prefix reaches only AWS's documents.
// https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-command-ssm-plugin-reference.html,
// https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateDocument.html
const COMMAND_DOCUMENTS = new Set(
  ['AWS-RunShellScript', 'AWS-RunPowerShellScript', 'AWS-RunRemoteScript', 'AWS-RunDocument', 'AWS-ApplyAnsiblePlaybooks', 'AWS-RunAnsiblePlaybook', 'AWS-RunSaltState', 'AWS-InstallApplication'].map(
    (name) => name.toLowerCase(),
  ),
);

/**
 * Whether the statement lets ssm:SendCommand run a document that runs any command: `*`, a document name with a
 * wildcard, one of AWS's command documents, or a value known only at deploy. A statement whose documents are all named
 * (`document/AmazonGuardDuty-ConfigureRuntimeMonitoringSsmPlugin`, a team's own) runs only what they say.
 */
export function reachesCommandDocument(statement: Statement): boolean {
  if (!statement.resource) return true;
  return statement.resource.values.some(({ value, placeholders }) => {
    if (placeholders?.length || value.includes('${')) return true;
    if (value === '*') return true;
    const fields = value.split(':');
    if (fields.length < 6 || fields[0] !== 'arn') return false;
    const service = fields[2];
    if (service !== 'ssm' && !/[*?]/.test(service)) return false;
    const resource = fields.slice(5).join(':');
    if (!resource.startsWith('document/')) return /^[*?]/.test(resource);
    const name = resource.slice('document/'.length).toLowerCase();
    if (!/[*?]/.test(name)) return COMMAND_DOCUMENTS.has(name);
    if ([...COMMAND_DOCUMENTS].some((document) => matchesWildcard(name, document, true))) return true;
    return !/^(?:aws|amazon|amzn)/.test(name);
  });
}
