package main

import (
    "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
    "github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
    pulumi.Run(func(ctx *pulumi.Context) error {
        _, err := iam.NewPolicy(ctx, "reports-reader", &iam.PolicyArgs{
            Policy: pulumi.String(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObjekt"], "Resource": "arn:aws:s3:::reports/*"}]}`),
        })
        return err
    })
}
