from rest_framework import serializers

from tenant_apps.employment.resumes.enums import SECTION_KEYS, SECTION_MAX, Layout, Section
from tenant_apps.employment.resumes.models import (
    Resume,
    ResumeAttachment,
    ResumeComment,
    ResumeVersion,
)


class ResumeProfileSerializer(serializers.Serializer):
    name = serializers.CharField()
    gender = serializers.CharField()
    education = serializers.CharField()
    college = serializers.CharField()
    major = serializers.CharField()
    class_name = serializers.CharField()
    graduation_year = serializers.CharField()
    political_status = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    from_record = serializers.CharField()


class ResumeSectionsSerializer(serializers.Serializer):
    """One text per section; each line is an entry."""

    def get_fields(self):
        return {key: serializers.CharField(required=False, allow_blank=True, max_length=SECTION_MAX, help_text=label)
                for key, label in Section.choices}


class ResumeVersionSerializer(serializers.ModelSerializer):
    sections = ResumeSectionsSerializer()

    class Meta:
        model = ResumeVersion
        fields = ["id", "number", "sections", "note", "created_at"]
        read_only_fields = fields


class ResumeCommentSerializer(serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField()
    version_number = serializers.IntegerField(source="version.number", read_only=True)
    addressed = serializers.SerializerMethodField()

    class Meta:
        model = ResumeComment
        fields = ["id", "section", "body", "author_name", "version_number", "addressed", "created_at"]
        read_only_fields = fields

    def get_author_name(self, obj) -> str:
        return (obj.author.display_name or obj.author.username) if obj.author_id else ""

    def get_addressed(self, obj) -> bool:
        return obj.addressed_in_id is not None


class ResumeAttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ResumeAttachment
        fields = ["id", "name", "size", "url", "created_at"]
        read_only_fields = fields

    def get_url(self, obj) -> str:
        from core.files.links import download_url

        return download_url(obj.file, user=self.context.get("user"), filename=obj.name)


class ResumeSummarySerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="current_version.number", read_only=True, default=None)
    student_name = serializers.SerializerMethodField()

    class Meta:
        model = Resume
        fields = ["id", "title", "layout", "status", "is_default", "version", "student_name", "created_at", "updated_at"]
        read_only_fields = fields

    def get_student_name(self, obj) -> str:
        return obj.student.display_name or obj.student.username


class ResumeDetailSerializer(ResumeSummarySerializer):
    profile = serializers.SerializerMethodField()
    current = ResumeVersionSerializer(source="current_version", read_only=True)
    comments = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()

    class Meta(ResumeSummarySerializer.Meta):
        fields = [*ResumeSummarySerializer.Meta.fields, "profile", "current", "comments", "attachments"]
        read_only_fields = fields

    def get_profile(self, obj) -> ResumeProfileSerializer:
        return self.context["profile"]

    def get_comments(self, obj) -> ResumeCommentSerializer(many=True):
        return ResumeCommentSerializer(obj.comments.select_related("author", "version").order_by("created_at", "id"), many=True).data

    def get_attachments(self, obj) -> ResumeAttachmentSerializer(many=True):
        return ResumeAttachmentSerializer(obj.attachments.all(), many=True, context=self.context).data


class ResumeWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=60, required=False, allow_blank=True)
    layout = serializers.ChoiceField(choices=Layout.choices, required=False)
    sections = ResumeSectionsSerializer(required=False)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ResumeAttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    name = serializers.CharField(max_length=100, required=False, allow_blank=True)


class ResumeDiffRowSerializer(serializers.Serializer):
    left_kind = serializers.CharField()
    left = serializers.CharField()
    right_kind = serializers.CharField()
    right = serializers.CharField()


class ResumeDiffSectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    changed = serializers.BooleanField()
    rows = serializers.SerializerMethodField()

    def get_rows(self, obj) -> ResumeDiffRowSerializer(many=True):
        return [{"left_kind": a, "left": b, "right_kind": c, "right": d} for a, b, c, d in obj.rows]


class ResumeCompareSerializer(serializers.Serializer):
    left = serializers.IntegerField()
    right = serializers.IntegerField()
    versions = ResumeVersionSerializer(many=True)
    sections = ResumeDiffSectionSerializer(many=True)


class ResumeGuidanceInputSerializer(serializers.Serializer):
    """{section: suggestion}; empty ones are skipped."""

    comments = serializers.DictField(child=serializers.CharField(max_length=2000, allow_blank=True))
    version = serializers.IntegerField(required=False, min_value=1)

    def validate_comments(self, value):
        unknown = [key for key in value if key not in SECTION_KEYS]
        if unknown:
            raise serializers.ValidationError(f"未知的简历段落：{', '.join(unknown)}")
        return value
