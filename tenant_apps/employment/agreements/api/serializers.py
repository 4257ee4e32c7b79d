"""Serializers of the agreements API (component names start with "Agreements")."""

from __future__ import annotations

from rest_framework import serializers

from tenant_apps.employment.agreements.enums import AgreementStatus, ReviewLevel


class AgreementsTermsSerializer(serializers.Serializer):
    job_title = serializers.CharField(max_length=100)
    monthly_pay = serializers.IntegerField(min_value=1, help_text="月薪（元，税前）")
    work_place_code = serializers.CharField(max_length=6, help_text="GB/T 2260 六位代码")
    work_place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    report_by = serializers.DateField()
    probation_months = serializers.IntegerField(min_value=0, max_value=6, required=False, default=0)
    service_years = serializers.IntegerField(min_value=0, max_value=10, required=False, default=0)
    breach_amount = serializers.IntegerField(min_value=0, required=False, default=0)
    breach_terms = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    benefits = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    archive_address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    ends_on_further_study = serializers.BooleanField(required=False, default=True)
    other_terms = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "AgreementsTerms"


class AgreementsAgreementSerializer(AgreementsTermsSerializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=AgreementStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    employer_id = serializers.IntegerField()
    employer_name = serializers.CharField(source="employer.name")
    student_number = serializers.CharField(source="record.student_number")
    student_name = serializers.CharField(source="record.name")
    graduation_year = serializers.IntegerField(source="record.graduation_year")
    valid_until = serializers.DateTimeField()
    invited_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(allow_null=True)
    refuse_reason = serializers.CharField()
    college_reviewed_at = serializers.DateTimeField(allow_null=True)
    school_reviewed_at = serializers.DateTimeField(allow_null=True)
    return_reason = serializers.CharField()
    signed_at = serializers.DateTimeField(allow_null=True)
    content_hash = serializers.CharField(help_text="签约后协议内容的 SHA-256，印在协议书上，可在公开核验页核验")
    destination_note = serializers.CharField()
    termination_started_by = serializers.CharField()
    termination_reason = serializers.CharField()
    termination_note = serializers.CharField()
    terminated_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()

    class Meta:
        ref_name = "AgreementsAgreement"


class AgreementsInviteSerializer(AgreementsTermsSerializer):
    student_number = serializers.CharField(max_length=30)
    student_name = serializers.CharField(max_length=50)
    valid_days = serializers.IntegerField(min_value=1, max_value=30, default=7, help_text="邀约有效天数（1-30）")

    class Meta:
        ref_name = "AgreementsInvite"


class AgreementsReviewSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=ReviewLevel.choices)
    approve = serializers.BooleanField()
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="", help_text="退回时必填")

    class Meta:
        ref_name = "AgreementsReview"


class AgreementsAnswerSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "AgreementsAnswer"


class AgreementsTerminationSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=[("start", "申请解约"), ("agree", "同意对方的解约申请"), ("refuse", "不同意对方的解约申请")])
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    proof = serializers.FileField(required=False, allow_null=True, default=None, help_text="解约函（可选，multipart）")

    class Meta:
        ref_name = "AgreementsTermination"


class AgreementsTerminationDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    proof = serializers.FileField(required=False, allow_null=True, default=None, help_text="解约证明；同意解约时必须已有或随本次上传")

    class Meta:
        ref_name = "AgreementsTerminationDecision"


class AgreementsSealSerializer(serializers.Serializer):
    image = serializers.ImageField(help_text="公章图片（PNG/JPG，不超过 2 MB）")

    class Meta:
        ref_name = "AgreementsSealInput"


class AgreementsSealOutputSerializer(serializers.Serializer):
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()

    class Meta:
        ref_name = "AgreementsSeal"


class AgreementsVerifyOutputSerializer(serializers.Serializer):
    number = serializers.CharField()
    student = serializers.CharField(help_text="脱敏姓名")
    employer = serializers.CharField()
    status = serializers.ChoiceField(choices=AgreementStatus.choices)
    signed_at = serializers.DateTimeField()
    terminated_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "AgreementsVerification"


