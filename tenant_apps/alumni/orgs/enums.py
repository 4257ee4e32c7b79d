from django.db import models


class OrgKind(models.TextChoices):
    ASSOCIATION = "association", "校友总会"
    COLLEGE = "college", "院系校友会"
    REGIONAL = "regional", "地方校友会"
    INDUSTRY = "industry", "行业校友会"
    CLUB = "club", "校友俱乐部"


class ReviewMode(models.TextChoices):
    AUTO = "auto", "自动通过"
    ADMINS = "admins", "分会管理员审核"
    RECORDS = "records", "按档案匹配审核"


class MembershipStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已加入"
    REJECTED = "rejected", "已驳回"
    LEFT = "left", "已退出"


class AdminRole(models.TextChoices):
    PRESIDENT = "president", "会长"
    SECRETARY = "secretary", "秘书长"
    ADMIN = "admin", "管理员"


class AdminStatus(models.TextChoices):
    INVITED = "invited", "已邀请"
    ACTIVE = "active", "在任"
    REVOKED = "revoked", "已撤销"


class ExportStatus(models.TextChoices):
    PENDING = "pending", "待总会审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "已拒绝"
