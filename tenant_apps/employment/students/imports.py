"""The 生源信息 roster import (E17), on the core import engine. The upload first goes through
roster.roster_normalise (title rows, merged cells, header names)."""

from __future__ import annotations

from core.importexport.spec import Column, ImportSpec, register_import
from tenant_apps.employment.students import parsing
from tenant_apps.employment.students.services import graduate_import_row, graduates_import_batch

GRADUATE_IMPORT = "employment_graduates"

register_import(ImportSpec(
    name=GRADUATE_IMPORT,
    title="生源信息",
    permission="employment_students.import_graduaterecord",
    handler=graduate_import_row,
    batch_handler=graduates_import_batch,
    columns=[
        Column("student_number", "学号", required=True, parser=parsing.student_number, example="2022010101", unique_in_file=True),
        Column("name", "姓名", required=True, parser=parsing.name, example="张三"),
        Column("id_number", "身份证号", required=True, parser=parsing.id_number, example="11010520040101001X", unique_in_file=True,
               help="18 位；港澳台居民居住证号（81/82/83 开头）同样可用"),
        Column("exam_number", "考生号", parser=parsing.plain_number, example="22110101150001"),
        Column("gender", "性别", required=True, parser=parsing.gender, example="1", help="1 男，2 女（也可写 男/女）"),
        Column("ethnicity", "民族", required=True, parser=parsing.ethnicity, example="01", help="GB/T 3304 两位代码，或民族名称"),
        Column("political_status", "政治面貌", required=True, parser=parsing.political_status, example="03", help="GB/T 4762 两位代码，或名称"),
        Column("education", "学历", required=True, parser=parsing.education, example="31", help="31 本科生毕业、11 硕士生毕业、01 博士生毕业、41 专科生毕业"),
        Column("major_code", "专业代码", required=True, parser=parsing.major_code, example="080901", help="6 位，可带 T/K/TK 后缀"),
        Column("major_name", "专业名称", required=True, parser=parsing.text, example="计算机科学与技术"),
        Column("college", "学院", required=True, parser=parsing.text, example="计算机学院"),
        Column("class_name", "班级", required=True, parser=parsing.text, example="计科2201"),
        Column("training_mode", "培养方式", parser=parsing.training_mode, example="非定向"),
        Column("sponsor_unit", "定向委培单位", parser=parsing.text, help="定向、委培生必填"),
        Column("sponsor_region", "定向委培单位所在地", parser=parsing.region_code),
        Column("origin_region", "生源所在地", required=True, parser=parsing.region_code, example="110105", help="GB/T 2260 六位代码，至少到地级市"),
        Column("years_of_study", "学制", parser=parsing.years_of_study, example="4"),
        Column("enrolled_on", "入学时间", parser=parsing.date, example="2022-09-01"),
        Column("graduates_on", "毕业时间", parser=parsing.date, example="2026-06-30"),
        Column("normal_category", "师范生类别", parser=parsing.normal_category, example="非师范"),
        Column("hardship_category", "困难生类别", parser=parsing.hardship_category, example="非困难生"),
        Column("phone", "手机号", parser=parsing.phone, example="13800000000"),
        Column("email", "电子邮箱", parser=parsing.email, example="zhangsan@example.com"),
        Column("graduation_year", "毕业年份", parser=parsing.year, example="2026", help="不填时取毕业时间的年份"),
    ],
    result_columns=[("student_number", "学号"), ("name", "姓名"), ("result", "结果")],
    result_title="导入结果",
    notes=["表头上方可以有标题行，合并单元格会自动拆分；全角数字、多余空格会自动清理。", "同一学号再次导入会更新原记录，不会重复。"],
    max_rows=30000,
    chunk_size=500,
))
