"""Review projects and the panels drawn for them (专家抽取).

A project is approved before any draw; projects of one batch share one panel (the draw is
attached to the batch's lead project and shown on each). A draw has condition groups whose
eligible candidates are frozen (ids + hash) before the seed is known; members are appended
rows (drawn, replacement, skipped) that replay from the receipt."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from core.files import TenantFileField
from tenant_apps.experts.panels.enums import (
    DrawMode,
    DrawStatus,
    InvitationMode,
    MemberKind,
    MemberStatus,
    PanelRole,
    ProjectSource,
    ProjectStatus,
)


def new_token() -> str:
    return secrets.token_urlsafe(18)


class ProjectBatch(models.Model):
    """Projects reviewed together by one panel (抽取项目组)."""

    name = models.CharField("批次名称", max_length=100)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "项目批次"
        verbose_name_plural = "项目批次"
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    """A review project (抽取项目) that needs a panel of experts."""

    code = models.CharField("项目编号", max_length=40, unique=True)
    title = models.CharField("项目名称", max_length=200)
    owner_unit = models.CharField("项目单位", max_length=200, help_text="回避：该单位的在职/曾任职专家不会被抽中")
    related_units = models.JSONField("相关单位", default=list, blank=True)
    department = models.ForeignKey("accounts.OrgUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="负责部门")
    category = models.CharField("项目类型", max_length=50, blank=True)
    location = models.CharField("评审地点", max_length=200, blank=True)
    opens_at = models.DateTimeField("开标/评审时间")
    ends_at = models.DateTimeField("评审结束时间", null=True, blank=True)
    description = models.TextField("项目说明", blank=True)
    batch = models.ForeignKey(ProjectBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects", verbose_name="批次")
    status = models.CharField("状态", max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PENDING, db_index=True)
    source = models.CharField("来源", max_length=12, choices=ProjectSource.choices, default=ProjectSource.MANUAL)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="审核人")
    approved_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_note = models.CharField("审核意见", max_length=300, blank=True)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="跟进人")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)

    class Meta:
        verbose_name = "抽取项目"
        verbose_name_plural = "抽取项目"
        ordering = ["-id"]
        indexes = [models.Index(fields=["opens_at"], name="panels_project_opens")]
        permissions = [
            ("approve_project", "审核抽取项目"),
            ("draw_panel", "抽取专家"),
            ("supervise_draw", "监督抽取（输入监督随机值）"),
            ("archive_project", "归档抽取项目"),
            ("export_project", "导出抽取项目与记录"),
            ("import_project", "导入抽取项目"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def avoidance_units(self) -> list[str]:
        names = [self.owner_unit, *(self.related_units or [])]
        return [n.strip() for n in names if n and n.strip()]


class ProjectAttachment(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="attachments")
    file = TenantFileField("文件", upload_to="panels/projects/%Y/%m/")
    original_name = models.CharField("原文件名", max_length=200)
    size = models.PositiveIntegerField("大小", default=0)
    is_shared_with_experts = models.BooleanField("专家可见", default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "项目附件"
        verbose_name_plural = "项目附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class ProjectNote(models.Model):
    """A follow-up note (项目跟进), optionally assigning the project to someone."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField("跟进内容")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="记录人")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "项目跟进"
        verbose_name_plural = "项目跟进"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:30]


class Draw(models.Model):
    """One drawing of a panel for a project (or its batch) with its frozen inputs."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="draws", verbose_name="项目")
    mode = models.CharField("抽取方式", max_length=10, choices=DrawMode.choices, default=DrawMode.RANDOM)
    status = models.CharField("抽取状态", max_length=20, choices=DrawStatus.choices, default=DrawStatus.NOT_DRAWN, db_index=True)
    short_reason = models.CharField("人数不足原因", max_length=300, blank=True)
    work_start = models.DateField("工作开始日期")
    work_end = models.DateField("工作结束日期")
    avoid_expert_ids = models.JSONField("回避专家", default=list, blank=True)
    cool_down_days = models.PositiveSmallIntegerField("冷却期（天）", default=0)
    cool_down_max = models.PositiveSmallIntegerField("冷却期内最多抽中次数", default=0)
    allow_parent_fallback = models.BooleanField("不足时补抽上一级领域", default=False)
    invitation_mode = models.CharField("通知方式", max_length=12, choices=InvitationMode.choices, default=InvitationMode.PARALLEL)
    channels = models.JSONField("通知渠道", default=list)
    response_hours = models.PositiveSmallIntegerField("应答时限（小时）", default=24)
    supervisors = models.JSONField("监督人", default=list, blank=True)
    supervisor_values = models.JSONField("监督随机值", default=list, blank=True)
    server_value = models.CharField("服务器随机值", max_length=64, editable=False)
    commitment = models.CharField("随机值承诺（SHA-256）", max_length=64, editable=False)
    seed = models.CharField("种子", max_length=64, blank=True, editable=False)
    algorithm = models.CharField("算法版本", max_length=60, editable=False)
    rules = models.JSONField("抽取规则快照", default=dict)
    verify_token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    frozen_at = models.DateTimeField("名单冻结时间", null=True, blank=True)
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="操作人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "抽取记录"
        verbose_name_plural = "抽取记录"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.project} #{self.pk}"

    @property
    def is_manual(self) -> bool:
        return self.mode == DrawMode.MANUAL

    @property
    def server_value_revealed(self) -> bool:
        return self.drawn_at is not None


class ConditionGroup(models.Model):
    """One condition group: `count` experts matching the inclusion conditions (X19)."""

    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveSmallIntegerField("组号")
    name = models.CharField("组名", max_length=100, blank=True)
    count = models.PositiveSmallIntegerField("抽取人数")
    domain_ids = models.JSONField("专业领域", default=list, blank=True)
    title_levels = models.JSONField("职称级别", default=list, blank=True)
    regions = models.JSONField("地区", default=list, blank=True)
    tag_ids = models.JSONField("专家分组", default=list, blank=True)
    max_times_drawn = models.PositiveIntegerField("最多被抽中次数", null=True, blank=True)
    # The frozen candidate list: one int8[] of all tiers one after another (each tier sorted
    # ascending: best match, then parent-domain fallback) and the size of each tier.
    candidates = ArrayField(models.BigIntegerField(), default=list, editable=False, verbose_name="冻结候选名单")
    tier_sizes = ArrayField(models.PositiveIntegerField(), default=list, editable=False, verbose_name="各层人数")
    list_hash = models.CharField("名单哈希", max_length=64, blank=True, editable=False)
    used_fallback = models.BooleanField("使用了上一级领域", default=False)
    exclusions = models.JSONField("排除统计", default=dict, editable=False)

    class Meta:
        verbose_name = "抽取条件组"
        verbose_name_plural = "抽取条件组"
        ordering = ["draw", "number"]
        constraints = [models.UniqueConstraint(fields=["draw", "number"], name="panels_group_unique_number")]

    def __str__(self) -> str:
        return self.name or f"第{self.number}组"

    @property
    def tiers(self) -> list[list[int]]:
        """The frozen list as tiers: [[ids of best match], [fallback ids]]."""
        out, start = [], 0
        for size in self.tier_sizes or []:
            out.append(list(self.candidates[start:start + size]))
            start += size
        return out

    @tiers.setter
    def tiers(self, tiers: list[list[int]]) -> None:
        self.candidates = [int(i) for tier in tiers for i in tier]
        self.tier_sizes = [len(tier) for tier in tiers]

    @property
    def candidate_count(self) -> int:
        return sum(self.tier_sizes or [])


class PanelMember(models.Model):
    """A row of the panel: appended, never reordered (replacements go last, X20)."""

    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="members")
    group = models.ForeignKey(ConditionGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    expert = models.ForeignKey("experts.Expert", on_delete=models.PROTECT, related_name="panel_seats", verbose_name="专家")
    row = models.PositiveIntegerField("序号")
    position = models.PositiveIntegerField("名单序位", null=True, blank=True)
    kind = models.CharField("抽取类型", max_length=12, choices=MemberKind.choices)
    status = models.CharField("受邀状态", max_length=12, choices=MemberStatus.choices, default=MemberStatus.PENDING, db_index=True)
    role = models.CharField("角色", max_length=10, choices=PanelRole.choices, default=PanelRole.MEMBER)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="替补对象")
    reason = models.CharField("原因", max_length=300, blank=True)
    invited_at = models.DateTimeField("通知时间", null=True, blank=True)
    deadline = models.DateTimeField("应答截止", null=True, blank=True)
    responded_at = models.DateTimeField("应答时间", null=True, blank=True)
    response_channel = models.CharField("应答方式", max_length=10, blank=True)
    invitation_nonce = models.CharField(max_length=32, default=new_token, editable=False)
    attended = models.BooleanField("实际参评", default=False)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "抽取专家"
        verbose_name_plural = "抽取专家"
        ordering = ["draw", "row"]
        constraints = [models.UniqueConstraint(fields=["draw", "row"], name="panels_member_unique_row")]
        indexes = [models.Index(fields=["expert", "created_at"], name="panels_member_expert")]

    def __str__(self) -> str:
        return f"{self.draw_id}-{self.row}"

    @property
    def holds_seat(self) -> bool:
        return self.status in (MemberStatus.PENDING, MemberStatus.INVITED, MemberStatus.ACCEPTED)

    @property
    def seat(self) -> int | None:
        """The 序位 people read: 1 for the first of the group's shuffled list. `position` stays
        0-based because the receipt and `drawing.verify()` count from 0."""
        return None if self.position is None else self.position + 1


class ProjectLeave(models.Model):
    """An expert's leave for one project (X5), accepted up to 2 hours before opening."""

    member = models.OneToOneField(PanelMember, on_delete=models.CASCADE, related_name="leave")
    reason = models.CharField("请假事由", max_length=300)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)

    class Meta:
        verbose_name = "项目请假"
        verbose_name_plural = "项目请假"

    def __str__(self) -> str:
        return self.reason[:30]


class PanelSettings(models.Model):
    """The bureau's settings of the draw module (one row): which user groups may apply for
    projects from the back office (项目申请, X17)."""

    applicant_groups = models.ManyToManyField("auth.Group", blank=True, related_name="+", verbose_name="可申请项目的用户组")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "抽取设置"
        verbose_name_plural = "抽取设置"

    def __str__(self) -> str:
        return "抽取设置"


def sheet_template_path(instance, filename: str) -> str:
    return f"panels/sheet_templates/{secrets.token_hex(8)}/{filename[-80:]}"


class SheetTemplate(models.Model):
    """An uploaded draw-sheet template (抽取表/签到表底版, X22): a Word file with docxtpl
    placeholders and optionally an Excel file. One active template per project type; a blank
    type applies to every project without a template of its own."""

    name = models.CharField("名称", max_length=100)
    category = models.CharField("适用项目类型", max_length=50, blank=True, help_text="留空则适用于所有项目类型")
    docx = models.FileField("Word 模板", upload_to=sheet_template_path)
    xlsx = models.FileField("Excel 模板", upload_to=sheet_template_path, blank=True)
    placeholders = models.JSONField("使用的占位符", default=list, blank=True)
    is_active = models.BooleanField("启用", default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="上传人")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "抽取表模板"
        verbose_name_plural = "抽取表模板"
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["category"], condition=models.Q(is_active=True), name="panels_sheet_one_active_per_category")]

    def __str__(self) -> str:
        return self.name
