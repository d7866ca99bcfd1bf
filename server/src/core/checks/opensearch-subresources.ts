import type { CatalogAction } from '../catalog/catalog';
import type { Fix } from './check';
import { isHttpOnDomainItself, type ResourceFit } from '../policy/action-resource-fit';

/**
 * The domain ARN named for HTTP actions among `resources`, if one is (isHttpOnDomainItself): OpenSearch sweep, three
 * policies that meant to let a role read and write a domain's indexes.
 */
export function domainNamedForHttp(actions: readonly CatalogAction[], resources: readonly ResourceFit[]): ResourceFit | undefined {
  const http = actions.find((action) => action.service === 'es' && action.name.startsWith('ESHttp'));
  return http && resources.find((resource) => isHttpOnDomainItself(http, resource.arn));
}

/** What action-resource-mismatch and resource-unused say of such a domain ARN, which `subject` names (the ARN, or "it"). */
export function domainAdvice(domain: ResourceFit, subject = `"${domain.value.value}"`): string {
  return `${subject} names the domain itself, and OpenSearch Service authorizes HTTP requests (es:ESHttp*) on its indexes and APIs, which "/*" after it names.`;
}

/** Adds `/*` to a domain's ARN written in full; one with a value known at deploy (`aws_opensearch_domain.x.arn`) is the author's to rewrite. */
export function domainFix(domain: ResourceFit): Fix[] {
  const { value } = domain;
  if (value.placeholders?.length) return [];
  const end = value.mapSpan ? value.mapSpan(value.value.length, value.value.length).end : value.span.end - 1;
  return [{ title: 'Add "/*" to name the domain\'s indexes and APIs', edits: [{ span: { start: end, end }, newText: '/*' }] }];
}
