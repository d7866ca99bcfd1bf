import type { AWS } from '@serverless/typescript';

const readStatements = [
  {
    Effect: 'Allow',
    Action: ['s3:GetObjekt'],
    Resource: 'arn:aws:s3:::${self:custom.bucket}/*',
  },
];

const serverlessConfiguration: AWS = {
  service: 'reports',
  custom: { bucket: 'reports-${sls:stage}' },
  provider: {
    name: 'aws',
    runtime: 'nodejs20.x',
    iam: { role: { statements: [...readStatements] } },
  },
  functions: { render: { handler: 'src/render.handler' } },
};

module.exports = serverlessConfiguration;
