from rest_framework import serializers

from tenant_apps.employment.students.enums import VerificationStatus


class GraduateRecordOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    graduation_year = serializers.IntegerField()
    student_number = serializers.CharField()
    exam_number = serializers.CharField()
    name = serializers.CharField()
    id_number = serializers.CharField(help_text="掩码显示；明文请用审计的查看接口")
    gender = serializers.CharField()
    ethnicity = serializers.CharField()
    political_status = serializers.CharField()
    education = serializers.CharField()
    major_code = serializers.CharField()
    major_name = serializers.CharField()
    college = serializers.CharField()
    class_name = serializers.CharField()
    training_mode = serializers.CharField()
    origin_region = serializers.CharField()
    verification_status = serializers.ChoiceField(choices=VerificationStatus.choices)
    return_reason = serializers.CharField()
    is_bound = serializers.BooleanField()


class GraduateReviewInputSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class GraduateCorrectionInputSerializer(serializers.Serializer):
    changes = serializers.DictField(child=serializers.CharField(allow_blank=True), help_text="字段名 -> 更正后的值")
    explanation = serializers.CharField(max_length=500)


class GraduateCorrectionUploadInputSerializer(serializers.Serializer):
    """The same request as multipart/form-data, with the evidence file."""

    changes = serializers.CharField(help_text='JSON 对象：字段名 -> 更正后的值，如 {"name": "张三"}')
    explanation = serializers.CharField(max_length=500)
    evidence = serializers.FileField(required=False, help_text="证明材料（PDF 或图片）")


class GraduateImportInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="学校的生源信息表 .xlsx（可有标题行、合并单元格）")


class EmploymentSettingsSerializer(serializers.Serializer):
    change_deadline_month = serializers.IntegerField(min_value=1, max_value=12, help_text="毕业去向变更截止月（默认 8）")
    change_deadline_day = serializers.IntegerField(min_value=1, max_value=31, help_text="毕业去向变更截止日（默认 31）")
    archive_needs_student_confirmation = serializers.BooleanField(help_text="档案去向须学生确认后才能寄送")
    school_code = serializers.CharField(max_length=5, required=False, allow_blank=True, help_text="院校代码（5 位）")
    minimum_monthly_wage = serializers.IntegerField(min_value=1, max_value=100000, required=False, help_text="当地月最低工资标准（元）")


class GraduateRemindInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False)
    unit = serializers.IntegerField(required=False, help_text="学院/专业/班级 id")


class GraduateRemindOutputSerializer(serializers.Serializer):
    reminded = serializers.IntegerField()


class VerificationProgressRowSerializer(serializers.Serializer):
    unit_id = serializers.IntegerField(allow_null=True, help_text="学院或班级 id（提醒接口的 unit）")
    name = serializers.CharField()
    total = serializers.IntegerField()
    bound = serializers.IntegerField()
    verified = serializers.IntegerField()
    waiting = serializers.IntegerField()
    not_started = serializers.IntegerField()
    percent = serializers.FloatField()
