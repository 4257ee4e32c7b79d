"""Mailing records of personnel files (EMS / 机要 numbers) and the national numbers, from Excel."""

from __future__ import annotations

from functools import partial

from core.importexport.spec import Column, ImportSpec, register_import
from tenant_apps.employment.archives import services
from tenant_apps.employment.students import parsing

ARCHIVE_MAILING_IMPORT = "employment_archive_mailing"

register_import(ImportSpec(
    name=ARCHIVE_MAILING_IMPORT,
    title="档案寄送信息",
    permission="employment_archives.manage_archivetransfer",
    handler=services.archive_mailing_import_row,
    columns=[
        Column("student_number", "学号", required=True, parser=parsing.student_number, example="2023000001", unique_in_file=True),
        Column("transfer_number", "转递编号", parser=partial(services.clean_number, label="转递编号"), help="全国毕业去向登记系统生成，格式不公开，只校验字符"),
        Column("verification_number", "核验编号", parser=partial(services.clean_number, label="核验编号")),
        Column("carrier", "寄送方式", parser=services.carrier, example="EMS", help="EMS、机要 或 专人"),
        Column("tracking_number", "邮件号", parser=parsing.plain_number, example="1100000000000"),
        Column("receiving_unit", "接收单位", parser=parsing.text),
        Column("mailed_on", "寄出日期", parser=parsing.date, example="2027-07-10"),
    ],
    result_columns=[("student_number", "学号"), ("status", "状态")],
    notes=["按学号匹配已派定去向的毕业生；填了邮件号和寄出日期的记为“已寄出”。"],
))
