from rest_framework import serializers

from tenant_apps.employment.applications.enums import Decision
from tenant_apps.employment.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationSettings,
)


class ApplicationEventSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = ApplicationEvent
        fields = ["id", "kind", "label", "details", "created_at"]
        read_only_fields = fields


class ApplicationSummarySerializer(serializers.ModelSerializer):
    job_title = serializers.CharField(source="job.title", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    student_name = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Application
        fields = ["id", "job", "job_title", "employer", "employer_name", "student_name", "status", "status_label", "fair_id", "interview_at",
                  "interview_place", "interview_link", "submitted_at", "first_viewed_at", "first_action_at"]
        read_only_fields = fields

    def get_student_name(self, obj) -> str:
        return obj.student.display_name or obj.student.username


class ApplicationDetailSerializer(ApplicationSummarySerializer):
    events = serializers.SerializerMethodField()
    resume_title = serializers.CharField(source="resume_version.resume.title", read_only=True)
    resume_version_number = serializers.IntegerField(source="resume_version.number", read_only=True)

    class Meta(ApplicationSummarySerializer.Meta):
        fields = [*ApplicationSummarySerializer.Meta.fields, "cover_note", "employer_note", "resume_title", "resume_version_number", "events"]
        read_only_fields = fields

    def get_events(self, obj) -> ApplicationEventSerializer(many=True):
        return ApplicationEventSerializer(obj.events.order_by("created_at", "id"), many=True).data


class ApplicantDetailSerializer(ApplicationDetailSerializer):
    """What HR sees: the delivered version of the resume and the student's profile."""

    resume_sections = serializers.JSONField(source="resume_version.sections", read_only=True)
    profile = serializers.SerializerMethodField()

    class Meta(ApplicationDetailSerializer.Meta):
        fields = [*ApplicationDetailSerializer.Meta.fields, "resume_sections", "profile"]
        read_only_fields = fields

    def get_profile(self, obj) -> dict:
        from tenant_apps.employment.resumes.selectors import profile_for

        return profile_for(student=obj.student)


class ApplicationSubmitSerializer(serializers.Serializer):
    job = serializers.IntegerField(min_value=1)
    resume = serializers.IntegerField(min_value=1, required=False)
    attachment = serializers.IntegerField(min_value=1, required=False)
    cover_note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    fair_id = serializers.IntegerField(min_value=1, required=False)


class ApplicationDecideSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=200)
    decision = serializers.ChoiceField(choices=Decision.choices)
    interview_at = serializers.DateTimeField(required=False)
    interview_place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    interview_link = serializers.URLField(max_length=200, required=False, allow_blank=True)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class ApplicationDecideResultSerializer(serializers.Serializer):
    changed = serializers.IntegerField()


class ApplicationSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApplicationSettings
        fields = ["no_response_days"]
        extra_kwargs = {"no_response_days": {"required": True}}


class EmployerResponsivenessSerializer(serializers.Serializer):
    employer = serializers.IntegerField()
    considered = serializers.IntegerField()
    answered = serializers.IntegerField()
    answered_share = serializers.FloatField(allow_null=True)
    median_days = serializers.FloatField(allow_null=True)
    has_sample = serializers.BooleanField()


class ApplicationConversationSerializer(serializers.Serializer):
    conversation = serializers.IntegerField()
