# Production: network, RDS, ElastiCache, S3, secrets, ECS + ALB, wildcard DNS and certificate.
#   terraform init && terraform plan -var image=<registry>/campus-saas:<tag>
# Then run migrations as a one-off ECS task with command ["scripts/migrate"] before moving
# the services to the new image (see docs/operations.md).

terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.60"
    }
  }
  backend "s3" {
    bucket         = "campus-saas-terraform-state"
    key            = "production/terraform.tfstate"
    region         = "ap-east-1"
    dynamodb_table = "campus-saas-terraform-lock"
    encrypt        = true
  }
}

provider "aws" {
  region = var.region
  default_tags { tags = { project = "campus-saas", env = "production" } }
}

variable "region" {
  type    = string
  default = "ap-east-1"
}
variable "name" {
  type    = string
  default = "campus-prod"
}
variable "base_domain" { type = string }
variable "zone_id" { type = string }
variable "image" { type = string }
variable "backup_retention_days" {
  type    = number
  default = 30
}

module "network" {
  source = "../../modules/network"
  name   = var.name
}

module "secrets" {
  source = "../../modules/secrets"
  name   = var.name
}

module "storage" {
  source                = "../../modules/storage"
  name                  = var.name
  backup_retention_days = var.backup_retention_days
}

module "dns_cert" {
  source       = "../../modules/dns_cert"
  base_domain  = var.base_domain
  zone_id      = var.zone_id
  alb_dns_name = module.app.alb_dns_name
  alb_zone_id  = module.app.alb_zone_id
}

module "database" {
  source                     = "../../modules/database"
  name                       = var.name
  vpc_id                     = module.network.vpc_id
  subnet_ids                 = module.network.private_subnet_ids
  allowed_security_group_ids = [module.app.task_security_group_id]
}

module "cache" {
  source                     = "../../modules/cache"
  name                       = var.name
  vpc_id                     = module.network.vpc_id
  subnet_ids                 = module.network.private_subnet_ids
  allowed_security_group_ids = [module.app.task_security_group_id]
}

module "app" {
  source             = "../../modules/app"
  name               = var.name
  vpc_id             = module.network.vpc_id
  public_subnet_ids  = module.network.public_subnet_ids
  private_subnet_ids = module.network.private_subnet_ids
  image              = var.image
  certificate_arn    = module.dns_cert.certificate_arn
  files_bucket_arn   = module.storage.files_bucket_arn
  backups_bucket_arn = module.storage.backups_bucket_arn
  # DATABASE_URL is assembled from the RDS-managed secret by the entrypoint of the deploy
  # pipeline and stored in the DATABASE_URL secret; see docs/operations.md.
  secret_arns = merge(module.secrets.arns, {
    DATABASE_URL = aws_secretsmanager_secret.database_url.arn
  })
  environment = {
    DJANGO_SETTINGS_MODULE  = "config.settings.production"
    BASE_DOMAIN             = var.base_domain
    REDIS_URL               = module.cache.url
    # Read by src/config/settings/integrations/files.py and backups.py (tests/architecture/test_terraform.py).
    FILES_BACKEND           = "s3"
    FILES_S3_BUCKET         = module.storage.files_bucket
    FILES_S3_REGION         = var.region
    BACKUP_S3_BUCKET        = module.storage.backups_bucket
    BACKUP_S3_REGION        = var.region
    BACKUP_RETENTION_DAYS   = tostring(var.backup_retention_days)
    SENTRY_ENVIRONMENT      = "production"
    LOG_FORMAT              = "json"
    WEB_CONCURRENCY         = "4"
  }
}

resource "aws_secretsmanager_secret" "database_url" {
  name = "${var.name}/DATABASE_URL"
}

output "alb_dns_name" { value = module.app.alb_dns_name }
output "database_address" { value = module.database.address }
