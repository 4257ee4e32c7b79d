# Application secrets in Secrets Manager; values are set out of band (console / CLI), never in
# Terraform state. ECS injects them as environment variables.
variable "name" { type = string }
variable "keys" {
  type    = list(string)
  default = ["SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY", "SENTRY_DSN", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"]
}

resource "aws_secretsmanager_secret" "this" {
  for_each = toset(var.keys)
  name     = "${var.name}/${each.key}"
}

output "arns" { value = { for key, secret in aws_secretsmanager_secret.this : key => secret.arn } }
