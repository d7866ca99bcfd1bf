import * as aws_native from '@pulumi/aws-native';

export const app = new aws_native.iam.Role('app', {
  assumeRolePolicyDocument: {
    version: '2012-10-17',
    statement: [{ effect: 'Allow', principal: { service: ['lambda.amazonaws.com'] }, action: ['sts:AssumeRole'] }],
  },
});
