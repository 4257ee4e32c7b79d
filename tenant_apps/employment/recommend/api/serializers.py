"""Serializers of the recommendation API (component names start with "Recommend")."""

from __future__ import annotations

from rest_framework import serializers


class RecommendIntentionSerializer(serializers.Serializer):
    job_kinds = serializers.ListField(child=serializers.CharField(max_length=20), required=False, default=list, help_text="full_time / internship")
    job_types = serializers.ListField(child=serializers.CharField(max_length=30), required=False, default=list, help_text="意向职位关键词，最多 5 个")
    city_codes = serializers.ListField(child=serializers.CharField(max_length=6), required=False, default=list, help_text="GB/T 2260 六位代码，最多 5 个")
    industries = serializers.ListField(child=serializers.CharField(max_length=2), required=False, default=list, help_text="GB/T 4754 门类字母")
    salary_floor = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    is_personalised = serializers.BooleanField(read_only=True)
    wants_daily_push = serializers.BooleanField(required=False, allow_null=True, default=None)
    computed_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        ref_name = "RecommendIntention"


class RecommendPreferencesSerializer(serializers.Serializer):
    is_personalised = serializers.BooleanField(required=False, allow_null=True, default=None, help_text="个性化推荐（个人信息保护法第二十四条）")
    wants_daily_push = serializers.BooleanField(required=False, allow_null=True, default=None)

    class Meta:
        ref_name = "RecommendPreferences"


class RecommendJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    employer_name = serializers.CharField(source="employer.name")
    place_name = serializers.CharField()
    kind = serializers.CharField()
    salary_min = serializers.IntegerField()
    salary_max = serializers.IntegerField()
    approved_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "RecommendJob"


class RecommendItemSerializer(serializers.Serializer):
    job = RecommendJobSerializer()
    score = serializers.IntegerField(allow_null=True, help_text="匹配分 0-100；按日期展示时为空")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="推荐理由，如“专业匹配：软件工程”")

    class Meta:
        ref_name = "RecommendItem"


class RecommendListSerializer(serializers.Serializer):
    is_personalised = serializers.BooleanField()
    results = RecommendItemSerializer(many=True)

    class Meta:
        ref_name = "RecommendList"


class RecommendCountSerializer(serializers.Serializer):
    name = serializers.CharField()
    count = serializers.IntegerField()

    class Meta:
        ref_name = "RecommendCount"


class RecommendStatisticsSerializer(serializers.Serializer):
    students = serializers.IntegerField()
    stated = serializers.IntegerField()
    stated_rate = serializers.FloatField()
    personalised_off = serializers.IntegerField()
    push_on = serializers.IntegerField()
    breakdown = serializers.DictField(child=RecommendCountSerializer(many=True), help_text="求职类型/意向省份/意向城市/意向行业/期望月薪/意向职位")
    by_college = RecommendCountSerializer(many=True, help_text="各学院已填写意向人数")

    class Meta:
        ref_name = "RecommendStatistics"
