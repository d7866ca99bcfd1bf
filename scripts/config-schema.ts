// Writes schemas/iam-policy-config.schema.json, the JSON schema of .iam-policy.json, with every rule id.
// Run by `npm run docs`, which also writes the README rule table; a test checks the schema is current.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../server/src/core/rules';
import { policyTypeNames, policyTypes } from '../server/src/core/policy/policy-type';

export const configSchemaPath = join(__dirname, '..', 'schemas', 'iam-policy-config.schema.json');

export function configSchema(): object {
  const ruleIds = allRules.map((rule) => rule.id).sort();
  const globs = { type: 'array', items: { type: 'string', minLength: 1 } };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://iam-policy-author.dev/schemas/iam-policy-config.schema.json',
    title: 'IAM Policy Author configuration (.iam-policy.json)',
    description:
      'Settings for `iam-policy lint` and the IAM Policy Author extension, for every file in this folder and below. VS Code settings take precedence in the editor; --rule and --policy-type on the command line.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      rules: {
        description: 'Severity of a rule by id, or off.',
        type: 'object',
        propertyNames: { enum: ruleIds },
        additionalProperties: { enum: ['off', 'error', 'warning', 'info', 'information', 'hint'] },
      },
      policyTypes: {
        markdownDescription: `Policy type by glob, relative to this file's folder (\`scps/*.json\`); a glob without \`/\` matches file names anywhere. Files matching no glob get a type from their content. Types: ${policyTypes.map((type) => `\`${type}\` (${policyTypeNames[type]})`).join(', ')}.`,
        type: 'object',
        additionalProperties: { enum: [...policyTypes] },
      },
      files: {
        ...globs,
        markdownDescription:
          'More files that are policies whatever their content, as globs relative to this folder. `*.policy.json`, `*.iam.json` and `*.iam-policy.json` always are; other JSON files are policies when their top level has a `Statement`.',
      },
      exclude: { ...globs, markdownDescription: 'Files that are never checked, as globs relative to this folder (`fixtures/**`).' },
      suppressions: {
        markdownDescription:
          'Findings you chose to silence: file glob (relative to this folder) → the rule ids to silence in those files, or `{"rule": ID, "statement": SID}` for one statement (its Sid, or `#n` for the n-th).',
        type: 'object',
        additionalProperties: {
          type: 'array',
          items: {
            anyOf: [{ enum: ruleIds }, { type: 'object', required: ['rule'], additionalProperties: false, properties: { rule: { enum: ruleIds }, statement: { type: 'string', minLength: 1 } } }],
          },
        },
      },
    },
  };
}

export function configSchemaText(): string {
  return `${JSON.stringify(configSchema(), null, 2)}\n`;
}

if (require.main === module) {
  writeFileSync(configSchemaPath, configSchemaText());
  console.log(`Wrote ${configSchemaPath}`);
}
