import { defaultConfiguration } from '../config/configuration';
import type { HostDocument, HostInput, HostReader } from './host';
import { pathOfUri } from '../config/globs';
import { isCdkSourceName, policyObjectsOf } from './cdk/reader';
import { loadPythonParser, parsePythonCdkSource } from './cdk/python';
import { parseCdkSource } from './cdk/syntax';

/**
 * A JavaScript or TypeScript source that is no CDK, Pulumi or CDKTF app but writes policies as objects in their JSON
 * shape: a module that exports one for an app to load (`export const KarpenterControllerPolicy = { Version, Statement
 * }`, which cdk-eks-blueprints passes to `PolicyDocument.fromJson` in another file), a script that gives one to the
 * SDK (`PolicyDocument: JSON.stringify({ … })`). Each is checked where it is written. Asked after every reader of
 * such sources, and only of one that holds an IAM Version.
 */
export const codeObjectReader: HostReader = {
  kind: 'code',
  extensions: ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'],
  read(input: HostInput): HostDocument | undefined {
    const config = input.config ?? defaultConfiguration;
    if (!config.detectByContent || !isCdkSourceName(input)) return undefined;
    if (!mayHoldPolicy(input.text)) return undefined;
    const source = parseCdkSource(input.text);
    const policies = source ? policyObjectsOf(source) : [];
    return policies.length > 0 ? { kind: 'code', policies, problems: [] } : undefined;
  },
};

/**
 * The same of a Python source that is no CDK or Pulumi app: a boto3 script or Lambda function that gives a dict to
 * `json.dumps` (`iam.put_role_policy(PolicyDocument=json.dumps({"Version": "2012-10-17", …}))`), a module of policies.
 */
export const codePythonObjectReader: HostReader = {
  kind: 'code',
  extensions: ['.py'],
  prepare: loadPythonParser,
  read(input: HostInput): HostDocument | undefined {
    const config = input.config ?? defaultConfiguration;
    if (!config.detectByContent || (input.languageId !== undefined ? input.languageId !== 'python' : !pathOfUri(input.uri).endsWith('.py'))) return undefined;
    if (!mayHoldPolicy(input.text)) return undefined;
    const source = parsePythonCdkSource(input.text, input.languageId !== undefined ? input.uri : undefined);
    const policies = source ? policyObjectsOf(source) : [];
    return policies.length > 0 ? { kind: 'code', policies, problems: [] } : undefined;
  },
};

// Cheap before any parse: most sources hold no policy, and a policy object in code names its Version.
function mayHoldPolicy(text: string): boolean {
  return text.includes('Statement') && /2012-10-17|2008-10-17/.test(text);
}
