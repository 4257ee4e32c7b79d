from __future__ import annotations

from rest_framework import serializers

from core.files import download_url
from tenant_apps.privacy.enums import RequestDecision, RequestKind
from tenant_apps.privacy.models import PersonalDataRequest


class PrivacyCorrectionSerializer(serializers.Serializer):
    field = serializers.CharField(max_length=50, help_text="要更正的信息项，如“手机号”")
    current = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    requested = serializers.CharField(max_length=200, help_text="更正后的内容")


class PrivacyRequestSerializer(serializers.ModelSerializer):
    subject_id = serializers.IntegerField(read_only=True)
    subject_name = serializers.SerializerMethodField()
    corrections = serializers.SerializerMethodField()
    is_overdue = serializers.BooleanField(read_only=True)
    export_archive_url = serializers.SerializerMethodField()
    export_pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = PersonalDataRequest
        fields = ["id", "subject_id", "subject_name", "kind", "status", "channel", "details", "corrections", "resolution", "received_on", "due_on",
                  "is_overdue", "exported_at", "erased_at", "completed_at", "erasure_report", "export_archive_url", "export_pdf_url", "created_at"]

    def get_subject_name(self, obj) -> str:
        return str(obj.subject)

    def get_corrections(self, obj) -> list[dict]:
        return obj.correction_list

    def _url(self, fieldfile, name: str) -> str:
        from tenant_apps.privacy.selectors import may_download_export

        request = self.context.get("request")
        user = getattr(request, "user", None)
        if not fieldfile or user is None or not may_download_export(user, fieldfile.instance):
            return ""
        return request.build_absolute_uri(download_url(fieldfile, user=user, filename=name))

    def get_export_archive_url(self, obj) -> str:
        return self._url(obj.export_archive, f"个人信息副本-{obj.pk}.zip")

    def get_export_pdf_url(self, obj) -> str:
        return self._url(obj.export_pdf, f"个人信息副本-{obj.pk}.pdf")


class PrivacyRequestCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    details = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    corrections = PrivacyCorrectionSerializer(many=True, required=False, default=list)
    subject_id = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=2**62,
                                          help_text="代他人登记时填写（需“处理个人信息请求”权限）；不填为本人")


class PrivacyResolutionSerializer(serializers.Serializer):
    resolution = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    decision = serializers.ChoiceField(choices=RequestDecision.choices, default=RequestDecision.COMPLETE, help_text="complete 办结；reject 拒绝")
