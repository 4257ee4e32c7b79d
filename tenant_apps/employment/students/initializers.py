"""Defaults for a school with the employment module: settings (31 Aug change deadline) and the
groups of the three approval levels. 系统管理员 already holds every permission."""

from __future__ import annotations

from core.hooks import TenantSeed

VIEW_RECORDS = ["employment_students.view_graduaterecord", "employment_students.view_recordcorrection"]
REVIEW = ["employment_students.review_graduaterecord", "employment_students.remind_graduaterecord"]
DESTINATION_VIEW = ["employment_destinations.view_destination", "employment_destinations.view_ledgerentry"]

# (name, description, data scope, permission codes). Counsellors and college staff see their
# own org unit and below; the university level sees everything.
DEFAULT_GROUPS: list[tuple[str, str, str, list[str]]] = [
    ("辅导员", "核验本班学生生源信息，初审毕业去向（第一级）", "unit_and_below",
     VIEW_RECORDS + REVIEW + DESTINATION_VIEW + ["employment_destinations.review_counsellor", "employment_destinations.file_on_behalf",
                                                 "employment_students.view_statistics"]),
    ("学院就业专员", "学院审核毕业去向（第二级），查看本院统计", "unit_and_below",
     VIEW_RECORDS + REVIEW + DESTINATION_VIEW + ["employment_destinations.review_college", "employment_destinations.file_on_behalf",
                                                 "employment_destinations.export_destination", "employment_students.view_statistics"]),
    ("校就业中心", "导入生源、终审毕业去向（第三级）、处理异议、档案与统计", "all",
     VIEW_RECORDS + REVIEW + DESTINATION_VIEW + [
         "employment_students.import_graduaterecord", "employment_students.manage_settings", "employment_students.reveal_personal_data",
         "employment_destinations.review_university", "employment_destinations.file_on_behalf", "employment_destinations.export_destination",
         "employment_destinations.verify_ledger", "employment_students.view_statistics",
         "employment_archives.view_archivetransfer", "employment_archives.manage_archivetransfer",
     ]),
]


def groups_ensure() -> None:
    from django.contrib.auth.models import Group

    from tenant_apps.accounts.initializers import _permissions
    from tenant_apps.accounts.models import GroupProfile

    for name, description, scope, codes in DEFAULT_GROUPS:
        group, created = Group.objects.get_or_create(name=name)
        if not created:
            continue
        GroupProfile.objects.update_or_create(group=group, defaults={"description": description, "data_scope": scope})
        group.permissions.add(*_permissions(codes))


def seed_students(seed: TenantSeed) -> None:
    if "employment" not in seed.modules:
        return
    from tenant_apps.employment.students.models import EmploymentSettings

    if not EmploymentSettings.objects.exists():
        EmploymentSettings.objects.create()
    groups_ensure()


def usage() -> dict[str, int]:
    from tenant_apps.employment.students.models import GraduateRecord

    return {"graduates": GraduateRecord.objects.count()}
