# One sample Node.js function per logdrain destination, each with its layer,
# its variables and exactly the permissions that destination needs.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

data "archive_file" "handler" {
  type        = "zip"
  output_path = "${path.module}/.build/handler.zip"

  source {
    filename = "index.mjs"
    content  = <<-JS
      export const handler = async (event) => {
        console.log('order received', JSON.stringify(event));
        return { ok: true };
      };
    JS
  }
}

resource "aws_s3_bucket" "archive" {
  bucket_prefix = "${var.name_prefix}-"
}

resource "aws_s3_bucket_public_access_block" "archive" {
  bucket                  = aws_s3_bucket.archive.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_cloudwatch_log_group" "central" {
  name              = "/logdrain/${var.name_prefix}"
  retention_in_days = 30
}

locals {
  account = data.aws_caller_identity.current.account_id
  arn     = "arn:${data.aws_partition.current.partition}"

  destinations = {
    webhook = {
      environment = {
        LOGDRAIN_WEBHOOK_URL    = var.webhook_url
        LOGDRAIN_WEBHOOK_SECRET = var.webhook_secret
      }
      statements = []
    }
    s3 = {
      environment = {
        LOGDRAIN_S3_BUCKET = aws_s3_bucket.archive.bucket
        LOGDRAIN_S3_PREFIX = "lambda/"
      }
      statements = [{
        Effect   = "Allow"
        Action   = ["s3:PutObject"]
        Resource = ["${aws_s3_bucket.archive.arn}/lambda/*"]
      }]
    }
    cloudwatch = {
      environment = {
        LOGDRAIN_CLOUDWATCH_LOG_GROUP = aws_cloudwatch_log_group.central.name
      }
      statements = [{
        Effect = "Allow"
        # The layer creates its stream; the group exists (no CreateLogGroup).
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = [aws_cloudwatch_log_group.central.arn, "${aws_cloudwatch_log_group.central.arn}:*"]
      }]
    }
    otlp = {
      environment = {
        OTEL_EXPORTER_OTLP_ENDPOINT = var.otlp_endpoint
        OTEL_SERVICE_NAME           = var.name_prefix
      }
      statements = []
    }
    elasticsearch = {
      environment = {
        LOGDRAIN_ES_URL     = var.opensearch_url
        LOGDRAIN_ES_AUTH    = "sigv4"
        LOGDRAIN_ES_SERVICE = "es"
      }
      statements = [{
        Effect   = "Allow"
        Action   = ["es:ESHttpPost"]
        Resource = ["${local.arn}:es:${var.region}:${local.account}:domain/${var.opensearch_domain_name}/*"]
      }]
    }
  }
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "function" {
  for_each           = local.destinations
  name               = "${var.name_prefix}-${each.key}"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy_attachment" "basic" {
  for_each   = local.destinations
  role       = aws_iam_role.function[each.key].name
  policy_arn = "${local.arn}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_iam_role_policy" "logdrain" {
  for_each = { for name, d in local.destinations : name => d if length(d.statements) > 0 }
  name     = "logdrain-${each.key}"
  role     = aws_iam_role.function[each.key].id
  policy   = jsonencode({ Version = "2012-10-17", Statement = each.value.statements })
}

resource "aws_lambda_function" "example" {
  for_each         = local.destinations
  function_name    = "${var.name_prefix}-${each.key}"
  role             = aws_iam_role.function[each.key].arn
  runtime          = "nodejs22.x"
  architectures    = ["arm64"]
  handler          = "index.handler"
  filename         = data.archive_file.handler.output_path
  source_code_hash = data.archive_file.handler.output_base64sha256
  memory_size      = 256
  timeout          = 10
  layers           = [var.layer_arns[each.key]]

  environment {
    variables = merge(var.common_environment, each.value.environment)
  }

  depends_on = [aws_iam_role_policy_attachment.basic, aws_iam_role_policy.logdrain]
}
