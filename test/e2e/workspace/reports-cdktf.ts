import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';

export class ReportsStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const readReports = new DataAwsIamPolicyDocument(this, 'read-reports', {
      statement: [{ actions: ['s3:GetObjekt'], resources: ['arn:aws:s3:::reports/*'] }],
    });
    new IamPolicy(this, 'reports-reader', { policy: readReports.json });
  }
}
