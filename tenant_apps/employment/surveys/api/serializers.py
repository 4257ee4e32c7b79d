"""Serializers of the surveys API (component names start with "Survey")."""

from __future__ import annotations

from rest_framework import serializers


class SurveyQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    kind = serializers.CharField(help_text="single / multiple / text / scale / matrix")
    title = serializers.CharField()
    is_required = serializers.BooleanField()
    options = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.CharField())
    scale_min = serializers.IntegerField()
    scale_max = serializers.IntegerField()
    jumps = serializers.DictField(help_text='跳题：{"选项序号(从0起)": 题号或 "end"}')

    class Meta:
        ref_name = "SurveyQuestion"


class SurveySummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    status = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    max_responses = serializers.IntegerField(allow_null=True)
    response_count = serializers.IntegerField(default=0)

    class Meta:
        ref_name = "SurveySummary"


class SurveyDetailSerializer(SurveySummarySerializer):
    audience = serializers.DictField()
    questions = SurveyQuestionSerializer(many=True, source="question_list")

    class Meta:
        ref_name = "SurveyDetail"


class SurveyCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, default="")
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    template = serializers.CharField(required=False, allow_blank=True, default="", help_text="employment_quality = 就业质量跟踪调查模板")

    class Meta:
        ref_name = "SurveyCreate"


class SurveyPublishSerializer(serializers.Serializer):
    graduation_years = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    org_unit_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)

    class Meta:
        ref_name = "SurveyPublish"


class SurveyOpenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    answered = serializers.BooleanField()

    class Meta:
        ref_name = "SurveyOpen"


class SurveyAnswerSerializer(serializers.Serializer):
    answers = serializers.DictField(help_text="{题目 id: 答案}；单选为选项序号，多选为序号数组，量表为分值，矩阵为每行分值数组，填空为文本")

    class Meta:
        ref_name = "SurveyAnswer"


class SurveyResponseCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    submitted_at = serializers.DateTimeField()

    class Meta:
        ref_name = "SurveyResponseCreated"


class SurveyQuestionResultSerializer(serializers.Serializer):
    question_id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    answered = serializers.IntegerField()
    labels = serializers.ListField(child=serializers.CharField())
    counts = serializers.ListField(child=serializers.IntegerField())
    average = serializers.FloatField(allow_null=True)
    matrix_averages = serializers.ListField(child=serializers.FloatField())

    class Meta:
        ref_name = "SurveyQuestionResult"


class SurveyCrosstabRowSerializer(serializers.Serializer):
    college = serializers.CharField()
    counts = serializers.ListField(child=serializers.IntegerField())
    total = serializers.IntegerField()

    class Meta:
        ref_name = "SurveyCrosstabRow"


class SurveyResultsSerializer(serializers.Serializer):
    responses = serializers.IntegerField()
    questions = SurveyQuestionResultSerializer(many=True)
    crosstab_question_id = serializers.IntegerField(allow_null=True)
    crosstab_labels = serializers.ListField(child=serializers.CharField())
    crosstab = SurveyCrosstabRowSerializer(many=True)

    class Meta:
        ref_name = "SurveyResults"


class SurveyQuestionInputSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="single / multiple / text / scale / matrix")
    title = serializers.CharField(max_length=300)
    is_required = serializers.BooleanField(required=False, default=True)
    options = serializers.ListField(child=serializers.CharField(max_length=100), required=False, default=list)
    rows = serializers.ListField(child=serializers.CharField(max_length=100), required=False, default=list)
    scale_max = serializers.IntegerField(required=False, default=5, min_value=2, max_value=10)
    scale_labels = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    jumps = serializers.DictField(required=False, default=dict, help_text='{"选项序号(从0起)": 题号或 "end"}')

    class Meta:
        ref_name = "SurveyQuestionInput"


class SurveyQuotaInputSerializer(serializers.Serializer):
    org_unit_id = serializers.IntegerField()
    limit = serializers.IntegerField(min_value=0, help_text="0 为取消该院系名额")

    class Meta:
        ref_name = "SurveyQuotaInput"
