"""Serializers of the employers API (component names start with "Employers")."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.masking import mask_email, mask_phone
from tenant_apps.employment.employers.enums import (
    EmployerNature,
    EmployerSize,
    Industry,
    ListKind,
    ReviewStatus,
)


class EmployerSharedRiskSerializer(serializers.Serializer):
    category = serializers.CharField(help_text="fraud / fees / wages / other")
    label = serializers.CharField()
    schools = serializers.IntegerField(help_text="标记该信用代码的其他学校数（不含本校，不透露是哪些学校）")
    text = serializers.CharField(help_text="如“被 2 所学校标记：虚假招聘或诈骗”")

    class Meta:
        ref_name = "EmployersSharedRisk"


class EmployerOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    credit_code = serializers.CharField()
    nature = serializers.ChoiceField(choices=EmployerNature.choices)
    industry = serializers.ChoiceField(choices=Industry.choices)
    size = serializers.ChoiceField(choices=EmployerSize.choices)
    region_code = serializers.CharField()
    province = serializers.CharField()
    address = serializers.CharField()
    website = serializers.CharField()
    introduction = serializers.CharField()
    contact_name = serializers.CharField()
    contact_phone = serializers.SerializerMethodField(help_text="脱敏；明文通过 /api/v1/reveal/ 获取")
    contact_email = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=ReviewStatus.choices)
    decline_reason = serializers.CharField()
    may_request_again = serializers.BooleanField()
    is_auto_approved = serializers.BooleanField()
    can_post_jobs = serializers.BooleanField()
    can_apply_sessions = serializers.BooleanField()
    can_join_fairs = serializers.BooleanField()
    is_black_listed = serializers.BooleanField(default=False)
    is_white_listed = serializers.BooleanField(default=False)
    is_risky = serializers.BooleanField(default=False)
    tags = serializers.SerializerMethodField()
    shared_risks = serializers.SerializerMethodField(help_text="其他学校匿名共享的风险提示（与后台审核页相同）")
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "EmployersEmployer"

    def get_contact_phone(self, employer) -> str:
        return mask_phone(employer.contact_phone)

    def get_contact_email(self, employer) -> str:
        return mask_email(employer.contact_email)

    def get_tags(self, employer) -> list[str]:
        return [tag.name for tag in [*employer.rule_tags.all(), *employer.tags.all()]]

    @extend_schema_field(EmployerSharedRiskSerializer(many=True))
    def get_shared_risks(self, employer) -> list[dict]:
        """From the view's one lookup for the whole page (context "shared_risks"), else one
        lookup for this employer."""
        by_code = self.context.get("shared_risks")
        if by_code is None:
            from core.employer_risk import risk_lookup

            summaries = risk_lookup(credit_code=employer.credit_code)
        else:
            summaries = by_code.get(employer.credit_code, [])
        return [{"category": r.category, "label": r.label, "schools": r.schools, "text": str(r)} for r in summaries]


class EmployerInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    credit_code = serializers.CharField(max_length=20)
    nature = serializers.ChoiceField(choices=EmployerNature.choices)
    industry = serializers.ChoiceField(choices=Industry.choices)
    size = serializers.ChoiceField(choices=EmployerSize.choices)
    region_code = serializers.CharField(max_length=6, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    website = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    introduction = serializers.CharField(required=False, allow_blank=True, default="")
    contact_name = serializers.CharField(max_length=50)
    contact_phone = serializers.CharField(max_length=20)
    contact_email = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "EmployersEmployerInput"


class EmployerReviewInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=[("comment", "提问（进入审核中）"), ("approve", "通过"), ("decline", "不通过")])
    text = serializers.CharField(required=False, allow_blank=True, default="", help_text="提问内容、通过说明或未通过原因（不通过时必填）")

    class Meta:
        ref_name = "EmployersReviewInput"


class EmployerCommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    is_from_school = serializers.BooleanField()
    author = serializers.CharField(source="author.display_name", default="")
    body = serializers.CharField()
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "EmployersComment"


class EmployerPermissionsSerializer(serializers.Serializer):
    can_post_jobs = serializers.BooleanField()
    can_apply_sessions = serializers.BooleanField()
    can_join_fairs = serializers.BooleanField()

    class Meta:
        ref_name = "EmployersPermissions"


class EmployerListEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=ListKind.choices)
    credit_code = serializers.CharField(max_length=20)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    reason = serializers.CharField(max_length=300)
    employer_id = serializers.IntegerField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)

    class Meta:
        ref_name = "EmployersListEntry"


class EmployerStatisticSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    total = serializers.IntegerField()
    approved = serializers.IntegerField()

    class Meta:
        ref_name = "EmployersStatistic"


class SchoolProfileSerializer(serializers.Serializer):
    introduction = serializers.CharField(required=False, allow_blank=True, default="")
    featured_majors = serializers.CharField(required=False, allow_blank=True, default="", help_text="每行一个")
    office_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    office_introduction = serializers.CharField(required=False, allow_blank=True, default="")
    office_address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    office_phone = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    office_email = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    office_hours = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    logo_url = serializers.SerializerMethodField()

    class Meta:
        ref_name = "EmployersSchoolProfile"

    def get_logo_url(self, profile) -> str:
        return profile.logo.url if getattr(profile, "logo", None) else ""


class GraduateCellSerializer(serializers.Serializer):
    level = serializers.CharField()
    college = serializers.CharField()
    major = serializers.CharField()
    shown = serializers.CharField(help_text="人数；不足 5 人为 \"<5\"")

    class Meta:
        ref_name = "EmployersGraduateCell"
