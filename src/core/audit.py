"""Audit trail: every state-changing service writes one event in the same transaction."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from core.context import current_request_info
from core.masking import scrub, scrub_text
from core.models import AuditEvent

# Never written into the trail, even when a model is snapshotted whole.
SECRET_FIELDS = {"password", "secret", "token", "app_secret", "aes_key"}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, FieldFile):  # not hasattr(value, "url"): an empty file field raises ValueError there
        return value.name or ""
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-safe copy of the concrete fields of `instance` (secrets dropped, PII masked)."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in SECRET_FIELDS or field.name.endswith("_hash"):
            continue
        value = getattr(instance, field.attname)
        if getattr(field, "is_personal_data", False) and value:
            from core.masking import mask_value

            value = mask_value(field.mask_kind, value)
        data[field.name] = _plain(value)
    return data


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> tuple[dict | None, dict | None]:
    """Keep only the keys whose values changed."""
    if before is None or after is None:
        return before, after
    keys = [k for k in set(before) | set(after) if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    object_label: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    only_changes: bool = True,
) -> AuditEvent:
    info = current_request_info()
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or target.pk or ""
        object_label = object_label or str(target)[:200]
    if only_changes:
        before, after = diff(before, after)
    impersonator = getattr(actor, "impersonator_label", "") if actor is not None else ""
    return AuditEvent.objects.create(
        actor_id=getattr(actor, "pk", None),
        actor_label=_actor_label(actor),
        impersonator_label=impersonator or "",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_label=scrub_text(object_label)[:200],
        # No phone, ID number or e-mail in clear in the trail (issue 12, P12), whatever a
        # caller put in `before` / `after`: masked, like the snapshots of encrypted fields.
        before=scrub(_plain(before)) if before is not None else None,
        after=scrub(_plain(after)) if after is not None else None,
        ip=info.ip or None,
        user_agent=info.user_agent[:500],
        request_id=info.request_id,
    )


def _actor_label(actor: Any) -> str:
    if actor is None:
        return "系统"
    if getattr(actor, "is_anonymous", False):
        return "匿名"
    name = getattr(actor, "display_name", "") or getattr(actor, "get_username", lambda: "")()
    return scrub_text(str(name))[:150]


def audit_record_many(*, actor: Any, action: str, targets: list[models.Model], after: dict[str, Any] | None = None) -> list[AuditEvent]:
    """`audit_record` of one action on several objects: one event per object, written in one
    INSERT (e.g. the participation of every expert of a drawn panel)."""
    info = current_request_info()
    impersonator = getattr(actor, "impersonator_label", "") if actor is not None else ""
    return AuditEvent.objects.bulk_create([
        AuditEvent(
            actor_id=getattr(actor, "pk", None), actor_label=_actor_label(actor), impersonator_label=impersonator or "", action=action,
            object_type=target._meta.label_lower, object_id=str(target.pk or ""), object_label=scrub_text(str(target))[:200], before=None,
            after=scrub(_plain(after)) if after is not None else None, ip=info.ip or None, user_agent=info.user_agent[:500], request_id=info.request_id,
        )
        for target in targets
    ])


# --- display names: what the audit pages show instead of the codes (the API keeps the codes) ---

VERB_LABELS = {
    "create": "新建", "add": "添加", "update": "修改", "save": "保存", "delete": "删除", "remove": "移除",
    "export": "导出", "import": "导入", "import_create": "导入", "upload": "上传", "verify": "核验", "start": "开始",
    "register": "登记", "login": "登录", "login_failed": "登录失败", "logout": "退出登录", "confirm": "确认",
    "activate": "启用", "deactivate": "停用", "enable": "启用", "withdraw": "撤回", "submit": "提交", "approve": "审核通过",
    "reject": "驳回", "review": "审核", "publish": "发布", "cancel": "取消", "send": "发送", "invite": "邀请",
    "accept": "接受", "decline": "谢绝", "replace": "替补", "append": "追加", "execute": "执行", "freeze": "冻结",
    "unfreeze": "解冻", "lock": "锁定", "unlock": "解锁", "blacklist": "列入黑名单", "unblacklist": "移出黑名单",
    "reveal": "查看明文", "archive": "归档", "restore": "恢复", "merge": "合并", "merge_reverse": "撤销合并",
    "apply": "申请", "sign": "签收", "comment": "评论", "remind": "提醒", "retry": "重试", "revoke": "撤销",
    "issue": "签发", "scan": "扫码", "award": "授予", "refund_create": "申请退款", "refund_update": "处理退款",
    "permissions": "修改权限", "groups": "修改角色", "change_password": "修改密码", "reset_password": "重置密码",
    "reset_password_by_code": "验证码重置密码", "set_initial_password": "设置初始密码", "settings_save": "保存设置",
    "draft_save": "保存草稿", "letter_send": "发送确认函", "message_send": "发送消息", "message_cancel": "取消消息",
    "wechat_bind": "绑定微信", "wechat_unbind": "解绑微信", "impersonation_start": "开始代为登录",
    "impersonation_end": "结束代为登录", "second_factor_enabled": "启用二次验证", "second_factor_reset": "重置二次验证",
    "second_factor_failed": "二次验证失败", "login_second_factor": "二次验证登录", "supervise": "监督", "evaluate": "评价",
    "score": "评分", "attach": "上传附件", "note": "添加跟进", "recheck": "复核", "dismiss": "驳回", "lift": "解除",
    "claim": "认领", "leave": "退出", "mark_deceased": "标记去世", "unmark_deceased": "撤销去世标记", "raise": "提出",
    "end": "结束", "auto": "自动处理", "request_again": "重新申请", "correction_request": "申请更正", "phone": "修改手机号",
    "voice_call_start": "发起语音通知", "voice_call_answer": "语音按键应答", "voice_call_simulate_answer": "模拟语音应答",
}

_action_labels: dict[str, str] = {
    "audit.export": "导出审计日志", "file_job.export": "导出数据", "file_job.import": "导入数据", "file_job.retry": "重试导入导出任务",
    "object.reveal": "查看明文信息",
}
_noun_labels: dict[str, str] = {"audit": "审计日志", "auth": "账号", "file_job": "导入导出任务", "user": "用户", "tenant": "单位"}


def register_action_labels(labels: dict[str, str]) -> None:
    """Apps name their actions in Chinese (`{"expert_panels.draw.execute": "执行抽取"}`); the
    audit pages show the name, the API and the exports keep the code."""
    _action_labels.update(labels)


def object_type_label(object_type: str) -> str:
    """`experts.expert` -> 专家 (the model's verbose_name), or the code when unknown."""
    if not object_type:
        return ""
    if object_type in _noun_labels:
        return _noun_labels[object_type]
    from django.apps import apps

    try:
        app_label, model_name = object_type.split(".", 1)
        return str(apps.get_model(app_label, model_name)._meta.verbose_name)
    except (ValueError, LookupError):
        try:
            return str(apps.get_app_config(object_type).verbose_name)
        except LookupError:
            return object_type


def action_label(action: str) -> str:
    """A Chinese name for an audit action code: the registered name, else verb + object
    (`experts.expert.create` -> 新建专家), else the code itself."""
    if not action:
        return ""
    if action in _action_labels:
        return _action_labels[action]
    parts = action.split(".")
    verb = VERB_LABELS.get(parts[-1])
    if verb is None:
        return action
    if len(parts) >= 3:
        noun = object_type_label(f"{parts[0]}.{parts[1]}")
        noun = "" if noun == f"{parts[0]}.{parts[1]}" else noun
    elif len(parts) == 2:
        noun = object_type_label(parts[0])
        noun = "" if noun == parts[0] else noun
    else:
        noun = ""
    if len(parts) >= 2 and not noun:
        noun = _noun_labels.get(parts[-2], "")
    return f"{verb}{noun}" if noun or len(parts) == 1 else action


def event_object_text(event) -> str:
    """The object as a user reads it: its name when the event kept one, else `专家 #5098`."""
    if getattr(event, "object_label", ""):
        return event.object_label
    kind = object_type_label(getattr(event, "object_type", ""))
    object_id = getattr(event, "object_id", "")
    return f"{kind} #{object_id}" if object_id else kind
