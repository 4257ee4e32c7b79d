from __future__ import annotations

from rest_framework import serializers

from tenant_apps.cms import selectors
from tenant_apps.cms.models import CarouselItem, FloatingWindow, FriendlyLink, SiteSettings


class _ImageURLMixin(serializers.Serializer):
    image_url = serializers.SerializerMethodField()
    image_kind = ""

    def get_image_url(self, obj) -> str:
        url = selectors.image_url(obj, self.image_kind)
        request = self.context.get("request")
        return request.build_absolute_uri(url) if url and request else url


class CmsSiteSettingsSerializer(serializers.ModelSerializer):
    logo_url = serializers.SerializerMethodField()

    class Meta:
        model = SiteSettings
        fields = [
            "site_name", "logo_url", "address", "postcode", "phone", "service_phone", "email", "icp_number", "copyright", "about",
            "image_max_mb", "image_extensions", "file_max_mb", "file_extensions", "job_file_retention_days", "updated_at",
        ]

    def get_logo_url(self, obj) -> str:
        return selectors.image_url(obj, "logo") if obj.pk else ""


class CmsSiteSettingsWriteSerializer(serializers.ModelSerializer):
    logo = serializers.FileField(required=False, help_text="新 Logo 图片（multipart）")
    remove_logo = serializers.BooleanField(required=False, default=False)

    class Meta:
        model = SiteSettings
        fields = [
            "site_name", "address", "postcode", "phone", "service_phone", "email", "icp_number", "copyright", "about",
            "image_max_mb", "image_extensions", "file_max_mb", "file_extensions", "job_file_retention_days", "logo", "remove_logo",
        ]


class CmsUploadLimitsSerializer(serializers.Serializer):
    image_max_bytes = serializers.IntegerField()
    image_extensions = serializers.ListField(child=serializers.CharField())
    file_max_bytes = serializers.IntegerField()
    file_extensions = serializers.ListField(child=serializers.CharField())


class CmsCarouselItemSerializer(_ImageURLMixin, serializers.ModelSerializer):
    image_kind = "carousel"

    class Meta:
        model = CarouselItem
        fields = ["id", "title", "image_url", "link_url", "sort_order", "is_active", "show_on_h5", "show_on_backoffice", "updated_at"]


class CmsCarouselItemWriteSerializer(serializers.ModelSerializer):
    image = serializers.FileField(required=False, help_text="图片（multipart；新增时必填）")

    class Meta:
        model = CarouselItem
        fields = ["title", "image", "link_url", "sort_order", "is_active", "show_on_h5", "show_on_backoffice"]


class CmsFriendlyLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = FriendlyLink
        fields = ["id", "name", "url", "sort_order", "is_active"]


class CmsFriendlyLinkWriteSerializer(serializers.ModelSerializer):
    class Meta:
        model = FriendlyLink
        fields = ["name", "url", "sort_order", "is_active"]


class CmsFloatingWindowSerializer(_ImageURLMixin, serializers.ModelSerializer):
    image_kind = "floating"

    class Meta:
        model = FloatingWindow
        fields = ["id", "title", "image_url", "text", "link_url", "is_active", "starts_at", "ends_at", "updated_at"]


class CmsFloatingWindowWriteSerializer(serializers.ModelSerializer):
    image = serializers.FileField(required=False)

    class Meta:
        model = FloatingWindow
        fields = ["title", "image", "text", "link_url", "is_active", "starts_at", "ends_at"]


class CmsPublicSiteSerializer(serializers.Serializer):
    site_name = serializers.CharField()
    logo_url = serializers.CharField()
    about = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    icp_number = serializers.CharField()
    carousel = CmsCarouselItemSerializer(many=True)
    friendly_links = CmsFriendlyLinkSerializer(many=True)
    floating_window = CmsFloatingWindowSerializer(allow_null=True)
