from enum import StrEnum


class CrawlerErrorCode(StrEnum):
    SOURCE_DISABLED = "crawler_source_disabled"
    SCHEDULE_EXISTS = "crawler_schedule_exists"
    RUN_ACTIVE = "crawler_run_active"
    TENANT_INACTIVE = "crawler_tenant_inactive"
