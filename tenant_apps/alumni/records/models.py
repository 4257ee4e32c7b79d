"""The alumni record base (档案), registered members (校友) and how they meet.

An `AlumniRecord` is one person who studied here, as the school's registers know them
(imported, merged, marked deceased); a `Member` is a person who joined from the H5 and is
verified by being matched to a record. Matching keys (simplified name, every pinyin reading)
are computed by `matching.name_keys` whenever a name is saved, so candidates are found with
one indexed query. Colleges and majors keep their historical names in `NameAlias`."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models

from core.crypto import EncryptedCharField
from tenant_apps.alumni.records.enums import (
    AliasKind,
    CandidateStatus,
    CustomFieldType,
    Degree,
    DuplicateStatus,
    Gender,
    MemberStatus,
)


def new_token() -> str:
    return secrets.token_urlsafe(12)


class College(models.Model):
    """A college (院系) under its current name; old names live in `NameAlias`."""

    name = models.CharField("院系名称", max_length=100, unique=True)
    code = models.CharField("编码", max_length=30, blank=True)
    is_active = models.BooleanField("在用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "院系"
        verbose_name_plural = "院系"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class NameAlias(models.Model):
    """A historical or variant name of a college or major (e.g. 机械系 1952-1998 → 机械工程学院).
    Edited by the association; matching and statistics read every name through it."""

    kind = models.CharField("类型", max_length=10, choices=AliasKind.choices)
    alias = models.CharField("历史名称/别名", max_length=100)
    canonical = models.CharField("现名称", max_length=100)
    college = models.ForeignKey(College, null=True, blank=True, on_delete=models.CASCADE, related_name="aliases", verbose_name="对应院系")
    valid_from = models.PositiveIntegerField("起始年份", null=True, blank=True)
    valid_to = models.PositiveIntegerField("截止年份", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "院系/专业别名"
        verbose_name_plural = "院系/专业别名"
        ordering = ["kind", "canonical", "alias"]
        constraints = [models.UniqueConstraint(fields=["kind", "alias"], name="alumni_alias_unique")]

    def __str__(self) -> str:
        return f"{self.alias} → {self.canonical}"


class CustomField(models.Model):
    """A field the association adds to records (扩展信息), stored in `AlumniRecord.extra`."""

    key = models.SlugField("字段标识", max_length=40, unique=True)
    label = models.CharField("字段名称", max_length=50)
    type = models.CharField("类型", max_length=10, choices=CustomFieldType.choices, default=CustomFieldType.TEXT)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "扩展字段"
        verbose_name_plural = "扩展字段"
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.label


class AlumniRecord(models.Model):
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices, blank=True, default="")
    birth_date = models.DateField("出生日期", null=True, blank=True)
    student_no = models.CharField("学号", max_length=30, blank=True, db_index=True)
    id_number = EncryptedCharField("身份证号", mask_kind="id_number")
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    class_year = models.PositiveIntegerField("入学年份", null=True, blank=True, db_index=True)
    graduation_year = models.PositiveIntegerField("毕业年份", null=True, blank=True, db_index=True)
    degree = models.CharField("学历", max_length=10, choices=Degree.choices, blank=True, default="")
    college_name = models.CharField("院系（原始）", max_length=100, blank=True)
    college = models.ForeignKey(College, null=True, blank=True, on_delete=models.SET_NULL, related_name="records", verbose_name="院系（现名）")
    major = models.CharField("专业（原始）", max_length=100, blank=True)
    major_canonical = models.CharField("专业（现名）", max_length=100, blank=True, db_index=True)
    phone = EncryptedCharField("手机号", mask_kind="phone")
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    email = EncryptedCharField("邮箱", mask_kind="email")
    region = models.CharField("所在地区", max_length=50, blank=True, db_index=True)
    industry = models.CharField("行业", max_length=50, blank=True, db_index=True)
    employer = models.CharField("工作单位", max_length=200, blank=True)
    first_employer = models.CharField("首份工作单位", max_length=200, blank=True)
    extra = models.JSONField("扩展信息", default=dict, blank=True)
    # {field: {"source": "1985 届学籍册", "date": "1985-07-01"}} for every field we hold.
    field_sources = models.JSONField("字段来源", default=dict, blank=True)
    source = models.CharField("来源", max_length=100, blank=True)
    is_deceased = models.BooleanField("已故", default=False, db_index=True)
    deceased_on = models.DateField("去世日期", null=True, blank=True)
    deceased_source = models.CharField("去世信息来源", max_length=200, blank=True)
    contact_opt_out = models.BooleanField("拒收短信", default=False)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_records", verbose_name="已并入")
    # Matching keys (see matching.name_keys): simplified name and every pinyin reading.
    name_simplified = models.CharField(max_length=50, blank=True, db_index=True, editable=False)
    name_keys = ArrayField(models.CharField(max_length=60), default=list, blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "校友档案"
        verbose_name_plural = "校友档案"
        ordering = ["-class_year", "name", "pk"]
        indexes = [
            GinIndex(fields=["name_keys"], name="alumni_rec_keys_gin"),
            GinIndex(fields=["name"], name="alumni_rec_name_trgm", opclasses=["gin_trgm_ops"]),
            models.Index(fields=["name_simplified", "class_year"], name="alumni_rec_name_year"),
            models.Index(fields=["name"], name="alumni_rec_name_prefix", opclasses=["varchar_pattern_ops"]),
        ]
        permissions = [
            ("import_alumnirecord", "导入校友档案"),
            ("export_alumnirecord", "导出校友档案"),
            ("merge_alumnirecord", "合并校友档案"),
            ("mark_deceased", "标记已故"),
            ("reveal_personal_data", "查看档案完整个人信息"),
            ("view_statistics", "查看校友统计"),
            ("invite_alumnirecord", "短信邀请校友"),
        ]

    def __str__(self) -> str:
        year = f"{self.class_year}级" if self.class_year else ""
        return f"{self.name} {year}".strip()


class MemberGroup(models.Model):
    """A grouping of members the office sets up (校友分组), e.g. 理事、联络员."""

    name = models.CharField("分组名称", max_length=50, unique=True)
    description = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "校友分组"
        verbose_name_plural = "校友分组"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    """A registered alumnus: the join application to the association and its verification."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alumni_member", verbose_name="账号")
    record = models.ForeignKey(AlumniRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="members", verbose_name="对应档案")
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices, blank=True, default="")
    birth_date = models.DateField("出生日期", null=True, blank=True)
    class_year = models.PositiveIntegerField("入学年份", null=True, blank=True)
    graduation_year = models.PositiveIntegerField("毕业年份", null=True, blank=True)
    degree = models.CharField("学历", max_length=10, choices=Degree.choices, blank=True, default="")
    college_name = models.CharField("院系", max_length=100, blank=True)
    major = models.CharField("专业", max_length=100, blank=True)
    region = models.CharField("所在地区", max_length=50, blank=True)
    industry = models.CharField("行业", max_length=50, blank=True)
    employer = models.CharField("工作单位", max_length=200, blank=True)
    answers = models.JSONField("入会申请", default=dict, blank=True)
    status = models.CharField("状态", max_length=10, choices=MemberStatus.choices, default=MemberStatus.PENDING, db_index=True)
    review_note = models.CharField("审核意见", max_length=200, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="审核人")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    verified_at = models.DateTimeField("认证时间", null=True, blank=True)
    groups = models.ManyToManyField(MemberGroup, blank=True, related_name="members", verbose_name="分组")
    qr_token = models.CharField(max_length=24, unique=True, default=new_token, editable=False)
    name_simplified = models.CharField(max_length=50, blank=True, editable=False)
    name_keys = ArrayField(models.CharField(max_length=60), default=list, blank=True, editable=False)
    created_at = models.DateTimeField("申请时间", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "注册校友"
        verbose_name_plural = "注册校友"
        ordering = ["-created_at", "-pk"]
        permissions = [("review_member", "审核入会申请")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.status == MemberStatus.APPROVED and self.record_id is not None

    @property
    def is_deceased(self) -> bool:
        return bool(self.record_id and self.record.is_deceased)


class MatchCandidate(models.Model):
    """A record that may be this member, with the score and the reasons shown to the reviewer."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="candidates")
    record = models.ForeignKey(AlumniRecord, on_delete=models.CASCADE, related_name="match_candidates")
    score = models.IntegerField("得分")
    reasons = models.JSONField("依据", default=list)
    status = models.CharField("状态", max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.PENDING, db_index=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "匹配候选"
        verbose_name_plural = "匹配候选"
        ordering = ["-score", "pk"]
        constraints = [models.UniqueConstraint(fields=["member", "record"], name="alumni_candidate_unique")]

    def __str__(self) -> str:
        return f"{self.member} ~ {self.record} ({self.score})"


class DuplicatePair(models.Model):
    """Two records the duplicate scan thinks are one person (a < b by id)."""

    record_a = models.ForeignKey(AlumniRecord, on_delete=models.CASCADE, related_name="+")
    record_b = models.ForeignKey(AlumniRecord, on_delete=models.CASCADE, related_name="+")
    score = models.IntegerField("得分")
    reasons = models.JSONField("依据", default=list)
    status = models.CharField("状态", max_length=10, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "疑似重复"
        verbose_name_plural = "疑似重复"
        ordering = ["-score", "pk"]
        constraints = [models.UniqueConstraint(fields=["record_a", "record_b"], name="alumni_duplicate_unique")]

    def __str__(self) -> str:
        return f"{self.record_a_id} ~ {self.record_b_id}"


class MergeLog(models.Model):
    """One merge: which values were kept, and the encrypted before-images that undo it."""

    survivor = models.ForeignKey(AlumniRecord, on_delete=models.CASCADE, related_name="merge_logs")
    absorbed = models.ForeignKey(AlumniRecord, on_delete=models.CASCADE, related_name="absorbed_logs")
    choices = models.JSONField("字段取值", default=dict)
    before = models.TextField("合并前（加密）", editable=False)
    moved_members = models.JSONField("转移的注册校友", default=list)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="操作人")
    created_at = models.DateTimeField("合并时间", auto_now_add=True)
    reversed_at = models.DateTimeField("撤销时间", null=True, blank=True)
    reversed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "合并记录"
        verbose_name_plural = "合并记录"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.absorbed_id} → #{self.survivor_id}"
