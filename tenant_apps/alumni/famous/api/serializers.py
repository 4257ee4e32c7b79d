from rest_framework import serializers

from tenant_apps.alumni.famous.models import AlumniEnterprise, Exclusion, FamousAlumnus, NewsItem

CRAWLED = ["status", "source_url", "source_name", "fetched_at", "summary", "reviewed_by_label", "reviewed_at", "created_at"]


class FamousAlumnusSerializer(serializers.ModelSerializer):
    news_count = serializers.IntegerField(read_only=True, default=0, help_text="已确认的动态数")

    class Meta:
        model = FamousAlumnus
        fields = ["id", "name", "position", "category", "evidence", *CRAWLED, "news_count"]
        read_only_fields = fields


class EnterpriseAlumnusSerializer(serializers.Serializer):
    name = serializers.CharField()
    position = serializers.CharField(allow_blank=True)
    evidence = serializers.CharField(allow_blank=True)


class AlumniEnterpriseSerializer(serializers.ModelSerializer):
    alumni = EnterpriseAlumnusSerializer(many=True, read_only=True)
    news_count = serializers.IntegerField(read_only=True, default=0, help_text="已确认的动态数")

    class Meta:
        model = AlumniEnterprise
        fields = ["id", "name", "stock_code", "exchange", "industry", "alumni", *CRAWLED, "news_count"]
        read_only_fields = fields


class FamousNewsSerializer(serializers.ModelSerializer):
    subject_kind = serializers.SerializerMethodField()
    subject_name = serializers.SerializerMethodField()

    class Meta:
        model = NewsItem
        fields = ["id", "title", "published_on", "person", "enterprise", "subject_kind", "subject_name", *CRAWLED]
        read_only_fields = fields

    def get_subject_kind(self, obj) -> str:
        return "person" if obj.person_id else "enterprise"

    def get_subject_name(self, obj) -> str:
        return str(obj.subject)


class FamousExclusionSerializer(serializers.ModelSerializer):
    source_urls = serializers.ListField(child=serializers.URLField(), read_only=True)

    class Meta:
        model = Exclusion
        fields = ["id", "kind", "name", "source_urls", "reason", "created_by_label", "created_at"]
        read_only_fields = fields


class FamousExcludeInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class FamousSettingsSerializer(serializers.Serializer):
    school_name = serializers.CharField(max_length=100)
    former_names = serializers.ListField(child=serializers.CharField(max_length=100), required=False, default=list, max_length=20)
