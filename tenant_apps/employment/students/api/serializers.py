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


class GraduateRemindInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False)
    unit = serializers.IntegerField(required=False, help_text="学院/专业/班级 id")


class GraduateRemindOutputSerializer(serializers.Serializer):
    reminded = serializers.IntegerField()


class VerificationProgressRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    total = serializers.IntegerField()
    bound = serializers.IntegerField()
    verified = serializers.IntegerField()
    waiting = serializers.IntegerField()
    not_started = serializers.IntegerField()
    percent = serializers.FloatField()
