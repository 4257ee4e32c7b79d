"""Serializers of the info-sessions API (component names start with "Sessions")."""

from __future__ import annotations

from rest_framework import serializers

from tenant_apps.employment.sessions.enums import SessionStatus, VenueKind


class VenueSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=VenueKind.choices)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    capacity = serializers.IntegerField(min_value=1)
    equipment = serializers.ListField(child=serializers.CharField(max_length=40), required=False, default=list)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        ref_name = "SessionsVenue"


class InfoSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    employer_id = serializers.IntegerField()
    employer_name = serializers.CharField(source="employer.name")
    title = serializers.CharField()
    description = serializers.CharField()
    status = serializers.ChoiceField(choices=SessionStatus.choices)
    preferred_slots = serializers.ListField(child=serializers.DictField())
    venue_id = serializers.IntegerField(allow_null=True)
    venue_name = serializers.CharField(source="venue.name", default="")
    starts_at = serializers.DateTimeField(allow_null=True)
    ends_at = serializers.DateTimeField(allow_null=True)
    capacity = serializers.IntegerField()
    signup_count = serializers.IntegerField(default=0)
    decline_reason = serializers.CharField()

    class Meta:
        ref_name = "SessionsInfoSession"


class SlotSerializer(serializers.Serializer):
    venue_id = serializers.IntegerField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()

    class Meta:
        ref_name = "SessionsSlot"


class AssignInputSerializer(serializers.Serializer):
    venue_id = serializers.IntegerField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    capacity = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    written_test = SlotSerializer(required=False, allow_null=True, default=None)
    interview = SlotSerializer(required=False, allow_null=True, default=None)

    class Meta:
        ref_name = "SessionsAssignInput"


class CheckInInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=500, help_text="学生报名二维码中的内容")

    class Meta:
        ref_name = "SessionsCheckInInput"


class CheckInOutputSerializer(serializers.Serializer):
    signup_id = serializers.IntegerField()
    student = serializers.CharField()
    first_time = serializers.BooleanField(help_text="false 表示重复扫码")
    checked_in_at = serializers.DateTimeField()

    class Meta:
        ref_name = "SessionsCheckInOutput"


class SignupOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    session_id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    checked_in_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "SessionsSignup"
