package main

import (
    "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
    "github.com/aws/aws-cdk-go/awscdk/v2/awss3"
    "github.com/aws/jsii-runtime-go"
)

func grantAudit(reader awsiam.IRole, audit awss3.IBucket) {
    reader.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Actions: jsii.Strings("s3:GetObjekt"), Resources: jsii.Strings(*audit.ArnForObjects(jsii.String("*")))}))
}
