# PostgreSQL (RDS) holding the public schema and every tenant schema. pg_trgm is available on
# RDS; max_connections is sized for PgBouncer/pooled web + workers.
variable "name" { type = string }
variable "vpc_id" { type = string }
variable "subnet_ids" { type = list(string) }
variable "allowed_security_group_ids" { type = list(string) }
variable "instance_class" {
  type    = string
  default = "db.r6g.large"
}
variable "allocated_storage" {
  type    = number
  default = 100
}

resource "aws_db_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnet_ids
}

resource "aws_security_group" "db" {
  name   = "${var.name}-db"
  vpc_id = var.vpc_id
  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = var.allowed_security_group_ids
  }
}

resource "aws_db_parameter_group" "this" {
  name   = var.name
  family = "postgres16"
  parameter {
    name  = "log_min_duration_statement"
    value = "500"
  }
  # Schema per tenant: each backend opens the relation files of every tenant it serves; at the
  # default of 1,000 it keeps closing and reopening them (docs/decisions/0077). Static: applies
  # at the next reboot.
  parameter {
    name         = "max_files_per_process"
    value        = "20000"
    apply_method = "pending-reboot"
  }
}

resource "aws_db_instance" "this" {
  identifier                   = var.name
  engine                       = "postgres"
  engine_version               = "16"
  instance_class               = var.instance_class
  allocated_storage            = var.allocated_storage
  max_allocated_storage        = var.allocated_storage * 10
  storage_encrypted            = true
  db_name                      = "campus"
  username                     = "campus"
  manage_master_user_password  = true # stored in Secrets Manager by RDS
  db_subnet_group_name         = aws_db_subnet_group.this.name
  vpc_security_group_ids       = [aws_security_group.db.id]
  parameter_group_name         = aws_db_parameter_group.this.name
  multi_az                     = true
  backup_retention_period      = 14
  backup_window                = "18:00-19:00" # 02:00-03:00 Asia/Shanghai
  deletion_protection          = true
  skip_final_snapshot          = false
  final_snapshot_identifier    = "${var.name}-final"
  performance_insights_enabled = true
}

output "address" { value = aws_db_instance.this.address }
output "master_secret_arn" { value = aws_db_instance.this.master_user_secret[0].secret_arn }
