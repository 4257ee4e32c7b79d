"""The expert library of a bureau: experts, their domains, records and the bureau's rules.

Eligibility for drawing (next issue) is decided by one selector,
`selectors.eligible_experts()`, over the flags kept here (status, deletion, black list,
freeze, leave)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import EmailValidator
from django.db import models
from django.utils import timezone

from core.crypto import EncryptedCharField, blind_index
from core.files import TenantFileField
from tenant_apps.experts.enums import (
    AttachmentKind,
    AvoidanceKind,
    CampaignStatus,
    ChangeStatus,
    ExpertSource,
    ExpertStatus,
    Gender,
    LeaveReason,
    ParticipationKind,
    PointEvent,
    ReviewDecision,
    TitleLevel,
)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Domain(models.Model):
    """A node of the three-level domain tree (一级/二级/三级领域). `path` is "/1/4/9/"."""

    name = models.CharField("名称", max_length=100)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name="上级领域")
    level = models.PositiveSmallIntegerField("层级", default=1)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "专业领域"
        verbose_name_plural = "专业领域"
        ordering = ["path", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="experts_domain_unique_name")]

    def __str__(self) -> str:
        return self.name


class ExpertType(models.Model):
    """A kind of expert (评审专家, 咨询专家...); certificates have a template per type."""

    name = models.CharField("名称", max_length=50, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "专家类型"
        verbose_name_plural = "专家类型"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """A label/group the bureau puts on experts (专家分组), usable as a filter and draw condition."""

    name = models.CharField("名称", max_length=50, unique=True)
    color = models.CharField("颜色", max_length=7, default="#c8102e")

    class Meta:
        verbose_name = "标签分组"
        verbose_name_plural = "标签分组"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# The flags behind `Expert.is_drawable`, as a query (consistency checks).
DRAWABLE_FLAGS = models.Q(status=ExpertStatus.APPROVED, deleted_at__isnull=True, is_blacklisted=False, frozen_at__isnull=True)


class Expert(models.Model):
    """A person in (or applying to) the bureau's expert library (评审专家)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="expert_profile", verbose_name="账号")
    status = models.CharField("状态", max_length=20, choices=ExpertStatus.choices, default=ExpertStatus.DRAFT, db_index=True)
    review_level = models.PositiveSmallIntegerField("当前审核级", default=0)
    draft_step = models.PositiveSmallIntegerField("填写到第几步", default=1)
    source = models.CharField("来源", max_length=20, choices=ExpertSource.choices, default=ExpertSource.SELF)
    recommended_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="recommended_experts", verbose_name="推荐人")
    expert_type = models.ForeignKey(ExpertType, null=True, blank=True, on_delete=models.SET_NULL, related_name="experts", verbose_name="专家类型")
    org_unit = models.ForeignKey("accounts.OrgUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="experts", verbose_name="管理部门")

    name = models.CharField("姓名", max_length=50, blank=True)
    gender = models.CharField("性别", max_length=10, choices=Gender.choices, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    id_number = EncryptedCharField("身份证号", mask_kind="id_number")
    id_number_hash = models.CharField(max_length=64, blank=True, editable=False)
    phone = EncryptedCharField("手机号", mask_kind="phone")
    phone_hash = models.CharField(max_length=64, blank=True, editable=False)
    email = EncryptedCharField("邮箱", mask_kind="email", validators=[EmailValidator(message="请输入有效的邮箱地址。")])
    email_hash = models.CharField(max_length=64, blank=True, editable=False)
    employer = models.CharField("工作单位", max_length=200, blank=True)
    position = models.CharField("职务", max_length=100, blank=True)
    title = models.CharField("职称", max_length=100, blank=True)
    title_level = models.CharField("职称级别", max_length=20, choices=TitleLevel.choices, blank=True, db_index=True)
    education = models.CharField("学历", max_length=50, blank=True)
    specialty = models.CharField("专业方向", max_length=200, blank=True)
    region = models.CharField("所在地区", max_length=50, blank=True, db_index=True)
    postal_code = models.CharField("邮编", max_length=10, blank=True)
    address = models.CharField("通讯地址", max_length=200, blank=True)
    bank_name = models.CharField("开户银行", max_length=100, blank=True)
    bank_account = EncryptedCharField("银行账号", mask_kind="default")
    resume = models.TextField("个人简介", blank=True)
    domains = models.ManyToManyField(Domain, blank=True, related_name="experts", verbose_name="专业领域")
    tags = models.ManyToManyField(Tag, blank=True, related_name="experts", verbose_name="标签分组")

    is_blacklisted = models.BooleanField("黑名单", default=False)
    blacklist_reason = models.CharField("列入黑名单原因", max_length=300, blank=True)
    blacklisted_at = models.DateTimeField("列入黑名单时间", null=True, blank=True)
    deleted_at = models.DateTimeField("删除时间", null=True, blank=True)
    delete_reason = models.CharField("删除原因", max_length=300, blank=True)
    frozen_at = models.DateTimeField("冻结时间", null=True, blank=True)
    frozen_reason = models.CharField("冻结原因", max_length=300, blank=True)

    points = models.IntegerField("积分", default=0)
    times_drawn = models.PositiveIntegerField("被抽中次数", default=0)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    # 个人信息保护法 §14/§29: the ID number is collected after the expert read the notice and
    # agreed (separate consent for sensitive data); bureaus also ask for an integrity pledge.
    privacy_consented_at = models.DateTimeField("同意个人信息处理说明时间", null=True, blank=True)
    pledge_signed_at = models.DateTimeField("签署诚信承诺时间", null=True, blank=True)
    approved_at = models.DateTimeField("入库时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    # Denormalised for the drawing pool's indexes: in the library and not deleted, black-listed
    # or frozen (leave is by date and is checked apart). Kept by the database trigger
    # `experts_expert_drawable` (migration 0002) on every insert and update, whatever the write
    # path; save() sets the same value on the instance.
    is_drawable = models.BooleanField("可抽取（不含请假）", default=False, editable=False)
    # The expert's domains and all their ancestors (kept by the services): "in domain X, with
    # everything below it" is one GIN index condition, `domain_ids && {X}`.
    domain_ids = ArrayField(models.BigIntegerField(), default=list, blank=True, editable=False, verbose_name="领域及上级领域")

    # jieba tokens of name, employer, title, specialty and domains; the tsvector is computed by PostgreSQL.
    search_text = models.TextField(blank=True, default="", editable=False)
    search_vector = models.GeneratedField(
        expression=SearchVector("search_text", config="simple"), output_field=SearchVectorField(), db_persist=True
    )

    class Meta:
        verbose_name = "专家"
        verbose_name_plural = "专家"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["phone_hash"], condition=~models.Q(phone_hash=""), name="experts_expert_unique_phone"),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="experts_expert_search_gin"),
            GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="experts_expert_name_trgm"),
            GinIndex(fields=["employer"], opclasses=["gin_trgm_ops"], name="experts_expert_employer_trgm"),
            models.Index(fields=["id_number_hash"], name="experts_expert_idno_hash"),
            models.Index(fields=["name"], opclasses=["varchar_pattern_ops"], name="experts_expert_name_prefix"),
            # Narrow covering indexes, so that counts over most of a large library are index-only
            # scans and never read the wide rows: the drawable pool with its domains (eligibility
            # pre-counts, also by domain), the few approved experts kept out of it with the flags
            # that say why (per-reason exclusion counts), and the active library (list counts).
            models.Index(fields=["id"], include=["domain_ids"], name="experts_expert_drawable_pool", condition=models.Q(is_drawable=True)),
            # The draw's pool query: everything its conditions read, so freezing the candidate
            # lists is an index-only scan in id order (docs/decisions/0066).
            models.Index(
                fields=["id"], include=["domain_ids", "title_level", "region", "employer", "times_drawn"], name="experts_expert_draw_pool",
                condition=models.Q(is_drawable=True),
            ),
            models.Index(
                fields=["id"], include=["deleted_at", "is_blacklisted", "frozen_at"], name="experts_expert_excluded",
                condition=models.Q(status="approved", is_drawable=False),
            ),
            models.Index(fields=["id"], name="experts_expert_active", condition=models.Q(status="approved", deleted_at__isnull=True)),
            GinIndex(fields=["domain_ids"], name="experts_expert_domain_ids"),
        ]
        permissions = [
            ("reveal_personal_data", "查看专家完整个人信息（姓名、手机号、证件号、单位）"),
            ("review_expert", "审核专家入库与信息变更"),
            ("import_expert", "导入专家"),
            ("export_expert", "导出专家"),
            ("manage_blacklist", "管理专家黑名单"),
            ("manage_settings", "管理专家库设置（领域、审核流程、证书、积分、导出字段）"),
            ("view_statistics", "查看专家统计分析"),
            ("manage_campaign", "发起专家信息年度确认"),
        ]

    def __str__(self) -> str:
        return self.name or f"专家#{self.pk}"

    def save(self, *args, **kwargs):
        self.phone_hash = blind_index(self.phone) if self.phone else ""
        self.id_number_hash = blind_index(self.id_number) if self.id_number else ""
        self.email_hash = blind_index(self.email) if self.email else ""
        self.is_drawable = self.drawable_by_flags()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "email" in update_fields and "email_hash" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "email_hash"]
        super().save(*args, **kwargs)

    def drawable_by_flags(self) -> bool:
        """What `is_drawable` holds (the trigger's rule and DRAWABLE_FLAGS, in Python)."""
        return self.status == ExpertStatus.APPROVED and self.deleted_at is None and not self.is_blacklisted and self.frozen_at is None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class ExpertAttachment(models.Model):
    """A certificate scan an expert uploads with the application (degree, title...)."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField("类型", max_length=20, choices=AttachmentKind.choices)
    file = TenantFileField("文件", upload_to="experts/attachments/%Y/%m/")
    original_name = models.CharField("原文件名", max_length=200)
    size = models.PositiveIntegerField("大小", default=0)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "专家附件"
        verbose_name_plural = "专家附件"
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.original_name


class ReviewLevel(models.Model):
    """One level of the bureau's admission review (e.g. 1 专家委员会 → 2 总管理员).
    Members of `group` (or superusers) decide at that level."""

    order = models.PositiveSmallIntegerField("级次", unique=True)
    name = models.CharField("名称", max_length=50)
    group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="审核用户组")

    class Meta:
        verbose_name = "入库审核级"
        verbose_name_plural = "入库审核级"
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class ExpertReview(models.Model):
    """A decision taken at one review level."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="reviews")
    level = models.PositiveSmallIntegerField("级次")
    level_name = models.CharField("审核级", max_length=50)
    decision = models.CharField("结论", max_length=10, choices=ReviewDecision.choices)
    note = models.CharField("意见", max_length=300, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="审核人")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "入库审核记录"
        verbose_name_plural = "入库审核记录"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.level_name} {self.get_decision_display()}"


class Recommendation(models.Model):
    """An expert's invitation of a peer; the e-mail link carries `token` (source kept)."""

    recommender = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="recommendations", verbose_name="推荐人")
    name = models.CharField("被推荐人姓名", max_length=50)
    phone = EncryptedCharField("手机号", mask_kind="phone")
    email = EncryptedCharField("邮箱", mask_kind="email", validators=[EmailValidator(message="请输入有效的邮箱地址。")])
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField("推荐时间", auto_now_add=True)
    accepted_expert = models.ForeignKey(Expert, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="入库专家")

    class Meta:
        verbose_name = "专家推荐"
        verbose_name_plural = "专家推荐"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class ProfileChange(models.Model):
    """One change of an expert's data with before/after values; sensitive ones wait for review."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField("状态", max_length=20, choices=ChangeStatus.choices)
    before = models.JSONField("变更前", default=dict)
    after = models.JSONField("变更后", default=dict)  # personal values masked here
    secret_values = EncryptedCharField("待生效的个人信息", mask_kind="default")  # JSON, applied on approval
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="提交人")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="审核人")
    review_note = models.CharField("审核意见", max_length=300, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        verbose_name = "专家信息变更"
        verbose_name_plural = "专家信息变更"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="experts_change_status")]

    def __str__(self) -> str:
        return f"变更#{self.pk}"


class ExpertLeave(models.Model):
    """Long-term leave: never drawn between the two dates; ends by itself after `end_date`."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="leaves")
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    reason = models.CharField("事由", max_length=20, choices=LeaveReason.choices)
    note = models.CharField("说明", max_length=200, blank=True)
    cancelled_at = models.DateTimeField("提前销假时间", null=True, blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)

    class Meta:
        verbose_name = "长期请假"
        verbose_name_plural = "长期请假"
        ordering = ["-start_date", "-id"]
        indexes = [
            models.Index(fields=["expert", "start_date", "end_date"], name="experts_leave_period",
                         condition=models.Q(cancelled_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.start_date}~{self.end_date}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.cancelled_at is None and self.start_date <= today <= self.end_date


class AvoidanceUnit(models.Model):
    """A unit the expert must never review (current/former employer, declared relation)."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="avoidance_units")
    name = models.CharField("单位名称", max_length=200)
    kind = models.CharField("关系", max_length=30, choices=AvoidanceKind.choices)
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        verbose_name = "回避单位"
        verbose_name_plural = "回避单位"
        ordering = ["kind", "id"]
        constraints = [models.UniqueConstraint(fields=["expert", "name"], name="experts_avoidance_unique")]
        indexes = [models.Index(fields=["name"], name="experts_avoidance_name")]

    def __str__(self) -> str:
        return self.name


class ConfirmationCampaign(models.Model):
    """A periodic re-confirmation: experts silent past `deadline` are frozen until they confirm."""

    title = models.CharField("名称", max_length=100)
    deadline = models.DateTimeField("截止时间")
    status = models.CharField("状态", max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    frozen_count = models.PositiveIntegerField("冻结人数", default=0)

    class Meta:
        verbose_name = "信息确认活动"
        verbose_name_plural = "信息确认活动"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class ExpertConfirmation(models.Model):
    campaign = models.ForeignKey(ConfirmationCampaign, on_delete=models.CASCADE, related_name="confirmations")
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="confirmations")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    notified_at = models.DateTimeField("链接发送时间", null=True, blank=True)  # so a re-run sends nothing twice

    class Meta:
        verbose_name = "专家信息确认"
        verbose_name_plural = "专家信息确认"
        constraints = [models.UniqueConstraint(fields=["campaign", "expert"], name="experts_confirmation_unique")]

    def __str__(self) -> str:
        return f"确认#{self.pk}"


def certificate_background_path(instance, filename: str) -> str:
    return f"experts/certificate-templates/{filename}"


class CertificateTemplate(models.Model):
    """The bureau's certificate base: a background image plus where each field is printed.
    `layout` is a list of {"field", "x", "y", "size"} in millimetres on an A4 landscape page."""

    name = models.CharField("名称", max_length=100)
    expert_type = models.ForeignKey(ExpertType, null=True, blank=True, on_delete=models.SET_NULL, related_name="certificate_templates", verbose_name="适用专家类型")
    background = models.ImageField("底版图片", upload_to=certificate_background_path, blank=True)
    title_text = models.CharField("证书标题", max_length=50, default="评审专家证书")
    body_text = models.CharField("正文", max_length=300, default="兹聘请 {name} 为本单位评审专家，专业领域：{domains}。")
    layout = models.JSONField("字段位置", default=list, blank=True)
    validity_years = models.PositiveSmallIntegerField("有效期（年）", default=3)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "证书模板"
        verbose_name_plural = "证书模板"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Certificate(models.Model):
    """An issued expert certificate; `token` is in the QR of the public verification page."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="certificates")
    template = models.ForeignKey(CertificateTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    number = models.CharField("证书编号", max_length=40, unique=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    issued_at = models.DateTimeField("发证时间", default=timezone.now)
    valid_until = models.DateField("有效期至")
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoke_reason = models.CharField("撤销原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "专家证书"
        verbose_name_plural = "专家证书"
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.number


class PointRule(models.Model):
    """How many points an event earns (set by the bureau)."""

    event = models.CharField("事项", max_length=20, choices=PointEvent.choices, unique=True)
    points = models.IntegerField("积分")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "积分规则"
        verbose_name_plural = "积分规则"
        ordering = ["event"]

    def __str__(self) -> str:
        return self.get_event_display()


class PointEntry(models.Model):
    """One line of an expert's points ledger; `reference` makes awards idempotent."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="point_entries")
    event = models.CharField("事项", max_length=20, choices=PointEvent.choices)
    points = models.IntegerField("积分")
    balance = models.IntegerField("余额")
    reason = models.CharField("说明", max_length=200, blank=True)
    reference = models.CharField(max_length=100)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "积分明细"
        verbose_name_plural = "积分明细"
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["expert", "reference"], name="experts_point_unique_ref")]

    def __str__(self) -> str:
        return f"{self.points:+d}"


class Participation(models.Model):
    """An expert's involvement in a project (drawn, accepted, attended...). Written by the
    project module (next issue); read by the panorama, statistics and points."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="participations")
    kind = models.CharField("类型", max_length=20, choices=ParticipationKind.choices)
    org_unit = models.ForeignKey("accounts.OrgUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="使用部门")
    project_id = models.BigIntegerField("项目", null=True, blank=True)
    project_title = models.CharField("项目名称", max_length=200, blank=True)
    occurred_at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "专家参评记录"
        verbose_name_plural = "专家参评记录"
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["expert", "occurred_at"], name="experts_participation_expert")]

    def __str__(self) -> str:
        return self.project_title or f"参评#{self.pk}"


class SavedSearch(models.Model):
    """A user's named search (常用搜索场景): the query string of the list page."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_saved_searches")
    name = models.CharField("名称", max_length=50)
    query = models.CharField("查询条件", max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "常用搜索"
        verbose_name_plural = "常用搜索"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="experts_saved_search_unique")]

    def __str__(self) -> str:
        return self.name


class ImportRun(models.Model):
    """One Excel import: counts and the report of rows not imported, with reasons."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("导入时间", auto_now_add=True)
    file_name = models.CharField("文件名", max_length=200)
    total_rows = models.PositiveIntegerField("总行数", default=0)
    created_count = models.PositiveIntegerField("导入成功", default=0)
    rejected_count = models.PositiveIntegerField("未导入", default=0)
    report = models.FileField("未导入信息表", upload_to="experts/import-reports/", blank=True)

    class Meta:
        verbose_name = "专家导入记录"
        verbose_name_plural = "专家导入记录"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name


class LibrarySettings(models.Model):
    """Per-bureau switches (one row): reveal window, sensitive fields, registration."""

    reveal_hours_before = models.PositiveSmallIntegerField("开标前多少小时可查看完整信息", default=2)
    sensitive_fields = models.JSONField("需审核的变更字段", default=list)
    registration_open = models.BooleanField("开放自助申请", default=True)
    max_attachment_mb = models.PositiveSmallIntegerField("附件大小上限（MB）", default=10)
    # 财库〔2016〕198号: management separate from use. The approver of a project is not its
    # creator, an expert's review levels are signed by different people, and no one supervises
    # a draw they operate.
    separation_of_duties = models.BooleanField("管用分离（审核人与经办人、监督人与抽取人不得为同一人）", default=True)

    class Meta:
        verbose_name = "专家库设置"
        verbose_name_plural = "专家库设置"

    def __str__(self) -> str:
        return "专家库设置"


class ExportPolicy(models.Model):
    """Which expert fields members of a group may export (union over a user's groups)."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="expert_export_policy", verbose_name="用户组")
    fields = models.JSONField("可导出字段", default=list)

    class Meta:
        verbose_name = "专家导出字段"
        verbose_name_plural = "专家导出字段"

    def __str__(self) -> str:
        return f"导出字段#{self.group_id}"
