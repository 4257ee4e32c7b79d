# Two private S3 buckets: tenant files (keys `<FILES_S3_PREFIX>/<schema>/...`, served only
# through short-lived presigned links) and per-tenant backups (`manage.py backup_tenant`).
# Both block public access, encrypt at rest and refuse plain-HTTP requests.
variable "name" { type = string }
variable "backup_retention_days" {
  type    = number
  default = 30
}

locals {
  buckets = {
    files   = "${var.name}-media" # the name the first release created: kept, no data moves
    backups = "${var.name}-backups"
  }
}

# The files bucket used to be `aws_s3_bucket.media`: move the state, never replace the bucket.
moved {
  from = aws_s3_bucket.media
  to   = aws_s3_bucket.this["files"]
}
moved {
  from = aws_s3_bucket_public_access_block.media
  to   = aws_s3_bucket_public_access_block.this["files"]
}
moved {
  from = aws_s3_bucket_versioning.media
  to   = aws_s3_bucket_versioning.this["files"]
}
moved {
  from = aws_s3_bucket_server_side_encryption_configuration.media
  to   = aws_s3_bucket_server_side_encryption_configuration.this["files"]
}
moved {
  from = aws_s3_bucket_lifecycle_configuration.media
  to   = aws_s3_bucket_lifecycle_configuration.files
}

resource "aws_s3_bucket" "this" {
  for_each = local.buckets
  bucket   = each.value
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each                = aws_s3_bucket.this
  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = aws_s3_bucket.this
  bucket   = each.value.id
  rule { object_ownership = "BucketOwnerEnforced" } # no ACLs at all
}

resource "aws_s3_bucket_versioning" "this" {
  for_each = aws_s3_bucket.this
  bucket   = each.value.id
  versioning_configuration { status = "Enabled" }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = aws_s3_bucket.this
  bucket   = each.value.id
  rule {
    apply_server_side_encryption_by_default { sse_algorithm = "AES256" }
  }
}

resource "aws_s3_bucket_policy" "tls_only" {
  for_each = aws_s3_bucket.this
  bucket   = each.value.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyPlainHttp"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [each.value.arn, "${each.value.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

resource "aws_s3_bucket_lifecycle_configuration" "files" {
  bucket = aws_s3_bucket.this["files"].id
  rule {
    id     = "expire-old-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration { noncurrent_days = 90 }
  }
}

# The app prunes backups older than BACKUP_RETENTION_DAYS itself; the bucket keeps a safety
# margin and drops old versions.
resource "aws_s3_bucket_lifecycle_configuration" "backups" {
  bucket = aws_s3_bucket.this["backups"].id
  rule {
    id     = "expire-backups"
    status = "Enabled"
    filter {}
    expiration { days = var.backup_retention_days + 7 }
    noncurrent_version_expiration { noncurrent_days = 7 }
  }
}

output "files_bucket" { value = aws_s3_bucket.this["files"].bucket }
output "files_bucket_arn" { value = aws_s3_bucket.this["files"].arn }
output "backups_bucket" { value = aws_s3_bucket.this["backups"].bucket }
output "backups_bucket_arn" { value = aws_s3_bucket.this["backups"].arn }
