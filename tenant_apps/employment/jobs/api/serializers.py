"""Serializers of the jobs API (component names start with "Jobs")."""

from __future__ import annotations

from rest_framework import serializers

from tenant_apps.employment.jobs.enums import (
    AnnouncementKind,
    AnnouncementStatus,
    Education,
    JobKind,
    JobStatus,
)


class JobLintHitSerializer(serializers.Serializer):
    field = serializers.CharField()
    field_label = serializers.CharField()
    rule = serializers.CharField(help_text="gender / marriage_childbearing / ethnicity_religion / school_tier / first_degree / hukou / age / hbv / disability / fees_loans / hype")
    title = serializers.CharField()
    severity = serializers.ChoiceField(choices=[("block", "须修改后才能提交"), ("review", "可提交，由老师审核")])
    explanation = serializers.CharField()
    basis = serializers.CharField(help_text="法律或文件依据")
    match = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()
    start = serializers.IntegerField()

    class Meta:
        ref_name = "JobsLintHit"


class JobLintInputSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, default="")
    majors = serializers.CharField(required=False, allow_blank=True, default="")
    conditions = serializers.CharField(required=False, allow_blank=True, default="")
    duties = serializers.CharField(required=False, allow_blank=True, default="")
    employer_nature = serializers.CharField(required=False, allow_blank=True, default="", help_text="单位性质；党政机关、事业单位、国企的学历方式限制从严")

    class Meta:
        ref_name = "JobsLintInput"


class JobPublicSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    employer_id = serializers.IntegerField()
    employer_name = serializers.CharField(source="employer.name")
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=JobKind.choices)
    headcount = serializers.IntegerField()
    education = serializers.ChoiceField(choices=Education.choices)
    place_code = serializers.CharField()
    place_name = serializers.CharField()
    salary_min = serializers.IntegerField()
    salary_max = serializers.IntegerField()
    valid_until = serializers.DateField()
    approved_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "JobsPublicJob"


class JobOutputSerializer(JobPublicSerializer):
    """What staff and the employer see: the public fields plus the posting's text and review."""

    majors = serializers.CharField()
    conditions = serializers.CharField()
    duties = serializers.CharField()
    status = serializers.ChoiceField(choices=JobStatus.choices)
    decline_reason = serializers.CharField()
    lint_hits = JobLintHitSerializer(many=True)
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "JobsJob"


class JobReviewInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=[("comment", "提问"), ("approve", "通过"), ("decline", "不通过"), ("close", "关闭")])
    text = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "JobsReviewInput"


class AnnouncementSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=AnnouncementKind.choices)
    title = serializers.CharField(max_length=200)
    body = serializers.CharField()
    source_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    status = serializers.ChoiceField(choices=AnnouncementStatus.choices, read_only=True)
    employer_id = serializers.IntegerField(read_only=True, allow_null=True)
    published_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        ref_name = "JobsAnnouncement"


class AnnouncementReviewInputSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "JobsAnnouncementReviewInput"


class ComplaintInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=[("false_information", "虚假或不实信息"), ("fees", "收费、押金或培训贷"), ("discrimination", "歧视性要求"),
                                              ("fraud", "疑似诈骗"), ("other", "其他")])
    details = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)

    class Meta:
        ref_name = "JobsComplaintInput"


class ComplaintOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    job_id = serializers.IntegerField()
    reason = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "JobsComplaint"


class ComplaintResolveInputSerializer(serializers.Serializer):
    upheld = serializers.BooleanField(help_text="true：属实并下架；false：不属实，恢复显示")
    resolution = serializers.CharField(max_length=500, help_text="处理结果，投诉人可见")

    class Meta:
        ref_name = "JobsComplaintResolveInput"


class ComplaintResolveOutputSerializer(serializers.Serializer):
    resolved = serializers.IntegerField()
    job_status = serializers.CharField()

    class Meta:
        ref_name = "JobsComplaintResolveOutput"
