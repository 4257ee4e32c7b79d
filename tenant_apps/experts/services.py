"""Writes for the expert library. Each service takes the actor, validates, audits in the same
transaction, and queues messages on commit (codes, SMS and e-mail go through messaging)."""

from __future__ import annotations

import datetime
import json
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from core.audit import audit_record, audit_record_many, snapshot
from core.crypto import blind_index
from core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from core.limits import limit_check
from core.masking import mask_default, mask_id_number, mask_phone
from tenant_apps.accounts.enums import UserKind
from tenant_apps.accounts.models import OrgUnit, User
from tenant_apps.accounts.services import user_create
from tenant_apps.experts import duties
from tenant_apps.experts.enums import (
    AvoidanceKind,
    CampaignStatus,
    ChangeStatus,
    ExpertSource,
    ExpertStatus,
    ParticipationKind,
    PointEvent,
    ReviewDecision,
)
from tenant_apps.experts.errors import ExpertError
from tenant_apps.experts.models import (
    AvoidanceUnit,
    Certificate,
    CertificateTemplate,
    ConfirmationCampaign,
    Domain,
    Expert,
    ExpertAttachment,
    ExpertConfirmation,
    ExpertLeave,
    ExpertReview,
    ExpertType,
    ExportPolicy,
    Participation,
    PointEntry,
    PointRule,
    ProfileChange,
    Recommendation,
    ReviewLevel,
    SavedSearch,
    Tag,
)
from tenant_apps.experts.search import document_tokens
from tenant_apps.experts.selectors import (
    EXPORT_FIELDS,
    can_reveal,
    can_review_level,
    library_settings,
    personal_data,
    review_levels,
    standard_domain_tree,
)

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
ID_NUMBER_RE = re.compile(r"^\d{17}[\dXx]$")
EXPERT_AUDIT_FIELDS = [
    "status", "review_level", "name", "gender", "birth_date", "phone", "id_number", "email", "employer", "position",
    "title", "title_level", "education", "specialty", "region", "postal_code", "address", "bank_name", "bank_account",
    "expert_type", "org_unit", "is_blacklisted", "blacklist_reason", "deleted_at", "frozen_at",
]
# Fields an expert or an admin edits as plain values (domains are handled apart).
PROFILE_FIELDS = [
    "name", "gender", "birth_date", "email", "employer", "position", "title", "title_level", "education",
    "specialty", "region", "postal_code", "address", "bank_name", "bank_account", "resume",
]
SECRET_PROFILE_FIELDS = {"bank_account", "id_number", "phone"}
ALLOWED_ATTACHMENT_TYPES = {".pdf": b"%PDF", ".jpg": b"\xff\xd8", ".jpeg": b"\xff\xd8", ".png": b"\x89PNG"}


# --- messaging gateway ---------------------------------------------------------------------


def _recipient(expert: Expert):
    from tenant_apps.messaging.recipients import Recipient

    user = expert.user
    return Recipient(
        user_id=user.pk if user else None, name=expert.name, phone=expert.phone, email=expert.email,
        openid=getattr(user, "wechat_openid", "") if user else "",
    )


def _notify_experts(*, experts: list[Expert], subject: str, body: str, channels: tuple[str, ...] = ("sms", "email"), actor=None) -> None:
    """Queue SMS/e-mail to experts once the transaction commits."""
    recipients = [_recipient(expert) for expert in experts]

    def send() -> None:
        from tenant_apps.messaging.services import message_send

        message_send(actor=actor, subject=subject, body=body, channels=list(channels), recipients=recipients, purpose="notice")

    transaction.on_commit(send)


def reviewer_user_ids() -> list[int]:
    """Admins who hear about applications and changes: superusers and holders of review_expert."""
    by_group = User.objects.filter(
        groups__permissions__codename="review_expert", groups__permissions__content_type__app_label="experts", is_active=True
    )
    by_user = User.objects.filter(user_permissions__codename="review_expert", is_active=True)
    supers = User.objects.filter(is_superuser=True, is_active=True)
    return sorted(set(by_group.values_list("pk", flat=True)) | set(by_user.values_list("pk", flat=True)) | set(supers.values_list("pk", flat=True)))


def _letter_admins(*, title: str, body: str, link: str = "", actor=None) -> None:
    ids = reviewer_user_ids()
    if not ids:
        return

    def send() -> None:
        from tenant_apps.messaging.services import letter_send

        letter_send(recipient_user_ids=ids, title=title, body=body, link=link, actor=actor)

    transaction.on_commit(send)


# --- helpers -------------------------------------------------------------------------------


def _clean(instance, *, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ApplicationError("信息不完整或格式错误。", fields=exc.message_dict) from exc


def _expert_snapshot(expert: Expert) -> dict[str, Any]:
    data = snapshot(expert, EXPERT_AUDIT_FIELDS)
    if expert.pk:
        data["domains"] = sorted(expert.domains.values_list("pk", flat=True))
    return data


def expert_refresh_search(expert: Expert) -> None:
    """Recompute the jieba tokens behind the full-text index (after name/employer/domains change)."""
    paths = list(expert.domains.values_list("path", flat=True))
    ids = {int(part) for path in paths for part in path.strip("/").split("/") if part}
    domain_names = list(Domain.objects.filter(pk__in=ids).values_list("name", flat=True))
    text = document_tokens([expert.name, expert.employer, expert.title, expert.position, expert.specialty, *domain_names])
    Expert.objects.filter(pk=expert.pk).update(search_text=text)


def _sync_account(expert: Expert) -> None:
    """The expert's login account carries their name and e-mail, so the H5 greets them by name
    (not `expert_98a3…`) and shows the e-mail they gave as bound."""
    if not expert.user_id:
        return
    user = expert.user
    fields = []
    if expert.name and user.display_name != expert.name:
        user.display_name = expert.name
        fields.append("display_name")
    if expert.email and not user.email and not User.objects.filter(email_hash=blind_index(expert.email)).exclude(pk=user.pk).exists():
        user.email = expert.email
        fields.append("email")
    if fields:
        user.save(update_fields=fields)


def check_phone_free(*, phone: str, exclude_pk: int | None = None) -> None:
    if not phone:
        return
    if not PHONE_RE.match(phone):
        raise ApplicationError("手机号格式不正确。", code=ExpertError.PHONE_TAKEN, fields={"phone": ["请输入 11 位手机号。"]})
    others = Expert.objects.filter(phone_hash=blind_index(phone))
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    other = others.first()
    if other is not None:
        where = "已删除专家名单" if other.deleted_at else "专家库"
        raise Conflict(
            f"手机号 {mask_phone(phone)} 已被{where}中的专家“{other.name or '未填写姓名'}”（编号 {other.pk}）使用，请勿重复录入。",
            code=ExpertError.PHONE_TAKEN, fields={"phone": ["该手机号已存在。"]},
        )


def check_id_number_free(*, id_number: str, exclude_pk: int | None = None) -> None:
    if not id_number:
        return
    if not ID_NUMBER_RE.match(id_number):
        raise ApplicationError("身份证号格式不正确。", fields={"id_number": ["请输入 18 位身份证号。"]})
    others = Expert.objects.filter(id_number_hash=blind_index(id_number))
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise Conflict(f"身份证号 {mask_id_number(id_number)} 已在专家库中。", code=ExpertError.ID_NUMBER_TAKEN, fields={"id_number": ["该身份证号已存在。"]})


def _sync_employer_avoidance(expert: Expert, old_employer: str) -> None:
    """The current employer is always an avoidance unit; a previous one stays as former."""
    new = (expert.employer or "").strip()
    old = (old_employer or "").strip()
    if old and old != new:
        AvoidanceUnit.objects.filter(expert=expert, name=old).update(kind=AvoidanceKind.FORMER_EMPLOYER)
    if new:
        AvoidanceUnit.objects.filter(expert=expert, kind=AvoidanceKind.CURRENT_EMPLOYER).exclude(name=new).update(kind=AvoidanceKind.FORMER_EMPLOYER)
        unit, created = AvoidanceUnit.objects.get_or_create(expert=expert, name=new, defaults={"kind": AvoidanceKind.CURRENT_EMPLOYER})
        if not created and unit.kind != AvoidanceKind.CURRENT_EMPLOYER:
            unit.kind = AvoidanceKind.CURRENT_EMPLOYER
            unit.save(update_fields=["kind"])


def _apply_values(expert: Expert, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if name == "domains":
            continue
        if name == "birth_date" and isinstance(value, str):
            value = datetime.date.fromisoformat(value) if value else None
        setattr(expert, name, value)


def _set_domains(expert: Expert, domain_ids: list[int] | None) -> None:
    if domain_ids is None:
        return
    domains = list(Domain.objects.filter(pk__in=domain_ids))
    expert.domains.set(domains)
    experts_refresh_domain_ids(expert_ids=[expert.pk])
    expert.refresh_from_db(fields=["domain_ids"])


_REFRESH_DOMAIN_IDS_SQL = """
UPDATE {expert} AS e SET domain_ids = COALESCE((
    SELECT array_agg(DISTINCT part::bigint ORDER BY part::bigint)
    FROM {through} ed JOIN {domain} d ON d.id = ed.domain_id
    CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from d.path), '/')) AS part
    WHERE ed.expert_id = e.id AND part <> ''
), '{{}}')
WHERE e.id = ANY(%s)
"""


def experts_refresh_domain_ids(*, expert_ids: list[int]) -> None:
    """Recompute the denormalised `domain_ids` (domains plus ancestors) from the domain paths,
    after an expert's domains change or a domain moves in the tree. No audit: derived data."""
    if not expert_ids:
        return
    sql = _REFRESH_DOMAIN_IDS_SQL.format(
        expert=connection.ops.quote_name(Expert._meta.db_table),
        through=connection.ops.quote_name(Expert.domains.through._meta.db_table),
        domain=connection.ops.quote_name(Domain._meta.db_table),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(expert_ids)])


# --- domains, tags, types, settings --------------------------------------------------------


@transaction.atomic
def domain_save(*, actor, domain: Domain | None = None, name: str, parent: Domain | None = None, sort_order: int = 0) -> Domain:
    """Create or rename a domain; the tree has at most three levels."""
    if parent is not None and parent.level >= 3:
        raise ApplicationError("专业领域最多三级。", code=ExpertError.DOMAIN_DEPTH)
    before = snapshot(domain) if domain else None
    domain = domain or Domain()
    if domain.pk and parent is not None and parent.path.startswith(domain.path):
        raise ApplicationError("不能把领域移到它自己的下级。", code=ExpertError.DOMAIN_DEPTH)
    old_path, old_level = domain.path, domain.level
    if old_path and (parent.level if parent else 0) + 1 + _subtree_depth(domain) > 3:
        raise ApplicationError("移动后专业领域将超过三级。", code=ExpertError.DOMAIN_DEPTH)
    domain.name, domain.parent, domain.sort_order = name.strip(), parent, sort_order
    domain.level = parent.level + 1 if parent else 1
    _clean(domain, exclude=["path"])
    if Domain.objects.filter(parent=parent, name=domain.name).exclude(pk=domain.pk).exists():
        raise Conflict("同一上级下已有同名领域。", fields={"name": ["名称重复。"]})
    domain.save()
    domain.path = f"{parent.path if parent else '/'}{domain.pk}/"
    domain.save(update_fields=["path"])
    if old_path and old_path != domain.path:
        _move_subtree(old_path=old_path, new_path=domain.path, level_change=domain.level - old_level)
    audit_record(actor=actor, action="experts.domain.save", target=domain, before=before, after=snapshot(domain))
    return domain


@transaction.atomic
def domain_tree_import_standard(*, actor) -> int:
    """Add the standard domain tree (tenants/_default/experts/domains.json) next to what the bureau
    already has; existing names under the same parent are kept. Returns how many were added."""
    added = 0

    def ensure(name: str, parent: Domain | None, order: int) -> Domain:
        nonlocal added
        domain = Domain.objects.filter(parent=parent, name=name).first()
        if domain is None:
            domain = Domain.objects.create(parent=parent, name=name, level=parent.level + 1 if parent else 1, sort_order=order)
            domain.path = f"{parent.path if parent else '/'}{domain.pk}/"
            domain.save(update_fields=["path"])
            added += 1
        return domain

    for i, (top, seconds) in enumerate(standard_domain_tree().items()):
        first = ensure(top, None, i)
        for j, (second_name, thirds) in enumerate(seconds.items()):
            second = ensure(second_name, first, j)
            for k, third_name in enumerate(thirds):
                ensure(third_name, second, k)
    audit_record(actor=actor, action="experts.domain.import_standard", after={"added": added})
    return added


def _subtree_depth(domain: Domain) -> int:
    """Levels below `domain` (0 for a leaf)."""
    deepest = Domain.objects.filter(path__startswith=domain.path).aggregate(level=Max("level"))["level"] or domain.level
    return deepest - domain.level


def _move_subtree(*, old_path: str, new_path: str, level_change: int) -> None:
    """A domain moved: its descendants' paths and levels follow, and so do the ancestry arrays
    of every expert in the moved branch."""
    Domain.objects.filter(path__startswith=old_path).exclude(path=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)), level=F("level") + level_change,
    )
    moved = Domain.objects.filter(path__startswith=new_path).values("pk")
    expert_ids = list(Expert.domains.through.objects.filter(domain_id__in=moved).values_list("expert_id", flat=True).distinct())
    experts_refresh_domain_ids(expert_ids=expert_ids)


@transaction.atomic
def domain_delete(*, actor, domain: Domain) -> None:
    if domain.children.exists() or domain.experts.exists():
        raise ApplicationError("该领域下还有子领域或专家，不能删除。", code=ExpertError.DOMAIN_IN_USE)
    audit_record(actor=actor, action="experts.domain.delete", target=domain, before=snapshot(domain), after=None, only_changes=False)
    domain.delete()


@transaction.atomic
def tag_save(*, actor, tag: Tag | None = None, name: str, color: str = "#c8102e") -> Tag:
    before = snapshot(tag) if tag else None
    tag = tag or Tag()
    tag.name, tag.color = name.strip(), color or "#c8102e"
    _clean(tag)
    tag.save()
    audit_record(actor=actor, action="experts.tag.save", target=tag, before=before, after=snapshot(tag))
    return tag


@transaction.atomic
def tag_delete(*, actor, tag: Tag) -> None:
    audit_record(actor=actor, action="experts.tag.delete", target=tag, before=snapshot(tag), after=None, only_changes=False)
    tag.delete()


@transaction.atomic
def expert_type_save(*, actor, expert_type: ExpertType | None = None, name: str, sort_order: int = 0) -> ExpertType:
    before = snapshot(expert_type) if expert_type else None
    expert_type = expert_type or ExpertType()
    expert_type.name, expert_type.sort_order = name.strip(), sort_order
    _clean(expert_type)
    expert_type.save()
    audit_record(actor=actor, action="experts.type.save", target=expert_type, before=before, after=snapshot(expert_type))
    return expert_type


@transaction.atomic
def library_settings_update(*, actor, reveal_hours_before: int, sensitive_fields: list[str], registration_open: bool, max_attachment_mb: int,
                            separation_of_duties: bool | None = None):
    settings_row = library_settings()
    before = snapshot(settings_row)
    if separation_of_duties is not None:
        settings_row.separation_of_duties = separation_of_duties
    settings_row.reveal_hours_before = reveal_hours_before
    settings_row.sensitive_fields = [f for f in sensitive_fields if f in PROFILE_FIELDS or f == "domains"]
    settings_row.registration_open = registration_open
    settings_row.max_attachment_mb = max(1, min(max_attachment_mb, 50))
    _clean(settings_row)
    settings_row.save()
    audit_record(actor=actor, action="experts.settings.update", target=settings_row, before=before, after=snapshot(settings_row))
    return settings_row


@transaction.atomic
def review_levels_replace(*, actor, levels: list[tuple[str, Group | None]]) -> list[ReviewLevel]:
    """Set the admission review chain, in order (e.g. 专家委员会审核 → 总管理员审核)."""
    if Expert.objects.filter(status=ExpertStatus.PENDING, review_level__gt=len(levels)).exists():
        raise ApplicationError("有专家正处于将被删除的审核级，请先处理后再调整审核流程。", code=ExpertError.WRONG_STATE)
    before = {"levels": [(lv.name, lv.group_id) for lv in review_levels()]}
    ReviewLevel.objects.all().delete()
    created = [ReviewLevel.objects.create(order=i, name=name.strip(), group=group) for i, (name, group) in enumerate(levels, start=1) if name.strip()]
    audit_record(actor=actor, action="experts.review_levels.replace", object_type="experts.reviewlevel", before=before,
                 after={"levels": [(lv.name, lv.group_id) for lv in created]})
    return created


@transaction.atomic
def export_policy_save(*, actor, group: Group, fields: list[str]) -> ExportPolicy:
    policy, _ = ExportPolicy.objects.get_or_create(group=group)
    before = {"fields": policy.fields}
    policy.fields = [f for f in EXPORT_FIELDS if f in fields]
    policy.save()
    audit_record(actor=actor, action="experts.export_policy.save", target=policy, object_label=group.name, before=before, after={"fields": policy.fields})
    return policy


# --- registration (X1, X2) -----------------------------------------------------------------


def _channel_for(target: str) -> str:
    target = target.strip()
    if "@" in target:
        try:
            validate_email(target)
        except ValidationError as exc:
            raise ApplicationError("邮箱格式不正确。", fields={"target": ["请输入正确的邮箱。"]}) from exc
        return "email"
    if not PHONE_RE.match(target):
        raise ApplicationError("请输入正确的 11 位手机号或邮箱。", fields={"target": ["格式不正确。"]})
    return "sms"


def registration_code_send(*, target: str) -> str:
    """Send a login/registration code to a phone (SMS) or e-mail; returns the channel. Experts
    already in the library (with or without an account) get their code even when self-service
    registration is closed: they sign in or claim their record with it."""
    from tenant_apps.messaging.services import verification_code_send

    channel = _channel_for(target)
    known = channel == "sms" and (Expert.objects.filter(phone_hash=blind_index(target.strip()), deleted_at__isnull=True).exists()
                                  or User.objects.filter(phone_hash=blind_index(target.strip()), kind=UserKind.EXPERT).exists())
    if not known and not library_settings().registration_open:
        raise ApplicationError("专家自助申请暂未开放。", code=ExpertError.REGISTRATION_CLOSED)
    verification_code_send(target=target.strip().lower() if channel == "email" else target.strip(), channel=channel, purpose="login")
    return channel


def recommendation_for_token(token: str) -> Recommendation | None:
    return Recommendation.objects.select_related("recommender").filter(token=token, accepted_expert__isnull=True).first() if token else None


@transaction.atomic
def registration_login(*, target: str, code: str, invite_token: str = "") -> User:
    """Check the code and return the expert's account, creating the account and a draft
    application on first use (source: self, or recommended when an invitation token is given)."""
    from tenant_apps.messaging.services import verification_code_verify

    channel = _channel_for(target)
    target = target.strip().lower() if channel == "email" else target.strip()
    if not verification_code_verify(target=target, purpose="login", code=code.strip()):
        raise ApplicationError("验证码错误或已过期。", code=ExpertError.INVALID_CODE, fields={"code": ["验证码不正确。"]})
    users = User.objects.filter(phone_hash=blind_index(target)) if channel == "sms" else User.objects.filter(email_hash=blind_index(target))
    user = users.first()
    if user is not None:
        if user.kind != UserKind.EXPERT:
            raise ApplicationError("该手机号/邮箱已用于其他类型账号，请使用其他手机号或联系管理员。", code=ExpertError.PHONE_TAKEN)
        if not hasattr(user, "expert_profile"):
            _expert_for_user(user=user, channel=channel, target=target, invite_token=invite_token)
        return user
    if channel == "sms":
        claimed = _expert_claim(phone=target)
        if claimed is not None:
            return claimed
    if not library_settings().registration_open:
        raise ApplicationError("专家自助申请暂未开放。", code=ExpertError.REGISTRATION_CLOSED)
    if channel == "sms":
        check_phone_free(phone=target)
    user = user_create(
        actor=None, username=f"expert_{secrets.token_hex(6)}", kind=UserKind.EXPERT,
        phone=target if channel == "sms" else "", email=target if channel == "email" else "",
    )
    _expert_for_user(user=user, channel=channel, target=target, invite_token=invite_token)
    return user


def _expert_claim(*, phone: str) -> User | None:
    """An expert the bureau added or imported (no login account yet) claims their record: the
    code just sent to the record's phone proves it is theirs, so the account is created and
    linked, and they go on to their profile instead of being told the phone is taken."""
    expert = Expert.objects.filter(phone_hash=blind_index(phone), user__isnull=True, deleted_at__isnull=True).first()
    if expert is None:
        return None
    email = expert.email if expert.email and not User.objects.filter(email_hash=blind_index(expert.email)).exists() else ""
    user = user_create(actor=None, username=f"expert_{secrets.token_hex(6)}", kind=UserKind.EXPERT, display_name=expert.name, phone=phone, email=email)
    expert.user = user
    expert.save(update_fields=["user", "updated_at"])
    audit_record(actor=user, action="experts.expert.claim", target=expert, after={"channel": "sms"}, only_changes=False)
    return user


def _expert_for_user(*, user: User, channel: str, target: str, invite_token: str) -> Expert:
    invitation = recommendation_for_token(invite_token)
    expert = Expert(
        user=user, status=ExpertStatus.DRAFT, phone=target if channel == "sms" else "", email=target if channel == "email" else "",
        source=ExpertSource.RECOMMENDED if invitation else ExpertSource.SELF,
        recommended_by=invitation.recommender if invitation else None, name=invitation.name if invitation else "",
    )
    expert.save()
    if invitation:
        invitation.accepted_expert = expert
        invitation.save(update_fields=["accepted_expert"])
    audit_record(actor=user, action="experts.expert.register", target=expert, before=None, after=_expert_snapshot(expert), only_changes=False)
    return expert


STEP_FIELDS = {
    1: ["name", "gender", "birth_date", "id_number", "email", "phone"],
    2: ["employer", "position", "title", "title_level", "education", "specialty", "region", "address", "postal_code"],
    3: ["domains", "resume"],
    4: [],  # attachments
}


INTEGRITY_PLEDGE = (
    "本人承诺：所填信息和提交的材料真实、准确、完整；受邀评审时客观公正、廉洁自律，严格遵守回避和保密规定，"
    "不收受项目相关单位和人员的财物，不泄露评审信息；如有违反，愿接受暂停或取消专家资格等处理。"
)


@transaction.atomic
def expert_draft_save(*, actor, expert: Expert, step: int, values: dict[str, Any], privacy_consent: bool = False) -> Expert:
    """Save one step of the application form (a draft until submitted)."""
    if expert.status not in (ExpertStatus.DRAFT, ExpertStatus.REJECTED):
        raise ApplicationError("申请已提交，不能再修改草稿。", code=ExpertError.WRONG_STATE)
    before = _expert_snapshot(expert)
    fields = STEP_FIELDS.get(step, [])
    values = {k: v for k, v in values.items() if k in fields}
    if "phone" in values and values["phone"] != expert.phone:
        if expert.user and expert.user.phone and values["phone"] != expert.user.phone:
            values.pop("phone")  # the verified login phone is not changed here
        else:
            check_phone_free(phone=values["phone"], exclude_pk=expert.pk)
    if privacy_consent and expert.privacy_consented_at is None:
        expert.privacy_consented_at = timezone.now()
    if values.get("id_number") and expert.privacy_consented_at is None:
        raise ApplicationError("填写身份证号前，请先阅读并同意《个人信息处理说明》。", code=ExpertError.CONSENT_REQUIRED,
                               fields={"privacy_consent": ["请勾选同意。"]})
    if "id_number" in values:
        values["id_number"] = values["id_number"].strip().upper()
        check_id_number_free(id_number=values["id_number"], exclude_pk=expert.pk)
    domain_ids = values.pop("domains", None)
    _apply_values(expert, values)
    expert.draft_step = max(expert.draft_step, min(step + 1, 5))
    _clean(expert, exclude=["user", "search_text"])
    expert.save()
    _set_domains(expert, domain_ids)
    expert_refresh_search(expert)
    _sync_account(expert)
    audit_record(actor=actor, action="experts.expert.draft_save", target=expert, before=before, after=_expert_snapshot(expert))
    return expert


def attachment_check(*, uploaded: UploadedFile) -> None:
    limit = library_settings().max_attachment_mb
    if uploaded.size > limit * 1024 * 1024:
        raise ApplicationError(f"文件不能超过 {limit} MB。", code=ExpertError.ATTACHMENT_TOO_LARGE, fields={"file": ["文件过大。"]})
    name = (uploaded.name or "").lower()
    extension = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    magic = ALLOWED_ATTACHMENT_TYPES.get(extension)
    head = uploaded.read(8)
    uploaded.seek(0)
    if magic is None or not head.startswith(magic):
        raise ApplicationError("只支持 PDF、JPG、PNG 文件。", code=ExpertError.ATTACHMENT_TYPE, fields={"file": ["文件类型不支持。"]})


@transaction.atomic
def attachment_add(*, actor, expert: Expert, kind: str, uploaded: UploadedFile) -> ExpertAttachment:
    attachment_check(uploaded=uploaded)
    attachment = ExpertAttachment(expert=expert, kind=kind, original_name=(uploaded.name or "file")[:200], size=uploaded.size)
    attachment.file.save(uploaded.name, uploaded, save=False)
    _clean(attachment)
    attachment.save()
    audit_record(actor=actor, action="experts.attachment.add", target=expert, after={"attachment": attachment.original_name, "kind": kind})
    return attachment


@transaction.atomic
def attachment_delete(*, actor, attachment: ExpertAttachment) -> None:
    audit_record(actor=actor, action="experts.attachment.delete", target=attachment.expert, before={"attachment": attachment.original_name}, after=None, only_changes=False)
    attachment.file.delete(save=False)
    attachment.delete()


def missing_for_submit(expert: Expert) -> list[str]:
    missing = []
    for field_name, label in (("name", "姓名"), ("employer", "工作单位"), ("title", "职称")):
        if not getattr(expert, field_name):
            missing.append(label)
    if not (expert.phone or expert.email):
        missing.append("手机号或邮箱")
    if not expert.domains.exists():
        missing.append("专业领域")
    return missing


@transaction.atomic
def expert_submit(*, actor, expert: Expert, pledge: bool = False) -> Expert:
    """Send a complete application into the first review level; admins get an in-app letter.
    The expert signs the integrity pledge (诚信承诺) with the submission."""
    if expert.status not in (ExpertStatus.DRAFT, ExpertStatus.REJECTED):
        raise ApplicationError("申请已提交。", code=ExpertError.WRONG_STATE)
    if not pledge and expert.pledge_signed_at is None:
        raise ApplicationError("提交前请阅读并签署诚信承诺。", code=ExpertError.PLEDGE_REQUIRED, fields={"pledge": ["请勾选诚信承诺。"]})
    missing = missing_for_submit(expert)
    if missing:
        raise ApplicationError("请先填写：" + "、".join(missing), code=ExpertError.INCOMPLETE)
    before = _expert_snapshot(expert)
    levels = review_levels()
    expert.status = ExpertStatus.PENDING
    expert.review_level = levels[0].order if levels else 1
    expert.submitted_at = timezone.now()
    if expert.pledge_signed_at is None:
        expert.pledge_signed_at = expert.submitted_at
    expert.save(update_fields=["status", "review_level", "submitted_at", "pledge_signed_at", "updated_at"])
    audit_record(actor=actor, action="experts.expert.submit", target=expert, before=before, after=_expert_snapshot(expert))
    _letter_admins(title="新的专家入库申请", body=f"{expert.name}（{expert.employer}）提交了入库申请，请审核。", link=f"/admin-ui/experts/{expert.pk}/", actor=actor)
    return expert


@transaction.atomic
def expert_review(*, actor, expert: Expert, decision: str, note: str = "") -> Expert:
    """Decide at the expert's current review level; approval at the last level admits the
    expert (certificate issued, points awarded) and the result goes out by SMS/e-mail."""
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    if expert.status != ExpertStatus.PENDING:
        raise ApplicationError("该专家不在审核中。", code=ExpertError.WRONG_STATE)
    if not can_review_level(actor, expert.review_level):
        raise PermissionDenied("您不是当前审核级的审核人。", code=ExpertError.NOT_YOUR_LEVEL)
    if decision not in ReviewDecision.values:
        raise ApplicationError("请选择审核结论。", fields={"decision": ["必填。"]})
    if decision == ReviewDecision.REJECT and not note.strip():
        raise ApplicationError("驳回时请填写意见。", fields={"note": ["必填。"]})
    if decision == ReviewDecision.APPROVE:
        # Approvals of the other levels in this round (since the last rejection or return).
        reviews = ExpertReview.objects.filter(expert=expert).exclude(level=expert.review_level).order_by("-created_at")
        round_signers = []
        for review in reviews.select_related("reviewer"):
            if review.decision != ReviewDecision.APPROVE:
                break
            round_signers.append(review.reviewer)
        duties.check_second_signature(actor=actor, earlier_signers=round_signers)
    before = _expert_snapshot(expert)
    levels = review_levels()
    current = next((lv for lv in levels if lv.order == expert.review_level), None)
    ExpertReview.objects.create(
        expert=expert, level=expert.review_level, level_name=current.name if current else "管理员审核",
        decision=decision, note=note.strip()[:300], reviewer=actor,
    )
    next_level = next((lv for lv in levels if lv.order > expert.review_level), None)
    if decision == ReviewDecision.REJECT:
        expert.status = ExpertStatus.REJECTED
        expert.save(update_fields=["status", "updated_at"])
        _notify_experts(experts=[expert], subject="专家入库审核结果", body=f"{expert.name}您好，您的专家入库申请未通过审核。意见：{note.strip()}。您可修改后重新提交。", actor=actor)
    elif next_level is not None:
        expert.review_level = next_level.order
        expert.save(update_fields=["review_level", "updated_at"])
    else:
        expert.status = ExpertStatus.APPROVED
        expert.approved_at = timezone.now()
        expert.save(update_fields=["status", "approved_at", "updated_at"])
        _sync_employer_avoidance(expert, "")
        points_award(expert=expert, event=PointEvent.APPROVED, reference="approved")
        if expert.recommended_by_id:
            points_award(expert=expert.recommended_by, event=PointEvent.RECOMMENDED, reference=f"recommended:{expert.pk}")
        certificate_issue(actor=actor, expert=expert)
        _notify_experts(experts=[expert], subject="专家入库审核结果", body=f"{expert.name}您好，您已通过审核，正式入选专家库。电子证书可在个人中心下载。", actor=actor)
    audit_record(actor=actor, action=f"experts.expert.review.{decision}", target=expert, before=before, after=_expert_snapshot(expert))
    return expert


@transaction.atomic
def recommendation_send(*, actor, recommender: Expert, name: str, email: str, phone: str = "", join_url: str) -> Recommendation:
    """An expert invites a peer; the e-mail carries a link with the invitation token."""
    if recommender.status != ExpertStatus.APPROVED:
        raise ApplicationError("正式入库后才能推荐专家。", code=ExpertError.WRONG_STATE)
    invitation = Recommendation(recommender=recommender, name=name.strip(), email=email.strip(), phone=phone.strip())
    _clean(invitation)
    invitation.save()
    link = f"{join_url}?invite={invitation.token}"
    body = f"{invitation.name}您好，{recommender.name}推荐您申请加入评审专家库。请打开链接完成申请：{link}"

    def send() -> None:
        from tenant_apps.messaging.recipients import Recipient
        from tenant_apps.messaging.services import message_send

        message_send(actor=actor, subject="专家库入库邀请", body=body, channels=["email"], recipients=[Recipient(name=invitation.name, email=invitation.email)], purpose="notice")

    transaction.on_commit(send)
    audit_record(actor=actor, action="experts.recommendation.send", target=recommender, after={"invited": invitation.name, "email": invitation.email})
    return invitation


# --- bureau: add, import (X9) --------------------------------------------------------------


@dataclass
class ExpertInput:
    name: str
    phone: str
    employer: str
    title: str
    email: str = ""
    gender: str = ""
    id_number: str = ""
    position: str = ""
    title_level: str = ""
    education: str = ""
    specialty: str = ""
    region: str = ""
    domain_ids: tuple[int, ...] = ()
    tag_ids: tuple[int, ...] = ()
    expert_type: ExpertType | None = None
    org_unit: OrgUnit | None = None


@transaction.atomic
def expert_create(*, actor, data: ExpertInput, source: str = ExpertSource.ADMIN, create_account: bool = True, notify: bool = True) -> Expert:
    """Add an approved expert (bureau entry); the phone identifies the person (no duplicates)."""
    limit_check(key="experts", current_count=Expert.objects.filter(deleted_at__isnull=True).count())
    check_phone_free(phone=data.phone)
    if not data.phone:
        raise ApplicationError("请填写手机号。", fields={"phone": ["必填。"]})
    check_id_number_free(id_number=data.id_number.strip().upper())
    expert = Expert(
        status=ExpertStatus.APPROVED, approved_at=timezone.now(), source=source, name=data.name.strip(), phone=data.phone.strip(),
        employer=data.employer.strip(), title=data.title.strip(), email=data.email.strip(), gender=data.gender,
        id_number=data.id_number.strip().upper(), position=data.position.strip(), title_level=data.title_level,
        education=data.education.strip(), specialty=data.specialty.strip(), region=data.region.strip(),
        expert_type=data.expert_type, org_unit=data.org_unit,
    )
    _clean(expert, exclude=["user", "search_text"])
    if create_account:
        if User.objects.filter(phone_hash=blind_index(expert.phone)).exists():
            raise Conflict(f"手机号 {mask_phone(expert.phone)} 已被系统中的其他账号使用。", code=ExpertError.PHONE_TAKEN, fields={"phone": ["该手机号已有账号。"]})
        email = expert.email if expert.email and not User.objects.filter(email_hash=blind_index(expert.email)).exists() else ""
        expert.user = user_create(actor=actor, username=f"expert_{secrets.token_hex(6)}", display_name=expert.name, phone=expert.phone, email=email, kind=UserKind.EXPERT)
    expert.save()
    _set_domains(expert, list(data.domain_ids))
    if data.tag_ids:
        expert.tags.set(Tag.objects.filter(pk__in=data.tag_ids))
    _sync_employer_avoidance(expert, "")
    expert_refresh_search(expert)
    audit_record(actor=actor, action="experts.expert.create", target=expert, before=None, after=_expert_snapshot(expert), only_changes=False)
    if notify and create_account:
        _notify_experts(
            experts=[expert], subject="专家库入库通知", actor=actor,
            body=f"{expert.name}您好，您已被录入评审专家库。请在手机上打开专家个人中心，使用本手机号{'或邮箱' if expert.email else ''}接收验证码登录。",
        )
    return expert


# --- changes (X3) --------------------------------------------------------------------------


def _display_value(name: str, value: Any) -> Any:
    if name in SECRET_PROFILE_FIELDS and value:
        return mask_default(str(value)) if name == "bank_account" else mask_phone(str(value))
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@transaction.atomic
def expert_change(*, actor, expert: Expert, values: dict[str, Any], by_admin: bool) -> list[ProfileChange]:
    """Change an expert's data with history. Admins apply at once; an expert's changes to the
    bureau's sensitive fields wait for approval, the rest apply at once. Admins get a letter."""
    from tenant_apps.experts.selectors import sensitive_fields

    values = {k: v for k, v in values.items() if k in PROFILE_FIELDS or k == "domains"}
    current_domains = sorted(expert.domains.values_list("pk", flat=True))
    changed: dict[str, tuple[Any, Any]] = {}
    for name, value in values.items():
        old = current_domains if name == "domains" else getattr(expert, name)
        if name == "domains":
            value = sorted(int(v) for v in value)
        if name == "birth_date" and isinstance(value, str):
            value = datetime.date.fromisoformat(value) if value else None
        if name in SECRET_PROFILE_FIELDS and not value:
            continue  # blank secret input means "keep"
        if (old or "") != (value or ""):
            changed[name] = (old, value)
    if not changed:
        raise ApplicationError("没有需要保存的修改。", code=ExpertError.NOTHING_CHANGED)
    sensitive = set() if by_admin or expert.status != ExpertStatus.APPROVED else set(sensitive_fields())
    groups = {
        ChangeStatus.APPLIED: {k: v for k, v in changed.items() if k not in sensitive},
        ChangeStatus.PENDING: {k: v for k, v in changed.items() if k in sensitive},
    }
    records = []
    for status, items in groups.items():
        if not items:
            continue
        before_all = _expert_snapshot(expert)
        record = ProfileChange(
            expert=expert, status=status, requested_by=actor,
            before={k: _display_value(k, old) for k, (old, _) in items.items()},
            after={k: _display_value(k, new) for k, (_, new) in items.items()},
            secret_values=json.dumps({k: new for k, (_, new) in items.items() if k in SECRET_PROFILE_FIELDS}),
        )
        record.save()
        if status == ChangeStatus.APPLIED:
            _apply_change(expert, {k: new for k, (_, new) in items.items()})
        audit_record(actor=actor, action=f"experts.expert.change.{status}", target=expert, before=before_all, after=_expert_snapshot(expert))
        records.append(record)
    if not by_admin:
        pending = groups[ChangeStatus.PENDING]
        body = f"专家{expert.name}更新了个人信息：" + "、".join(Expert._meta.get_field(k).verbose_name if k != "domains" else "专业领域" for k in changed)
        body += "；其中需审核的变更请及时处理。" if pending else "。"
        _letter_admins(title="专家信息变更", body=body, link=f"/admin-ui/experts/{expert.pk}/", actor=actor)
    return records


def _apply_change(expert: Expert, values: dict[str, Any]) -> None:
    old_employer = expert.employer
    domain_ids = values.get("domains")
    _apply_values(expert, values)
    _clean(expert, exclude=["user", "search_text"])
    expert.save()
    _set_domains(expert, domain_ids)
    if "employer" in values:
        _sync_employer_avoidance(expert, old_employer)
    expert_refresh_search(expert)
    _sync_account(expert)


@transaction.atomic
def change_review(*, actor, change: ProfileChange, approve: bool, note: str = "") -> ProfileChange:
    change = ProfileChange.objects.select_for_update().select_related("expert").get(pk=change.pk)
    if change.status != ChangeStatus.PENDING:
        raise ApplicationError("该变更已处理。", code=ExpertError.WRONG_STATE)
    expert = change.expert
    before = _expert_snapshot(expert)
    if approve:
        values = dict(change.after)
        values.update(json.loads(change.secret_values or "{}"))
        _apply_change(expert, values)
    change.status = ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED
    change.reviewed_by, change.reviewed_at, change.review_note = actor, timezone.now(), note.strip()[:300]
    change.secret_values = ""
    change.save()
    audit_record(actor=actor, action=f"experts.change.{'approve' if approve else 'reject'}", target=expert, before=before, after=_expert_snapshot(expert))
    result = "已通过" if approve else f"未通过（{note.strip() or '无意见'}）"
    _notify_experts(experts=[expert], subject="信息变更审核结果", body=f"{expert.name}您好，您提交的信息变更{result}。", channels=("sms",), actor=actor)
    return change


@transaction.atomic
def expert_phone_set(*, actor, expert: Expert, phone: str) -> Expert:
    """Admins change the identifying phone (kept unique); the account follows."""
    before = _expert_snapshot(expert)
    check_phone_free(phone=phone, exclude_pk=expert.pk)
    expert.phone = phone
    expert.save()
    if expert.user_id:
        user = expert.user
        user.phone = phone
        user.save()
    audit_record(actor=actor, action="experts.expert.phone", target=expert, before=before, after=_expert_snapshot(expert))
    return expert


@transaction.atomic
def expert_type_set(*, actor, expert: Expert, expert_type: ExpertType | None) -> Expert:
    """Admins set (or clear) an expert's type; nothing happens when it is already that type."""
    if expert.expert_type_id == (expert_type.pk if expert_type else None):
        return expert
    before = _expert_snapshot(expert)
    expert.expert_type = expert_type
    expert.save(update_fields=["expert_type", "updated_at"])
    audit_record(actor=actor, action="experts.expert.type", target=expert, before=before, after=_expert_snapshot(expert))
    return expert


# --- bureau actions: tags, black list, deletion (X11, X14) ---------------------------------


@transaction.atomic
def experts_tag(*, actor, experts: list[Expert], tag: Tag, add: bool = True) -> int:
    for expert in experts:
        (expert.tags.add if add else expert.tags.remove)(tag)
        audit_record(actor=actor, action=f"experts.expert.tag.{'add' if add else 'remove'}", target=expert, after={"tag": tag.name})
    return len(experts)


@transaction.atomic
def experts_blacklist(*, actor, experts: list[Expert], reason: str) -> int:
    if not reason.strip():
        raise ApplicationError("请填写列入黑名单的原因。", fields={"reason": ["必填。"]})
    for expert in experts:
        before = _expert_snapshot(expert)
        expert.is_blacklisted, expert.blacklist_reason, expert.blacklisted_at = True, reason.strip()[:300], timezone.now()
        expert.save(update_fields=["is_blacklisted", "blacklist_reason", "blacklisted_at", "updated_at"])
        audit_record(actor=actor, action="experts.expert.blacklist", target=expert, before=before, after=_expert_snapshot(expert))
    return len(experts)


@transaction.atomic
def experts_unblacklist(*, actor, experts: list[Expert]) -> int:
    for expert in experts:
        before = _expert_snapshot(expert)
        expert.is_blacklisted, expert.blacklist_reason, expert.blacklisted_at = False, "", None
        expert.save(update_fields=["is_blacklisted", "blacklist_reason", "blacklisted_at", "updated_at"])
        audit_record(actor=actor, action="experts.expert.unblacklist", target=expert, before=before, after=_expert_snapshot(expert))
    return len(experts)


@transaction.atomic
def experts_delete(*, actor, experts: list[Expert], reason: str = "") -> int:
    """Move experts to the deleted list (restorable; never drawn while there)."""
    for expert in experts:
        if expert.deleted_at:
            continue
        before = _expert_snapshot(expert)
        expert.deleted_at, expert.delete_reason = timezone.now(), reason.strip()[:300]
        expert.save(update_fields=["deleted_at", "delete_reason", "updated_at"])
        audit_record(actor=actor, action="experts.expert.delete", target=expert, before=before, after=_expert_snapshot(expert))
    return len(experts)


@transaction.atomic
def experts_restore(*, actor, experts: list[Expert]) -> int:
    for expert in experts:
        before = _expert_snapshot(expert)
        expert.deleted_at, expert.delete_reason = None, ""
        expert.save(update_fields=["deleted_at", "delete_reason", "updated_at"])
        audit_record(actor=actor, action="experts.expert.restore", target=expert, before=before, after=_expert_snapshot(expert))
    return len(experts)


@transaction.atomic
def expert_unfreeze(*, actor, expert: Expert) -> Expert:
    before = _expert_snapshot(expert)
    expert.frozen_at, expert.frozen_reason = None, ""
    expert.save(update_fields=["frozen_at", "frozen_reason", "updated_at"])
    audit_record(actor=actor, action="experts.expert.unfreeze", target=expert, before=before, after=_expert_snapshot(expert))
    return expert


# --- leave and avoidance (X5, X6) ----------------------------------------------------------


@transaction.atomic
def leave_create(*, actor, expert: Expert, start_date: datetime.date, end_date: datetime.date, reason: str, note: str = "") -> ExpertLeave:
    """Long-term leave: the expert is never drawn in the period; it ends by itself."""
    if end_date < start_date:
        raise ApplicationError("结束日期不能早于开始日期。", code=ExpertError.LEAVE_DATES, fields={"end_date": ["日期有误。"]})
    if end_date < timezone.localdate():
        raise ApplicationError("不能为已经过去的日期请假。", code=ExpertError.LEAVE_DATES, fields={"end_date": ["日期有误。"]})
    if ExpertLeave.objects.filter(expert=expert, cancelled_at__isnull=True, start_date__lte=end_date, end_date__gte=start_date).exists():
        raise ApplicationError("该时间段与已有请假重叠。", code=ExpertError.LEAVE_DATES)
    leave = ExpertLeave(expert=expert, start_date=start_date, end_date=end_date, reason=reason, note=note.strip()[:200])
    _clean(leave)
    leave.save()
    audit_record(actor=actor, action="experts.leave.create", target=expert, after=snapshot(leave, ["start_date", "end_date", "reason", "note"]))
    return leave


@transaction.atomic
def leave_cancel(*, actor, leave: ExpertLeave) -> ExpertLeave:
    """End a leave early (销假)."""
    if leave.cancelled_at or leave.end_date < timezone.localdate():
        raise ApplicationError("该请假已结束。", code=ExpertError.WRONG_STATE)
    leave.cancelled_at = timezone.now()
    leave.save(update_fields=["cancelled_at"])
    audit_record(actor=actor, action="experts.leave.cancel", target=leave.expert, before={"leave": leave.pk}, after={"cancelled_at": leave.cancelled_at})
    return leave


@transaction.atomic
def avoidance_add(*, actor, expert: Expert, name: str, kind: str, note: str = "") -> AvoidanceUnit:
    name = name.strip()
    if AvoidanceUnit.objects.filter(expert=expert, name=name).exists():
        raise Conflict("该回避单位已存在。", fields={"name": ["重复。"]})
    unit = AvoidanceUnit(expert=expert, name=name, kind=kind, note=note.strip()[:200])
    _clean(unit)
    unit.save()
    audit_record(actor=actor, action="experts.avoidance.add", target=expert, after={"unit": name, "kind": kind})
    return unit


@transaction.atomic
def avoidance_delete(*, actor, unit: AvoidanceUnit) -> None:
    if unit.kind == AvoidanceKind.CURRENT_EMPLOYER:
        raise ApplicationError("现任职单位随工作单位自动维护，不能删除。", code=ExpertError.WRONG_STATE)
    audit_record(actor=actor, action="experts.avoidance.delete", target=unit.expert, before={"unit": unit.name, "kind": unit.kind}, after=None, only_changes=False)
    unit.delete()


# --- re-confirmation campaigns -------------------------------------------------------------


@transaction.atomic
def campaign_start(*, actor, title: str, deadline: datetime.datetime, confirm_url: str) -> ConfirmationCampaign:
    """Ask every expert in the library to confirm their data by link before the deadline."""
    if deadline <= timezone.now():
        raise ApplicationError("截止时间须晚于当前时间。", fields={"deadline": ["日期有误。"]})
    campaign = ConfirmationCampaign(title=title.strip(), deadline=deadline, created_by=actor)
    _clean(campaign)
    campaign.save()
    expert_ids = Expert.objects.filter(status=ExpertStatus.APPROVED, deleted_at__isnull=True).values_list("pk", flat=True)
    ExpertConfirmation.objects.bulk_create([ExpertConfirmation(campaign=campaign, expert_id=pk) for pk in expert_ids], batch_size=2000)
    audit_record(actor=actor, action="experts.campaign.start", target=campaign, after={"title": campaign.title, "deadline": deadline, "experts": len(expert_ids)})

    def queue() -> None:
        from tenant_apps.experts.tasks import campaign_notify

        campaign_notify.delay(campaign.pk, confirm_url)

    transaction.on_commit(queue)
    return campaign


def campaign_send_links(*, campaign: ConfirmationCampaign, confirm_url: str) -> int:
    """Send each expert their confirmation link (called by the task; one message per expert).
    Safe to run again, e.g. when the broker redelivers the task: a link and its `notified_at`
    mark commit together, so nobody gets a link twice."""
    from tenant_apps.messaging.services import message_send

    sent = 0
    deadline = timezone.localtime(campaign.deadline).strftime("%Y-%m-%d %H:%M")
    waiting = campaign.confirmations.filter(confirmed_at__isnull=True, notified_at__isnull=True)
    for pk in list(waiting.values_list("pk", flat=True)):
        with transaction.atomic():
            confirmation = (
                ExpertConfirmation.objects.select_for_update(skip_locked=True, of=("self",)).select_related("expert", "expert__user")
                .filter(pk=pk, confirmed_at__isnull=True, notified_at__isnull=True).first()
            )
            if confirmation is None:  # confirmed meanwhile, or another run has it
                continue
            expert = confirmation.expert
            body = f"{expert.name}您好，请于 {deadline} 前确认您在专家库中的信息：{confirm_url}{confirmation.token}/ 逾期未确认将暂停抽取。"
            message_send(actor=None, subject=campaign.title, body=body, channels=["sms", "email"], recipients=[_recipient(expert)], purpose="notice")
            confirmation.notified_at = timezone.now()
            confirmation.save(update_fields=["notified_at"])
        sent += 1
    return sent


@transaction.atomic
def expert_confirm(*, token: str) -> ExpertConfirmation:
    """The expert confirms their data; a freeze from a missed deadline is lifted."""
    confirmation = ExpertConfirmation.objects.select_related("campaign", "expert").filter(token=token).first()
    if confirmation is None:
        raise NotFound("链接无效。", code=ExpertError.TOKEN_INVALID)
    expert = confirmation.expert
    if confirmation.confirmed_at is None:
        confirmation.confirmed_at = timezone.now()
        confirmation.save(update_fields=["confirmed_at"])
        if confirmation.confirmed_at <= confirmation.campaign.deadline:
            points_award(expert=expert, event=PointEvent.CONFIRMED, reference=f"campaign:{confirmation.campaign_id}")
        audit_record(actor=expert.user, action="experts.expert.confirm", target=expert, after={"campaign": confirmation.campaign.title})
    if expert.frozen_at is not None:
        before = _expert_snapshot(expert)
        expert.frozen_at, expert.frozen_reason = None, ""
        expert.save(update_fields=["frozen_at", "frozen_reason", "updated_at"])
        audit_record(actor=expert.user, action="experts.expert.unfreeze", target=expert, before=before, after=_expert_snapshot(expert))
    return confirmation


@transaction.atomic
def campaigns_freeze_overdue(*, now: datetime.datetime | None = None) -> int:
    """Freeze experts silent past a campaign's deadline; run daily, safe to run twice."""
    now = now or timezone.now()
    frozen = 0
    for campaign in ConfirmationCampaign.objects.select_for_update().filter(status=CampaignStatus.OPEN, deadline__lt=now):
        silent = Expert.objects.filter(
            confirmations__campaign=campaign, confirmations__confirmed_at__isnull=True, frozen_at__isnull=True, deleted_at__isnull=True
        )
        count = silent.update(frozen_at=now, frozen_reason=f"未在“{campaign.title}”截止前确认信息")
        campaign.status, campaign.frozen_count = CampaignStatus.CLOSED, count
        campaign.save(update_fields=["status", "frozen_count"])
        audit_record(actor=None, action="experts.campaign.freeze", target=campaign, after={"frozen": count})
        frozen += count
    return frozen


# --- certificates (X7) ---------------------------------------------------------------------


CERTIFICATE_LAYOUT_FIELDS = ("title", "body", "name", "number", "valid_until", "issuer", "employer", "expert_type", "qr")
LAYOUT_ERROR = "字段位置须为 JSON 数组，如 [{\"field\":\"name\",\"x\":40,\"y\":80,\"size\":20}]"


def certificate_layout_clean(layout) -> list[dict]:
    """A certificate layout as stored: a list of {"field", "x", "y", "size"} with a known field
    and numbers in millimetres on the A4 landscape page (297 x 210). Accepts the JSON text of
    the page's form or an already parsed list (API); anything else is refused in Chinese."""
    if isinstance(layout, str):
        text = layout.strip()
        if not text:
            return []
        try:
            layout = json.loads(text)
        except ValueError:
            raise ApplicationError(f"{LAYOUT_ERROR}（JSON 格式有误，注意使用英文双引号）。", code="certificate_layout_invalid",
                                   fields={"layout": ["JSON 格式有误。"]}) from None
    if not isinstance(layout, list):
        raise ApplicationError(f"{LAYOUT_ERROR}。", code="certificate_layout_invalid", fields={"layout": ["须为数组。"]})
    cleaned = []
    for number, item in enumerate(layout, start=1):
        if not isinstance(item, dict) or item.get("field") not in CERTIFICATE_LAYOUT_FIELDS:
            raise ApplicationError(f"字段位置第 {number} 项的 field 须为：{' '.join(CERTIFICATE_LAYOUT_FIELDS)}。", code="certificate_layout_invalid",
                                   fields={"layout": [f"第 {number} 项字段名无效。"]})
        try:
            x, y, size = (float(item.get(key, default)) for key, default in (("x", 0), ("y", 0), ("size", 12)))
        except (TypeError, ValueError):
            raise ApplicationError(f"字段位置第 {number} 项的 x、y、size 须为数字。", code="certificate_layout_invalid",
                                   fields={"layout": [f"第 {number} 项须为数字。"]}) from None
        if not (0 <= x <= 297 and 0 <= y <= 210 and 4 <= size <= 120):
            raise ApplicationError(f"字段位置第 {number} 项超出页面（x 0-297、y 0-210 毫米，size 4-120）。", code="certificate_layout_invalid",
                                   fields={"layout": [f"第 {number} 项超出页面。"]})
        cleaned.append({"field": item["field"], "x": int(x) if x.is_integer() else x, "y": int(y) if y.is_integer() else y,
                        "size": int(size) if size.is_integer() else size})
    return cleaned


@transaction.atomic
def certificate_template_save(*, actor, template: CertificateTemplate | None = None, name: str, expert_type: ExpertType | None,
                              title_text: str, body_text: str, validity_years: int, background: UploadedFile | None = None,
                              layout: list[dict] | None = None, is_active: bool = True) -> CertificateTemplate:
    before = snapshot(template) if template else None
    template = template or CertificateTemplate()
    template.name, template.expert_type, template.title_text, template.body_text = name.strip(), expert_type, title_text.strip(), body_text.strip()
    template.validity_years, template.is_active = validity_years, is_active
    if layout is not None:
        template.layout = certificate_layout_clean(layout)
    if background is not None:
        if not background.read(8).startswith((b"\x89PNG", b"\xff\xd8")):
            raise ApplicationError("底版须为 PNG 或 JPG 图片。", fields={"background": ["格式不支持。"]})
        background.seek(0)
        template.background.save(background.name, background, save=False)
    _clean(template)
    template.save()
    audit_record(actor=actor, action="experts.certificate_template.save", target=template, before=before, after=snapshot(template))
    return template


def template_for(expert: Expert) -> CertificateTemplate | None:
    templates = CertificateTemplate.objects.filter(is_active=True)
    return (templates.filter(expert_type=expert.expert_type).first() if expert.expert_type_id else None) or templates.filter(expert_type__isnull=True).first()


@transaction.atomic
def certificate_issue(*, actor, expert: Expert) -> Certificate:
    """Issue (or re-issue) the expert's certificate; earlier valid ones are revoked."""
    if expert.status != ExpertStatus.APPROVED or expert.deleted_at:
        raise ApplicationError("只有在库专家才能发放证书。", code=ExpertError.WRONG_STATE)
    template = template_for(expert)
    years = template.validity_years if template else 3
    today = timezone.localdate()
    Certificate.objects.filter(expert=expert, revoked_at__isnull=True).update(revoked_at=timezone.now(), revoke_reason="已换发新证书")
    sequence = Certificate.objects.filter(expert=expert).count() + 1
    certificate = Certificate.objects.create(
        expert=expert, template=template, number=f"ZJ{today:%Y}{expert.pk:07d}{sequence:02d}",
        valid_until=today.replace(year=today.year + years) if not (today.month == 2 and today.day == 29) else today.replace(year=today.year + years, day=28),
    )
    audit_record(actor=actor, action="experts.certificate.issue", target=expert, after={"certificate": certificate.number})
    return certificate


@transaction.atomic
def certificate_revoke(*, actor, certificate: Certificate, reason: str) -> Certificate:
    if certificate.revoked_at:
        raise ApplicationError("证书已撤销。", code=ExpertError.WRONG_STATE)
    certificate.revoked_at, certificate.revoke_reason = timezone.now(), reason.strip()[:200] or "管理员撤销"
    certificate.save(update_fields=["revoked_at", "revoke_reason"])
    audit_record(actor=actor, action="experts.certificate.revoke", target=certificate.expert, after={"certificate": certificate.number, "reason": certificate.revoke_reason})
    return certificate


# --- points (X28) and participation --------------------------------------------------------


@transaction.atomic
def point_rule_save(*, actor, event: str, points: int, is_active: bool = True) -> PointRule:
    rule, _ = PointRule.objects.get_or_create(event=event, defaults={"points": points})
    before = snapshot(rule)
    rule.points, rule.is_active = points, is_active
    _clean(rule)
    rule.save()
    audit_record(actor=actor, action="experts.point_rule.save", target=rule, before=before, after=snapshot(rule))
    return rule


def points_award(*, expert: Expert, event: str, reference: str, reason: str = "", points: int | None = None, actor=None) -> PointEntry | None:
    """Add a ledger line by the bureau's rule for `event` (or explicit points); once per reference."""
    if points is None:
        rule = PointRule.objects.filter(event=event, is_active=True).first()
        if rule is None or rule.points == 0:
            return None
        points = rule.points
    with transaction.atomic():
        if PointEntry.objects.filter(expert=expert, reference=reference).exists():
            return None
        Expert.objects.filter(pk=expert.pk).update(points=F("points") + points)
        balance = Expert.objects.values_list("points", flat=True).get(pk=expert.pk)
        expert.points = balance
        entry = PointEntry.objects.create(expert=expert, event=event, points=points, balance=balance, reason=reason or PointEvent(event).label, reference=reference)
        audit_record(actor=actor, action="experts.points.award", target=expert, after={"event": event, "points": points, "balance": balance})
    return entry


@transaction.atomic
def points_adjust(*, actor, expert: Expert, points: int, reason: str) -> PointEntry | None:
    if not reason.strip():
        raise ApplicationError("请填写调整原因。", fields={"reason": ["必填。"]})
    return points_award(expert=expert, event=PointEvent.MANUAL, reference=f"manual:{secrets.token_hex(8)}", reason=reason.strip(), points=points, actor=actor)


@transaction.atomic
def participation_record(*, actor, expert: Expert, kind: str, project_id: int | None = None, project_title: str = "",
                         org_unit: OrgUnit | None = None, occurred_at: datetime.datetime | None = None) -> Participation:
    """Record an expert's part in a project (for the panorama, statistics and points).
    The project module calls this; attendance earns the bureau's points once per project."""
    participation = Participation.objects.create(
        expert=expert, kind=kind, project_id=project_id, project_title=project_title[:200], org_unit=org_unit, occurred_at=occurred_at or timezone.now(),
    )
    if kind == ParticipationKind.DRAWN:
        Expert.objects.filter(pk=expert.pk).update(times_drawn=F("times_drawn") + 1)
    if kind == ParticipationKind.ATTENDED:
        points_award(expert=expert, event=PointEvent.ATTENDED, reference=f"project:{project_id or participation.pk}", reason=f"参加评审：{project_title}"[:200])
    audit_record(actor=actor, action=f"experts.participation.{kind}", target=expert, after={"project": project_title, "kind": kind})
    return participation


@transaction.atomic
def participations_record(*, actor, expert_ids: list[int], kind: str, project_id: int | None = None, project_title: str = "",
                          org_unit_id: int | None = None, occurred_at: datetime.datetime | None = None) -> int:
    """`participation_record` for several experts at once (a drawn panel): the same records,
    counters and audit events, in a fixed number of queries whatever the panel size.
    Attendance (points, once per project) goes through `participation_record` one by one."""
    experts = list(Expert.objects.filter(pk__in=set(expert_ids)).only("id", "name").order_by("id"))
    if kind == ParticipationKind.ATTENDED:
        org_unit = OrgUnit.objects.filter(pk=org_unit_id).first() if org_unit_id else None
        for expert in experts:
            participation_record(actor=actor, expert=expert, kind=kind, project_id=project_id, project_title=project_title, org_unit=org_unit, occurred_at=occurred_at)
        return len(experts)
    when = occurred_at or timezone.now()
    Participation.objects.bulk_create([
        Participation(expert_id=expert.pk, kind=kind, project_id=project_id, project_title=project_title[:200], org_unit_id=org_unit_id, occurred_at=when)
        for expert in experts
    ])
    if kind == ParticipationKind.DRAWN:
        Expert.objects.filter(pk__in=[e.pk for e in experts]).update(times_drawn=F("times_drawn") + 1)
    audit_record_many(actor=actor, action=f"experts.participation.{kind}", targets=experts, after={"project": project_title, "kind": kind})
    return len(experts)


# --- saved searches, reveal ----------------------------------------------------------------


@transaction.atomic
def saved_search_save(*, user, name: str, query: str) -> SavedSearch:
    name = name.strip()[:50]
    if not name:
        raise ApplicationError("请为常用搜索命名。", fields={"name": ["必填。"]})
    saved, _ = SavedSearch.objects.update_or_create(user=user, name=name, defaults={"query": query[:1000]})
    return saved


@transaction.atomic
def saved_search_delete(*, user, saved: SavedSearch) -> None:
    if saved.user_id != user.pk:
        raise NotFound("常用搜索不存在。")
    saved.delete()


@transaction.atomic
def expert_reveal(*, actor, expert: Expert, reason: str = "", project_starts_at: datetime.datetime | None = None) -> dict[str, str]:
    """Return the expert's unmasked personal data and audit who saw it (X15)."""
    if not can_reveal(actor, project_starts_at=project_starts_at):
        raise PermissionDenied("您无权查看该专家的完整信息。")
    audit_record(actor=actor, action="experts.expert.reveal", target=expert, after={"fields": ["name", "phone", "id_number", "employer", "bank_account"], "reason": reason[:200]})
    return personal_data(expert)


# --- API additions -------------------------------------------------------------------------


@transaction.atomic
def saved_search_update(*, user, saved: SavedSearch, name: str | None = None, query: str | None = None) -> SavedSearch:
    """Rename a saved search or change its conditions (names stay unique per user)."""
    if saved.user_id != user.pk:
        raise NotFound("常用搜索不存在。")
    if name is not None:
        name = name.strip()[:50]
        if not name:
            raise ApplicationError("请为常用搜索命名。", fields={"name": ["必填。"]})
        if SavedSearch.objects.filter(user=user, name=name).exclude(pk=saved.pk).exists():
            raise Conflict("已有同名的常用搜索。", fields={"name": ["名称重复。"]})
        saved.name = name
    if query is not None:
        saved.query = query[:1000]
    saved.save(update_fields=["name", "query"])
    return saved


@transaction.atomic
def expert_api_token_issue(*, user: User) -> str:
    """The API token of an expert who has just signed in by code through the API (one per account)."""
    from rest_framework.authtoken.models import Token

    token, created = Token.objects.get_or_create(user=user)
    if created:
        audit_record(actor=user, action="experts.expert.api_token", target=user, after={"issued": True})
    return token.key
