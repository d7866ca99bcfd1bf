// Writes server/src/core/hosts/cloudformation/sam-data.json from an installed AWS SAM translator (aws-sam-translator,
// Apache-2.0): its policy templates, its list of AWS managed policy names, and the connector profiles that say what
// an AWS::Serverless::Connector grants. Run it when SAM publishes new ones:
//   node scripts/sam-data.mjs <site-packages>/samtranslator
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const samtranslator = process.argv[2];
if (!samtranslator) {
  console.error('Usage: node scripts/sam-data.mjs <path to the samtranslator package>');
  process.exit(2);
}
const version = /__version__\s*=\s*["']([^"']+)/.exec(readFileSync(join(samtranslator, '__init__.py'), 'utf8'))?.[1] ?? 'unknown';
const templates = JSON.parse(readFileSync(join(samtranslator, 'policy_templates_data', 'policy_templates.json'), 'utf8')).Templates;
const managed = JSON.parse(readFileSync(join(samtranslator, 'internal', 'data', 'aws_managed_policies.json'), 'utf8'));
const profiles = JSON.parse(readFileSync(join(samtranslator, 'model', 'connector_profiles', 'profiles.json'), 'utf8'));

// A resource type's value that a connector profile names (`%{Destination.Arn}`): `Ref`, or the attribute of `GetAtt`.
const output = (value) => (value?.Ref !== undefined ? 'Ref' : Array.isArray(value?.['Fn::GetAtt']) ? value['Fn::GetAtt'][1] : undefined);

const data = {
  source: `aws-sam-translator ${version} (github.com/aws/serverless-application-model): samtranslator/policy_templates_data/policy_templates.json, samtranslator/internal/data/aws_managed_policies.json and samtranslator/model/connector_profiles/profiles.json. Apache License 2.0; Copyright 2018 Amazon.com, Inc. or its affiliates. All Rights Reserved.`,
  // Template name -> its parameters and the statements SAM writes, with Fn::Sub and Ref as in SAM's file.
  templates: Object.fromEntries(Object.entries(templates).map(([name, t]) => [name, { parameters: Object.keys(t.Parameters ?? {}), statement: t.Definition.Statement }])),
  // Managed policy name -> path in the aws partition ("" for arn:aws:iam::aws:policy/NAME).
  managedPolicies: Object.fromEntries(Object.entries(managed.aws).map(([name, arn]) => [name, arn.replace(/^arn:aws:iam::aws:policy\//, '').slice(0, -name.length)])),
  connectors: {
    // Source type -> destination type -> what SAM writes: the kind of resource (an IAM managed policy on the source's
    // role, or on the destination's when `sourcePolicy` is false; a queue or topic policy; a Lambda permission), the
    // statements of each access category (`Read`, `Write`; a Lambda permission's properties) with %{Source.Arn}-style variables, and the combinations
    // of categories allowed when not every one is.
    profiles: Object.fromEntries(
      Object.entries(profiles.Permissions).map(([source, destinations]) => [
        source,
        Object.fromEntries(
          Object.entries(destinations).map(([destination, { Type, Properties }]) => [
            destination,
            {
              type: Type,
              sourcePolicy: Properties.SourcePolicy,
              categories: Object.fromEntries(Object.entries(Properties.AccessCategories).map(([name, category]) => [name, category.Statement ?? category])),
              ...(Properties.ValidAccessCategories ? { valid: Properties.ValidAccessCategories } : {}),
            },
          ]),
        ),
      ]),
    ),
    // Resource type -> its ARN, name and id as a connector reads them (`Ref` or a GetAtt attribute), an API's qualifier,
    // and the property that names its role.
    resources: Object.fromEntries(
      Object.entries(profiles.CfnResourceProperties).map(([type, { Inputs, Outputs }]) => [
        type,
        {
          ...(output(Outputs?.Arn) ? { arn: output(Outputs.Arn) } : {}),
          ...(output(Outputs?.Name) ? { name: output(Outputs.Name) } : {}),
          ...(output(Outputs?.Id) ? { id: output(Outputs.Id) } : {}),
          ...(typeof Outputs?.Qualifier === 'string' ? { qualifier: Outputs.Qualifier } : {}),
          ...(typeof Inputs?.Role === 'string' ? { role: Inputs.Role } : {}),
        },
      ]),
    ),
  },
};
const out = new URL('../server/src/core/hosts/cloudformation/sam-data.json', import.meta.url);
writeFileSync(out, `${JSON.stringify(data)}\n`);
console.log(
  `Wrote ${Object.keys(data.templates).length} policy templates, ${Object.keys(data.managedPolicies).length} managed policy names and the connector profiles of ${Object.keys(data.connectors.profiles).length} source types from aws-sam-translator ${version}`,
);
