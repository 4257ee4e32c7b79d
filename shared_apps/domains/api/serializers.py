from rest_framework import serializers

from shared_apps.domains.models import CustomDomain


class CustomDomainSerializer(serializers.ModelSerializer):
    txt_name = serializers.CharField(read_only=True, help_text="TXT 记录的主机名")
    txt_value = serializers.CharField(read_only=True, help_text="TXT 记录值")

    class Meta:
        model = CustomDomain
        fields = ["id", "domain", "status", "txt_name", "txt_value", "created_at", "last_checked_at", "last_error", "verified_at"]
        read_only_fields = fields


class CustomDomainCreateSerializer(serializers.Serializer):
    domain = serializers.CharField(max_length=300, help_text="例如 jy.example.edu.cn")
