package com.example;

import software.amazon.awscdk.services.iam.*;
import software.amazon.awscdk.services.s3.Bucket;
import java.util.List;

public class AuditStack {
    static void grantReports(IRole reader, Bucket reports) {
        reader.addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW).actions(List.of("s3:GetObjekt")).resources(List.of(reports.arnForObjects("*"))).build());
    }
}
