from django.db import models


class ExpertStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PENDING = "pending", "审核中"
    APPROVED = "approved", "已入库"
    REJECTED = "rejected", "未通过"


class ExpertSource(models.TextChoices):
    SELF = "self", "个人申请"
    RECOMMENDED = "recommended", "专家推荐"
    ADMIN = "admin", "管理员录入"
    IMPORT = "import", "批量导入"


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class TitleLevel(models.TextChoices):
    SENIOR = "senior", "正高级"
    ASSOCIATE = "associate", "副高级"
    INTERMEDIATE = "intermediate", "中级"
    OTHER = "other", "其他"


class AttachmentKind(models.TextChoices):
    DEGREE = "degree", "学历学位证书"
    TITLE = "title", "职称证书"
    OTHER = "other", "其他材料"


class LeaveReason(models.TextChoices):
    BUSINESS = "business", "出差"
    ILLNESS = "illness", "病假"
    PERSONAL = "personal", "个人事务"
    STUDY = "study", "学习进修"
    OTHER = "other", "其他"


class AvoidanceKind(models.TextChoices):
    CURRENT_EMPLOYER = "current_employer", "现任职单位"
    FORMER_EMPLOYER = "former_employer", "曾任职单位"
    SPOUSE_EMPLOYER = "spouse_employer", "配偶/直系亲属任职单位"
    CONSULTING = "consulting", "近期咨询服务单位"
    OTHER = "other", "其他利害关系单位"


class ChangeStatus(models.TextChoices):
    APPLIED = "applied", "已生效"
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "已驳回"


class ReviewDecision(models.TextChoices):
    APPROVE = "approve", "通过"
    REJECT = "reject", "驳回"


class CertificateStatus(models.TextChoices):
    VALID = "valid", "有效"
    EXPIRED = "expired", "已过期"
    REVOKED = "revoked", "已撤销"


class ParticipationKind(models.TextChoices):
    DRAWN = "drawn", "被抽中"
    ACCEPTED = "accepted", "确认参加"
    DECLINED = "declined", "拒绝参加"
    ATTENDED = "attended", "实际参评"


class PointEvent(models.TextChoices):
    APPROVED = "approved", "通过入库审核"
    CONFIRMED = "confirmed", "按期完成信息确认"
    RECOMMENDED = "recommended", "推荐专家入库"
    ATTENDED = "attended", "参加评审"
    MANUAL = "manual", "人工调整"


class CampaignStatus(models.TextChoices):
    OPEN = "open", "进行中"
    CLOSED = "closed", "已截止"


# Fields an expert changes only through approval unless the bureau says otherwise.
DEFAULT_SENSITIVE_FIELDS = ["employer", "title", "title_level", "domains", "bank_name", "bank_account"]
