"""Separation of duties (财库〔2016〕198号: management separate from use), a bureau setting that
is on by default (LibrarySettings.separation_of_duties): the approver of a project is not its
creator, the review levels of an expert are signed by different people, and no one supervises
a draw they operate. Services call these checks; a refusal is a 403 with code
`separation_of_duties`."""

from __future__ import annotations

from core.errors import PermissionDenied
from tenant_apps.experts.errors import ExpertError


def separation_required() -> bool:
    from tenant_apps.experts.selectors import library_settings

    return library_settings().separation_of_duties


def _refuse(message: str) -> None:
    raise PermissionDenied(message, code=ExpertError.SEPARATION_OF_DUTIES)


def same_person(actor, other) -> bool:
    return bool(getattr(actor, "pk", None)) and getattr(other, "pk", None) == actor.pk


def check_approver_is_not_creator(*, actor, creator) -> None:
    if same_person(actor, creator) and separation_required():
        _refuse("按照管用分离要求，项目须由创建人以外的人员审核。请交由其他有审核权限的同事审核。")


def check_second_signature(*, actor, earlier_signers) -> None:
    if any(same_person(actor, signer) for signer in earlier_signers) and separation_required():
        _refuse("按照管用分离要求，同一专家的各级审核须由不同人员签署。您已签署过上一级审核。")


def names_of(user) -> set[str]:
    names = {getattr(user, "display_name", "") or "", user.get_username() if hasattr(user, "get_username") else ""}
    return {name.strip() for name in names if name and len(name.strip()) >= 2}


def is_named_supervisor(user, supervisors: list[str]) -> bool:
    """Supervisors are recorded as text (“市纪委监委派驻纪检组 刘明”): match the user's name as a
    word of an entry, or the whole entry."""
    names = names_of(user)
    for entry in supervisors or []:
        entry = (entry or "").strip()
        if entry in names or names & set(entry.replace("，", " ").replace(",", " ").split()):
            return True
    return False


def check_operator_is_not_supervisor(*, actor, supervisors: list[str]) -> None:
    if getattr(actor, "pk", None) and is_named_supervisor(actor, supervisors) and separation_required():
        _refuse("按照管用分离要求，抽取经办人不能同时担任本次抽取的监督人。请更换监督人或由其他同事经办。")
