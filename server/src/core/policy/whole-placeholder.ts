// A key that is one template placeholder (`"${trusted_entity_type}": [...]` in a templatefile() trust policy,
// `"${assume_role_condition_test}": {...}` for a Condition's operator) is whatever the deployer puts there; what it
// becomes is checked once rendered, not here.
const WHOLE_PLACEHOLDER = /^\$\{[^{}]+\}$/;

export function isWholePlaceholder(key: string): boolean {
  return WHOLE_PLACEHOLDER.test(key);
}
