"""Serializers of the assessment API (component names start with "Assessment")."""

from __future__ import annotations

from rest_framework import serializers

from tenant_apps.employment.assessment.enums import InstrumentCode


class AssessmentOptionSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()

    class Meta:
        ref_name = "AssessmentOption"


class AssessmentItemSerializer(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField()
    options = AssessmentOptionSerializer(many=True)

    class Meta:
        ref_name = "AssessmentItem"


class AssessmentInstrumentSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=InstrumentCode.choices)
    name = serializers.CharField()
    intro = serializers.CharField()
    minutes = serializers.IntegerField()
    attribution = serializers.CharField()
    item_count = serializers.IntegerField()

    class Meta:
        ref_name = "AssessmentInstrument"


class AssessmentInstrumentDetailSerializer(AssessmentInstrumentSerializer):
    items = AssessmentItemSerializer(many=True)

    class Meta:
        ref_name = "AssessmentInstrumentDetail"


class AssessmentSubmitSerializer(serializers.Serializer):
    answers = serializers.DictField(child=serializers.CharField(), help_text="题目 id -> 选项值（每题必答）")

    class Meta:
        ref_name = "AssessmentSubmitInput"


class AssessmentDimensionSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    score = serializers.FloatField()
    minimum = serializers.FloatField()
    maximum = serializers.FloatField()
    level = serializers.CharField()
    description = serializers.CharField()

    class Meta:
        ref_name = "AssessmentDimension"


class AssessmentOutcomeSerializer(serializers.Serializer):
    code = serializers.CharField()
    headline = serializers.CharField()
    summary = serializers.CharField()
    dimensions = AssessmentDimensionSerializer(many=True)
    job_families = serializers.ListField(child=serializers.CharField())
    advice = serializers.ListField(child=serializers.CharField())

    class Meta:
        ref_name = "AssessmentOutcome"


class AssessmentResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    student_id = serializers.IntegerField()
    student_name = serializers.CharField(source="student.display_name")
    instrument = serializers.ChoiceField(choices=InstrumentCode.choices)
    code = serializers.CharField()
    scores = serializers.DictField(child=serializers.FloatField())
    college_name = serializers.CharField()
    major_name = serializers.CharField()
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "AssessmentResult"


class AssessmentResultDetailSerializer(AssessmentResultSerializer):
    outcome = AssessmentOutcomeSerializer(allow_null=True)

    class Meta:
        ref_name = "AssessmentResultDetail"


class AssessmentStatisticsRowSerializer(serializers.Serializer):
    group = serializers.CharField(help_text="学院名（或指定学院时的专业名）")
    takers = serializers.IntegerField()
    by_type = serializers.DictField(child=serializers.IntegerField(), help_text="主要类型 -> 人数")
    averages = serializers.DictField(child=serializers.FloatField(), help_text="维度 -> 平均分")

    class Meta:
        ref_name = "AssessmentStatisticsRow"


class AssessmentStatisticsSerializer(serializers.Serializer):
    instrument = serializers.ChoiceField(choices=InstrumentCode.choices)
    group_label = serializers.CharField()
    total = serializers.IntegerField()
    rows = AssessmentStatisticsRowSerializer(many=True)

    class Meta:
        ref_name = "AssessmentStatistics"


class AssessmentBankSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    licence_holder = serializers.CharField()
    licence_reference = serializers.CharField()
    valid_until = serializers.DateField()
    item_count = serializers.IntegerField()
    is_active = serializers.BooleanField()
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "AssessmentBank"


class AssessmentBankUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="campus-type-bank/1 格式的 JSON 文件，不超过 1 MB")

    class Meta:
        ref_name = "AssessmentBankUploadInput"
