output "function_names" {
  description = "The example function of each destination."
  value       = { for name, fn in aws_lambda_function.example : name => fn.function_name }
}

output "bucket" {
  description = "Where the S3 example writes (under lambda/)."
  value       = aws_s3_bucket.archive.bucket
}
