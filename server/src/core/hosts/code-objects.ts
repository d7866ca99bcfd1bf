import { defaultConfiguration } from '../config/configuration';
import type { HostDocument, HostInput, HostReader } from './host';
import { pathOfUri } from '../config/globs';
import { isCdkSourceName, policyObjectsOf } from './cdk/reader';
import { loadPythonParser, parsePythonCdkSource } from './cdk/python';
import { parseCdkSource, type CdkSource } from './cdk/syntax';
import { loadGoParser, parseGoCdkSource } from './cdk/go';
import { loadJavaParser, parseJavaCdkSource } from './cdk/java';
import { loadCSharpParser, parseCSharpCdkSource } from './cdk/csharp';

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
    return readPolicyObjects(input, isCdkSourceName(input), () => parseCdkSource(input.text));
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
    const isPython = input.languageId !== undefined ? input.languageId === 'python' : pathOfUri(input.uri).endsWith('.py');
    return readPolicyObjects(input, isPython, () => parsePythonCdkSource(input.text, input.languageId !== undefined ? input.uri : undefined));
  },
};

/**
 * The same of a Go or Java program that is no CDK or Pulumi app: an AWS SDK program or test that gives a policy's JSON
 * to `CreateRole`, `PutBucketPolicy` and the like (a Go raw string, a Java text block, `fmt.Sprintf` templates whose
 * verbs are values the program fills in), or writes one as a struct or map of its JSON shape.
 */
export const codeGoObjectReader: HostReader = sourceObjectReader('go', '.go', loadGoParser, parseGoCdkSource);
export const codeJavaObjectReader: HostReader = sourceObjectReader('java', '.java', loadJavaParser, parseJavaCdkSource);

/**
 * The same of a C# program that is no CDK or Pulumi app: an AWS SDK for .NET program or test that gives a policy's JSON
 * to `CreateRoleRequest.AssumeRolePolicyDocument`, `PutRolePolicyRequest.PolicyDocument` and the like, in a verbatim
 * (`@"{ ""Version"": … }"`) or raw (`"""…"""`) string. The C# grammar (5 MB) loads only for `.cs` files.
 */
export const codeCSharpObjectReader: HostReader = { ...sourceObjectReader('csharp', '.cs', loadCSharpParser, parseCSharpCdkSource), onDemand: true };

function sourceObjectReader(language: string, extension: string, prepare: () => Promise<void>, parse: (text: string, document?: string) => CdkSource | undefined): HostReader {
  return {
    kind: 'code',
    extensions: [extension],
    prepare,
    read(input: HostInput): HostDocument | undefined {
      const ofLanguage = input.languageId !== undefined ? input.languageId === language : pathOfUri(input.uri).endsWith(extension);
      return readPolicyObjects(input, ofLanguage, () => parse(input.text, input.languageId !== undefined ? input.uri : undefined));
    },
  };
}

function readPolicyObjects(input: HostInput, ofLanguage: boolean, parse: () => CdkSource | undefined): HostDocument | undefined {
  const config = input.config ?? defaultConfiguration;
  // Cheap before any parse: most sources hold no policy, and a policy in code names its Version.
  if (!config.detectByContent || !ofLanguage || !input.text.includes('Statement') || !/2012-10-17|2008-10-17/.test(input.text)) return undefined;
  const source = parse();
  const policies = source ? policyObjectsOf(source) : [];
  return policies.length > 0 ? { kind: 'code', policies, problems: [] } : undefined;
}
