using System.Collections.Generic;
using System.Text.Json;
using Pulumi;
using Aws = Pulumi.Aws;

return await Deployment.RunAsync(() =>
{
    new Aws.Iam.Policy("reports-reader", new()
    {
        PolicyDocument = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new[] { new Dictionary<string, object?> { ["Effect"] = "Allow", ["Action"] = new[] { "s3:GetObjekt" }, ["Resource"] = "arn:aws:s3:::reports/*" } },
        }),
    });
});
