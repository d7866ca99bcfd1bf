import type { CatalogAction, CatalogConditionKey, CatalogService } from './catalog';

// The Service Authorization Reference names each service page after the service's display name, lower-cased with
// everything but letters and digits removed ("AWS IAM Access Analyzer" → list_awsiamaccessanalyzer.html), and anchors
// each action as <same>-<ActionName>.
const referenceBase = 'https://docs.aws.amazon.com/service-authorization/latest/reference';
const globalKeysPage = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html';

function pageSlug(service: CatalogService): string {
  return service.name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function serviceDocUrl(service: CatalogService): string {
  return `${referenceBase}/list_${pageSlug(service)}.html`;
}

export function actionDocUrl(service: CatalogService, action: CatalogAction): string {
  return `${serviceDocUrl(service)}#${pageSlug(service)}-${action.name}`;
}

export function conditionKeyDocUrl(key: CatalogConditionKey, service: CatalogService | undefined): string {
  if (key.global || !service) {
    const name = key.name.replace(/^aws:/i, '').replace(/\/.*$/, '').toLowerCase();
    return `${globalKeysPage}#condition-keys-${name}`;
  }
  return `${serviceDocUrl(service)}#${pageSlug(service)}-policy-keys`;
}
