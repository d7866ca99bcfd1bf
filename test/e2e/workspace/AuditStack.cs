using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;

namespace Example
{
    public static class AuditGrants
    {
        public static void GrantReports(IRole reader, Bucket reports)
        {
            reader.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps { Effect = Effect.ALLOW, Actions = new[] { "s3:GetObjekt" }, Resources = new[] { reports.ArnForObjects("*") } }));
        }
    }
}
