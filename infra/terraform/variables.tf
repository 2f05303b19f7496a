variable "region" {
  description = "The region to deploy the example functions to."
  type        = string
  default     = "eu-west-1"
}

variable "name_prefix" {
  description = "Prefix of every resource name."
  type        = string
  default     = "logdrain-example"
}

variable "layer_arns" {
  description = "The logdrain layer version ARN for each destination in var.region (a published ARN, or your own copy)."
  type = object({
    webhook       = string
    s3            = string
    cloudwatch    = string
    otlp          = string
    elasticsearch = string
  })
}

variable "webhook_url" {
  description = "LOGDRAIN_WEBHOOK_URL: the https URL batches are POSTed to."
  type        = string
  default     = "https://logs.example.com/logdrain"
}

variable "webhook_secret" {
  description = "LOGDRAIN_WEBHOOK_SECRET: the HMAC-SHA256 signing key (kept in the Terraform state: protect it)."
  type        = string
  sensitive   = true
}

variable "otlp_endpoint" {
  description = "OTEL_EXPORTER_OTLP_ENDPOINT: the OTLP/HTTP receiver base URL (/v1/logs is appended)."
  type        = string
  default     = "https://otlp.example.com:4318"
}

variable "opensearch_domain_name" {
  description = "An Amazon OpenSearch Service domain in this account and region (signed with SigV4)."
  type        = string
  default     = "logdrain-logs"
}

variable "opensearch_url" {
  description = "LOGDRAIN_ES_URL: the domain's https endpoint."
  type        = string
  default     = "https://search-logdrain-logs.example.com"
}

variable "common_environment" {
  description = "Settings every layer reads (LOGDRAIN_MIN_LEVEL, LOGDRAIN_REDACT, …)."
  type        = map(string)
  default = {
    LOGDRAIN_MIN_LEVEL = "INFO"
    LOGDRAIN_REDACT    = "email,credit-card"
  }
}
