from django.db import models

VIEW_DOMAINS = "domains.view_customdomain"
MANAGE_DOMAINS = "domains.change_customdomain"

# The TXT record a tenant publishes to prove it controls a domain:
#   _campus-verify.<domain>  TXT  "campus-verify=<token>"
TXT_LABEL = "_campus-verify"
TXT_PREFIX = "campus-verify="
MAX_DOMAINS_PER_TENANT = 5


class DomainStatus(models.TextChoices):
    PENDING = "pending", "待验证"
    VERIFIED = "verified", "已生效"
