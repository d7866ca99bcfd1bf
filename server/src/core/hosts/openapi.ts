import type { EmbeddedPolicy, HostDocument, HostInput, HostReader } from './host';
import { entryOf } from './cloudformation/nodes';
import { addPolicy, documentContextOf, hostParseProblems, parsedDocumentOf } from './cloudformation/reader';
import { isWrittenAsJinja, isWrittenAsTemplate } from './terraform/template-file';

const POLICY_KEY = 'x-amazon-apigateway-policy';

/**
 * An OpenAPI (or Swagger) definition of a REST API, YAML or JSON, with API Gateway's `x-amazon-apigateway-policy`
 * extension: the API's resource policy, which API Gateway takes when the definition is imported or given as a
 * RestApi's `Body` (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-policy.html).
 * Intrinsics read as in a template, for a definition a template includes with `AWS::Include`. A policy written for
 * Terraform's templatefile() or for Jinja is not read: its `${…}` and `{{ … }}` are values only the rendering knows.
 */
export const openApiReader: HostReader = {
  kind: 'openapi',
  extensions: ['.yaml', '.yml', '.json'],
  read(input: HostInput): HostDocument | undefined {
    // Cheap before any parse: most YAML and JSON files are not such definitions.
    if (!input.text.includes(POLICY_KEY)) return undefined;
    const document = parsedDocumentOf(input);
    if (!document) return undefined;
    const { format, parsed } = document;
    const root = parsed.root;
    if (root?.kind !== 'map' || !(entryOf(root, 'openapi') || entryOf(root, 'swagger'))) return undefined;
    const entry = entryOf(root, POLICY_KEY);
    if (!entry?.value) return undefined;
    const written = input.text.slice(entry.value.span.start, entry.value.span.end);
    if ((isWrittenAsTemplate(written) && !/Fn::Sub|!Sub\b/.test(written)) || isWrittenAsJinja(written)) return undefined;
    const context = documentContextOf(input.text, format);
    const policies: EmbeddedPolicy[] = [];
    addPolicy(policies, entry.value, 'resource', POLICY_KEY, POLICY_KEY, context, {});
    const problems = hostParseProblems(parsed.errors, policies, format, { rejects: 'API Gateway rejects a definition' }, input.text);
    return { kind: 'openapi', policies, problems: [...problems, ...context.problems].sort((a, b) => a.span.start - b.span.start) };
  },
};
