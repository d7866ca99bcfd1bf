import { defaultConfiguration } from '../config/configuration';
import type { HostDocument, HostInput, HostReader } from './host';
import { isCdkSourceName, policyObjectsOf } from './cdk/reader';
import { parseCdkSource } from './cdk/syntax';

/**
 * A JavaScript or TypeScript source that is no CDK, Pulumi or CDKTF app but writes policies as objects in their JSON
 * shape: a module that exports one for an app to load (`export const KarpenterControllerPolicy = { Version, Statement
 * }`, which cdk-eks-blueprints passes to `PolicyDocument.fromJson` in another file), a script that gives one to the
 * SDK (`PolicyDocument: JSON.stringify({ … })`). Each is checked where it is written. Asked after every reader of
 * such sources, and only of one that holds an IAM Version: most sources hold no policy.
 */
export const codeObjectReader: HostReader = {
  kind: 'code',
  extensions: ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'],
  read(input: HostInput): HostDocument | undefined {
    const config = input.config ?? defaultConfiguration;
    if (!config.detectByContent || !isCdkSourceName(input)) return undefined;
    if (!input.text.includes('Statement') || !/2012-10-17|2008-10-17/.test(input.text)) return undefined;
    const source = parseCdkSource(input.text);
    const policies = source ? policyObjectsOf(source) : [];
    return policies.length > 0 ? { kind: 'code', policies, problems: [] } : undefined;
  },
};
