"""Serializers of the targeted-push API (component names start with "Push")."""

from __future__ import annotations

from rest_framework import serializers


class PushFiltersSerializer(serializers.Serializer):
    graduation_years = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    educations = serializers.ListField(child=serializers.CharField(max_length=4), required=False, default=list)
    origin_regions = serializers.ListField(child=serializers.CharField(max_length=6), required=False, default=list)
    org_unit_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    verification_statuses = serializers.ListField(child=serializers.CharField(max_length=20), required=False, default=list)
    destination_statuses = serializers.ListField(child=serializers.CharField(max_length=30), required=False, default=list)
    destination_categories = serializers.ListField(child=serializers.CharField(max_length=2), required=False, default=list)

    class Meta:
        ref_name = "PushFilters"


class PushCreateInputSerializer(serializers.Serializer):
    item_kind = serializers.CharField(max_length=30)
    object_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    filters = PushFiltersSerializer(required=False, default=dict)
    channels = serializers.ListField(child=serializers.CharField(max_length=16), required=False, default=list)
    send_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    summary = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    url = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "PushCreateInput"


class PushPreviewSerializer(serializers.Serializer):
    matched = serializers.IntegerField()
    reachable = serializers.IntegerField()
    summary = serializers.CharField()

    class Meta:
        ref_name = "PushPreview"


class PushSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    item_kind = serializers.CharField()
    object_id = serializers.IntegerField(allow_null=True)
    title = serializers.CharField()
    summary = serializers.CharField()
    url = serializers.CharField()
    filters = serializers.DictField()
    filter_summary = serializers.CharField()
    channels = serializers.ListField(child=serializers.CharField())
    audience_count = serializers.IntegerField()
    send_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    status = serializers.CharField(source="message.status", default="")
    progress = serializers.IntegerField(source="message.progress", default=0)
    total = serializers.IntegerField(source="message.total", default=0)
    succeeded = serializers.IntegerField(source="message.succeeded", default=0)
    failed = serializers.IntegerField(source="message.failed", default=0)
    skipped = serializers.IntegerField(source="message.skipped", default=0)

    class Meta:
        ref_name = "PushPush"


class PushDeliverySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    user_id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField(source="recipient_name")
    channel = serializers.CharField()
    status = serializers.CharField()
    reason = serializers.CharField()
    first_failure = serializers.CharField(help_text="首选渠道未送达的原因（已改用 channel 渠道送达时）")
    sent_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "PushDelivery"


class PushItemTypeSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    choices = serializers.ListField(child=serializers.DictField())

    class Meta:
        ref_name = "PushItemType"
