from __future__ import annotations

from rest_framework import serializers

from core.masking import mask_value
from tenant_apps.alumni.records.enums import Degree, Gender
from tenant_apps.alumni.records.models import (
    AlumniRecord,
    DuplicatePair,
    MatchCandidate,
    Member,
    MergeLog,
    NameAlias,
)


class MaskedField(serializers.CharField):
    """Encrypted personal data, masked (reveal in clear through /api/v1/reveal/, audited)."""

    def __init__(self, kind: str, **kwargs):
        self.kind = kind
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return mask_value(self.kind, value) if value else ""


class RecordSerializer(serializers.ModelSerializer):
    phone_masked = MaskedField("phone", source="phone")
    email_masked = MaskedField("email", source="email")
    id_number_masked = MaskedField("id_number", source="id_number")
    college_current = serializers.CharField(source="college.name", default="", read_only=True)

    class Meta:
        model = AlumniRecord
        fields = ["id", "name", "gender", "birth_date", "student_no", "class_year", "graduation_year", "degree", "college_name", "college_current", "major", "major_canonical",
                  "region", "industry", "employer", "first_employer", "extra", "field_sources", "source", "is_deceased", "deceased_on", "deceased_source", "merged_into",
                  "phone_masked", "email_masked", "id_number_masked", "created_at", "updated_at"]
        read_only_fields = fields


class RecordWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50, required=False)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    student_no = serializers.CharField(max_length=30, required=False, allow_blank=True)
    id_number = serializers.CharField(max_length=18, required=False, allow_blank=True)
    class_year = serializers.IntegerField(min_value=1900, max_value=2100, required=False, allow_null=True)
    graduation_year = serializers.IntegerField(min_value=1900, max_value=2100, required=False, allow_null=True)
    degree = serializers.ChoiceField(choices=Degree.choices, required=False, allow_blank=True)
    college_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    major = serializers.CharField(max_length=100, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    region = serializers.CharField(max_length=50, required=False, allow_blank=True)
    industry = serializers.CharField(max_length=50, required=False, allow_blank=True)
    employer = serializers.CharField(max_length=200, required=False, allow_blank=True)
    first_employer = serializers.CharField(max_length=200, required=False, allow_blank=True)
    extra = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, help_text="扩展字段：标识 → 值")
    source = serializers.CharField(max_length=100, required=False, default="接口录入", help_text="本次修改的信息来源，记录到每个改动字段")


class DeceasedSerializer(serializers.Serializer):
    deceased_on = serializers.DateField(required=False, allow_null=True)
    source = serializers.CharField(max_length=200)


class MemberSerializer(serializers.ModelSerializer):
    verified = serializers.BooleanField(source="is_verified", read_only=True)

    class Meta:
        model = Member
        fields = ["id", "name", "gender", "birth_date", "class_year", "graduation_year", "degree", "college_name", "major", "region", "industry", "employer",
                  "answers", "status", "record", "verified", "verified_at", "review_note", "created_at"]
        read_only_fields = fields


class CandidateSerializer(serializers.ModelSerializer):
    record = RecordSerializer(read_only=True)

    class Meta:
        model = MatchCandidate
        fields = ["id", "score", "reasons", "status", "record", "reviewed_at"]
        read_only_fields = fields


class MemberReviewSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class DuplicateSerializer(serializers.ModelSerializer):
    class Meta:
        model = DuplicatePair
        fields = ["id", "record_a", "record_b", "score", "reasons", "status", "created_at"]
        read_only_fields = fields


class MergeRowSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    a = serializers.JSONField(allow_null=True)
    b = serializers.JSONField(allow_null=True)
    choice = serializers.ChoiceField(choices=["a", "b"])


class MergeSerializer(serializers.Serializer):
    survivor = serializers.IntegerField(help_text="保留的档案")
    absorbed = serializers.IntegerField(help_text="并入并归档的档案")
    choices = serializers.DictField(child=serializers.ChoiceField(choices=["a", "b"]), required=False, default=dict, help_text="字段 → a（保留方的值）/ b（并入方的值）")


class MergeLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = MergeLog
        fields = ["id", "survivor", "absorbed", "choices", "moved_members", "actor", "created_at", "reversed_at", "reversed_by"]
        read_only_fields = fields


class AliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = NameAlias
        fields = ["id", "kind", "alias", "canonical", "valid_from", "valid_to", "note"]


class StatisticsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    deceased = serializers.IntegerField()
    members = serializers.IntegerField()
    verified = serializers.IntegerField()
    pending = serializers.IntegerField()
    by_decade = serializers.ListField(child=serializers.ListField())
    by_college = serializers.ListField(child=serializers.ListField())
    by_region = serializers.ListField(child=serializers.ListField())
    by_industry = serializers.ListField(child=serializers.ListField())
