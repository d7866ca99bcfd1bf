import * as aws from '@pulumi/aws';

const reports = new aws.s3.Bucket('reports');

export const reader = new aws.iam.Policy('reports-reader', {
  policy: reports.arn.apply((arn) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:GetObjekt'], Resource: `${arn}/*` }],
    }),
  ),
});
