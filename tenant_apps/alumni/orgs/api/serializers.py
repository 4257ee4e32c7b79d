from __future__ import annotations

from rest_framework import serializers

from tenant_apps.alumni.orgs.models import ExportRequest, Membership, OrgAdmin, Organization
from tenant_apps.alumni.records.enums import Degree, Gender


class OrganizationSerializer(serializers.ModelSerializer):
    member_count = serializers.IntegerField(read_only=True, required=False)
    colleges = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "kind", "parent", "depth", "introduction", "join_requirements", "application_questions", "review_mode", "phone", "address", "region",
                  "industry", "colleges", "is_active", "sort_order", "member_count", "created_at"]
        read_only_fields = fields


class OrganizationWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=["association", "college", "regional", "industry", "club"])
    parent = serializers.IntegerField(required=False, allow_null=True)
    introduction = serializers.CharField(required=False, default="", allow_blank=True)
    join_requirements = serializers.CharField(required=False, default="", allow_blank=True)
    application_questions = serializers.ListField(child=serializers.CharField(max_length=100), required=False, default=list)
    review_mode = serializers.ChoiceField(choices=["auto", "admins", "records"], required=False, default="records")
    phone = serializers.CharField(max_length=30, required=False, default="", allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    region = serializers.CharField(max_length=50, required=False, default="", allow_blank=True)
    industry = serializers.CharField(max_length=50, required=False, default="", allow_blank=True)
    colleges = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    is_active = serializers.BooleanField(required=False, default=True)


class MembershipSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="member.name", read_only=True)
    class_year = serializers.IntegerField(source="member.class_year", read_only=True)
    college_name = serializers.CharField(source="member.college_name", read_only=True)
    major = serializers.CharField(source="member.major", read_only=True)
    verified = serializers.BooleanField(source="member.is_verified", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "organization", "member", "name", "class_year", "college_name", "major", "verified", "status", "answers", "note", "created_at"]
        read_only_fields = fields


class ReviewSerializer(serializers.Serializer):
    class Meta:
        ref_name = "AlumniOrgReview"

    approve = serializers.BooleanField()
    note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class AdminInviteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=20, required=False, default="", allow_blank=True)
    role = serializers.ChoiceField(choices=["president", "secretary", "admin"], default="admin")
    channel = serializers.ChoiceField(choices=["sms", "wechat"], default="sms")


class OrgAdminSerializer(serializers.ModelSerializer):
    accept_path = serializers.SerializerMethodField()

    class Meta:
        model = OrgAdmin
        fields = ["id", "organization", "name", "role", "channel", "status", "created_at", "accepted_at", "accept_path"]
        read_only_fields = fields

    def get_accept_path(self, obj) -> str:
        return f"/h5/alumni/orgs/admin-invitations/{obj.token}/" if obj.status == "invited" else ""


class ExportRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExportRequest
        fields = ["id", "organization", "requested_by", "reason", "status", "decided_by", "decided_at", "decision_note", "downloads", "created_at"]
        read_only_fields = fields


class ExportCreateSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    reason = serializers.CharField(max_length=200)


class JoinSerializer(serializers.Serializer):
    organization = serializers.IntegerField(required=False, allow_null=True, help_text="留空为校友总会")
    name = serializers.CharField(max_length=50, required=False)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    class_year = serializers.IntegerField(min_value=1900, max_value=2100, required=False, allow_null=True)
    graduation_year = serializers.IntegerField(min_value=1900, max_value=2100, required=False, allow_null=True)
    degree = serializers.ChoiceField(choices=Degree.choices, required=False, allow_blank=True)
    college_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    major = serializers.CharField(max_length=100, required=False, allow_blank=True)
    region = serializers.CharField(max_length=50, required=False, allow_blank=True)
    industry = serializers.CharField(max_length=50, required=False, allow_blank=True)
    employer = serializers.CharField(max_length=200, required=False, allow_blank=True)
    answers = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, default=dict)
