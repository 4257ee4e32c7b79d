"""Serializers of the portal API (component names start with "Portal")."""

from __future__ import annotations

from rest_framework import serializers

from tenant_apps.employment.portal.enums import ArticleStatus, ColumnKind


class PortalColumnSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=30)
    slug = serializers.SlugField(max_length=40)
    kind = serializers.ChoiceField(choices=ColumnKind.choices, default=ColumnKind.CUSTOM)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    sort_order = serializers.IntegerField(min_value=0, required=False, default=0)
    is_active = serializers.BooleanField(required=False, default=True)
    show_on_home = serializers.BooleanField(required=False, default=True)

    class Meta:
        ref_name = "PortalColumn"


class PortalArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    column_id = serializers.IntegerField()
    column_name = serializers.CharField(source="column.name", read_only=True)
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    body = serializers.CharField(required=False, allow_blank=True, default="", help_text="HTML；保存时清理")
    source = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    is_pinned = serializers.BooleanField(required=False, default=False)
    show_on_portal = serializers.BooleanField(required=False, default=True)
    show_on_h5 = serializers.BooleanField(required=False, default=True)
    publish = serializers.BooleanField(write_only=True, required=False, default=False)
    cover = serializers.ImageField(write_only=True, required=False, allow_null=True, default=None)
    attachment = serializers.FileField(write_only=True, required=False, allow_null=True, default=None)
    attachment_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    status = serializers.ChoiceField(choices=ArticleStatus.choices, read_only=True)
    views = serializers.IntegerField(read_only=True)
    published_at = serializers.DateTimeField(read_only=True)
    has_cover = serializers.SerializerMethodField()
    has_attachment = serializers.SerializerMethodField()

    class Meta:
        ref_name = "PortalArticle"

    def get_has_cover(self, obj) -> bool:
        return bool(obj.cover)

    def get_has_attachment(self, obj) -> bool:
        return bool(obj.attachment)


class PortalPublicArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    column_slug = serializers.CharField(source="column.slug")
    column_name = serializers.CharField(source="column.name")
    title = serializers.CharField()
    summary = serializers.CharField()
    body = serializers.CharField()
    source = serializers.CharField()
    is_pinned = serializers.BooleanField()
    published_at = serializers.DateTimeField()

    class Meta:
        ref_name = "PortalPublicArticle"


class PortalHomeSerializer(serializers.Serializer):
    site_name = serializers.CharField()
    columns = serializers.ListField(child=serializers.DictField())
    jobs = serializers.ListField(child=serializers.DictField())
    sessions = serializers.ListField(child=serializers.DictField())
    fairs = serializers.ListField(child=serializers.DictField())
    slides = serializers.ListField(child=serializers.DictField())
    links = serializers.ListField(child=serializers.DictField())

    class Meta:
        ref_name = "PortalHome"
