from aws_cdk import Stack, aws_iam as iam, aws_s3 as s3
from constructs import Construct


class ReportsStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        reports = s3.Bucket(self, "Reports")
        reader = iam.Role(self, "Reader", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
        reader.add_to_policy(iam.PolicyStatement(effect=iam.Effect.ALLOW, actions=["s3:GetObjekt"], resources=[reports.arn_for_objects("*")]))
