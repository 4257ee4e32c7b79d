from django.db import models


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已审核"
    REJECTED = "rejected", "已驳回"
    CLOSED = "closed", "已完结"


class DrawMode(models.TextChoices):
    RANDOM = "random", "随机抽取"
    MANUAL = "manual", "人工指定"


class DrawStatus(models.TextChoices):
    """X24 states of a draw."""

    NOT_DRAWN = "not_drawn", "未抽取"
    DRAWING = "drawing", "已抽取，待专家确认"
    SHORT = "short", "人数不足"
    DRAWN = "drawn", "已抽取"
    DRAWN_WITH_REPLACEMENTS = "drawn_replaced", "已抽取（含补抽）"


class InvitationMode(models.TextChoices):
    PARALLEL = "parallel", "同时通知"
    SEQUENTIAL = "sequential", "依次通知"


class MemberKind(models.TextChoices):
    DRAWN = "drawn", "抽取"
    REPLACEMENT = "replacement", "补抽"
    SKIPPED = "skipped", "跳过（已不符合条件）"
    MANUAL = "manual", "人工指定"


class MemberStatus(models.TextChoices):
    PENDING = "pending", "待通知"
    INVITED = "invited", "已通知"
    ACCEPTED = "accepted", "确认参加"
    DECLINED = "declined", "拒绝参加"
    LEAVE = "leave", "请假"
    NO_ANSWER = "no_answer", "未应答"
    SKIPPED = "skipped", "已跳过"


# Members whose seat must be filled by someone else.
VACATED = {MemberStatus.DECLINED, MemberStatus.LEAVE, MemberStatus.NO_ANSWER}


class PanelRole(models.TextChoices):
    LEADER = "leader", "组长"
    DEPUTY = "deputy", "副组长"
    MEMBER = "member", "组员"


class Channel(models.TextChoices):
    SMS = "sms", "短信"
    EMAIL = "email", "邮件"
    VOICE = "voice", "语音电话"


class ProjectSource(models.TextChoices):
    """How a project came in (X17): entered by staff, imported from Excel, or applied for."""

    MANUAL = "manual", "后台新建"
    IMPORT = "import", "批量导入"
    APPLICATION = "application", "项目申请"
