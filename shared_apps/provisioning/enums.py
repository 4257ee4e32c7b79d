from django.db import models


class TenantType(models.TextChoices):
    UNIVERSITY = "university", "高校"
    BUREAU = "bureau", "专家管理单位"


class TenantStatus(models.TextChoices):
    PROVISIONING = "provisioning", "开通中"
    ACTIVE = "active", "正常"
    PAST_DUE = "past_due", "欠费宽限期"
    READ_ONLY = "read_only", "只读"
    SUSPENDED = "suspended", "已暂停"


class Module(models.TextChoices):
    EMPLOYMENT = "employment", "就业"
    ALUMNI = "alumni", "校友"
    EXPERTS = "experts", "专家库"


# Sub-domains that can never be a tenant.
RESERVED_SLUGS = frozenset(
    {
        "www", "console", "api", "admin", "public", "static", "media", "mail", "smtp", "ftp",
        "help", "support", "status", "billing", "app", "h5", "wechat", "test", "demo-template",
        "pg_catalog", "information_schema", "root", "system", "cdn", "docs", "blog",
    }
)
