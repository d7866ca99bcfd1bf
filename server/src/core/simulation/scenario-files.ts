/** Whether a file name (or path, or URI) names a scenario file (`*.iamtest.json`): a test, never a policy. */
export function isScenarioFile(name: string): boolean {
  return name.endsWith('.iamtest.json');
}
