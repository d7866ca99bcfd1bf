resource "aws_iam_policy" "reports" {
  name = "reports"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:GetObjekt"]
        Resource = "${aws_s3_bucket.reports.arn}/*"
      },
    ]
  })
}
