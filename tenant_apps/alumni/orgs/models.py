"""The alumni association (校友总会) and its chapters, in a tree.

Members of a chapter are members of the association (approving a chapter membership also
approves the association's). Chapter admins are invited by SMS or WeChat link with a role;
what a chapter admin sees is limited to the members of the chapters they run (the chapter
firewall, see selectors.members_visible); exporting them needs the association's approval."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from core.crypto import EncryptedCharField
from tenant_apps.alumni.orgs.enums import (
    AdminRole,
    AdminStatus,
    ExportStatus,
    MembershipStatus,
    OrgKind,
    ReviewMode,
)


def new_token() -> str:
    return secrets.token_urlsafe(18)


class Organization(models.Model):
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=OrgKind.choices, db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name="上级组织")
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    logo = models.FileField("LOGO", upload_to="alumni/orgs/", blank=True)
    introduction = models.TextField("介绍", blank=True)
    join_requirements = models.TextField("入会要求", blank=True)
    application_questions = models.JSONField("入会申请问题", default=list, blank=True, help_text="每行一个问题，申请人加入时填写")
    review_mode = models.CharField("审核方式", max_length=10, choices=ReviewMode.choices, default=ReviewMode.RECORDS)
    phone = models.CharField("电话", max_length=30, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    region = models.CharField("地区", max_length=50, blank=True, help_text="地方校友会：按校友所在地区推荐")
    industry = models.CharField("行业", max_length=50, blank=True, help_text="行业校友会：按校友所在行业推荐")
    colleges = models.ManyToManyField("alumni_records.College", blank=True, related_name="organizations", verbose_name="关联院系",
                                      help_text="认证校友按档案院系（含历史名称）推荐加入")
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "校友组织"
        verbose_name_plural = "校友组织"
        ordering = ["path", "sort_order", "pk"]
        permissions = [
            ("view_all_members", "查看所有组织的成员"),
            ("approve_export", "审批分会成员导出"),
            ("invite_admin", "邀请分会管理员"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_root(self) -> bool:
        return self.parent_id is None


class Membership(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships", verbose_name="组织")
    member = models.ForeignKey("alumni_records.Member", on_delete=models.CASCADE, related_name="memberships", verbose_name="校友")
    status = models.CharField("状态", max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.PENDING, db_index=True)
    answers = models.JSONField("申请回答", default=dict, blank=True)
    recommended = models.BooleanField("系统推荐加入", default=False)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField("审核意见", max_length=200, blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)

    class Meta:
        verbose_name = "组织成员"
        verbose_name_plural = "组织成员"
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["organization", "member"], name="alumni_membership_unique")]

    def __str__(self) -> str:
        return f"{self.member} @ {self.organization}"


class OrgAdmin(models.Model):
    """A chapter admin: invited by phone (SMS) or a WeChat link, active once they accept."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="admins", verbose_name="组织")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="alumni_org_roles", verbose_name="账号")
    name = models.CharField("姓名", max_length=50)
    phone = EncryptedCharField("手机号", mask_kind="phone")
    role = models.CharField("角色", max_length=10, choices=AdminRole.choices, default=AdminRole.ADMIN)
    channel = models.CharField("邀请方式", max_length=10, choices=[("sms", "短信"), ("wechat", "微信链接")], default="sms")
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    status = models.CharField("状态", max_length=10, choices=AdminStatus.choices, default=AdminStatus.INVITED, db_index=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("邀请时间", auto_now_add=True)
    accepted_at = models.DateTimeField("接受时间", null=True, blank=True)

    class Meta:
        verbose_name = "组织管理员"
        verbose_name_plural = "组织管理员"
        ordering = ["organization", "role", "pk"]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_role_display()} · {self.name}"


class ExportRequest(models.Model):
    """A chapter admin asks to export the chapter's members; the association decides. The file
    carries a watermark with the requester's name."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="export_requests", verbose_name="组织")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="申请人")
    reason = models.CharField("用途", max_length=200)
    status = models.CharField("状态", max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="审批人")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=200, blank=True)
    downloads = models.PositiveIntegerField("下载次数", default=0)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)

    class Meta:
        verbose_name = "成员导出申请"
        verbose_name_plural = "成员导出申请"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organization} 导出申请 #{self.pk}"
