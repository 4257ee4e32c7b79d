# Wildcard DNS (*.base and the bare domain -> ALB) and the ACM certificate for both.
variable "base_domain" { type = string }
variable "zone_id" { type = string }
variable "alb_dns_name" {
  type    = string
  default = ""
}
variable "alb_zone_id" {
  type    = string
  default = ""
}

resource "aws_acm_certificate" "this" {
  domain_name               = var.base_domain
  subject_alternative_names = ["*.${var.base_domain}"]
  validation_method         = "DNS"
  lifecycle { create_before_destroy = true }
}

resource "aws_route53_record" "validation" {
  for_each = { for o in aws_acm_certificate.this.domain_validation_options : o.resource_record_name => o... }
  zone_id  = var.zone_id
  name     = each.key
  type     = each.value[0].resource_record_type
  records  = [each.value[0].resource_record_value]
  ttl      = 300
}

resource "aws_acm_certificate_validation" "this" {
  certificate_arn         = aws_acm_certificate.this.arn
  validation_record_fqdns = [for r in aws_route53_record.validation : r.fqdn]
}

resource "aws_route53_record" "apex" {
  count   = var.alb_dns_name == "" ? 0 : 1
  zone_id = var.zone_id
  name    = var.base_domain
  type    = "A"
  alias {
    name                   = var.alb_dns_name
    zone_id                = var.alb_zone_id
    evaluate_target_health = true
  }
}

resource "aws_route53_record" "wildcard" {
  count   = var.alb_dns_name == "" ? 0 : 1
  zone_id = var.zone_id
  name    = "*.${var.base_domain}"
  type    = "A"
  alias {
    name                   = var.alb_dns_name
    zone_id                = var.alb_zone_id
    evaluate_target_health = true
  }
}

output "certificate_arn" { value = aws_acm_certificate_validation.this.certificate_arn }
