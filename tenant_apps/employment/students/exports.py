"""The student roster (生源信息) as an export (core.importexport): the filters of the list page,
the actor's data scope, ID numbers, phones and e-mails masked unless the exporter holds
`reveal_personal_data`; a stated reason, the requester and time in the file, audited. Exporting
the roster is for those who keep it (view and import rights); large rosters run as a job."""

from __future__ import annotations

from core.importexport.spec import ExportField, ExportSpec, register_export
from core.masking import mask_email, mask_id_number, mask_phone
from tenant_apps.employment.students.selectors import RecordSearch, record_list, unit_names

REVEAL_PERMISSION = "employment_students.reveal_personal_data"


def _records(*, actor, params: dict):
    return record_list(actor=actor, search=RecordSearch.from_query(params))


ROSTER_EXPORT = register_export(ExportSpec(
    name="employment_students.roster",
    title="生源信息",
    file_title="生源信息花名册",
    permission="employment_students.view_graduaterecord",
    extra_permissions=("employment_students.import_graduaterecord",),
    rows=lambda *, actor, params: _records(actor=actor, params=params).iterator(chunk_size=2000),
    count=lambda *, actor, params: _records(actor=actor, params=params).count(),
    param_names=("q", "year", "status", "unit"),
    personal_data=True,
    fields=[
        ExportField("graduation_year", "毕业年份", lambda r: r.graduation_year),
        ExportField("student_number", "学号", lambda r: r.student_number, personal=True),
        ExportField("name", "姓名", lambda r: r.name, personal=True),
        ExportField("gender", "性别", lambda r: r.get_gender_display()),
        ExportField("id_number", "身份证件号", lambda r: r.id_number or "", permission=REVEAL_PERMISSION, mask=mask_id_number),
        ExportField("education", "学历", lambda r: r.get_education_display()),
        ExportField("college", "学院", lambda r: unit_names(r)[0]),
        ExportField("major", "专业", lambda r: r.major_name),
        ExportField("class_name", "班级", lambda r: unit_names(r)[2]),
        ExportField("origin_region", "生源所在地代码", lambda r: r.origin_region),
        ExportField("phone", "手机号", lambda r: r.phone or "", permission=REVEAL_PERMISSION, mask=mask_phone),
        ExportField("email", "电子邮箱", lambda r: r.email or "", permission=REVEAL_PERMISSION, mask=mask_email),
        ExportField("verification_status", "核验状态", lambda r: r.get_verification_status_display()),
        ExportField("has_account", "已开通账号", lambda r: "是" if r.user_id else "否"),
    ],
    audit_action="employment_students.roster_export",
))
