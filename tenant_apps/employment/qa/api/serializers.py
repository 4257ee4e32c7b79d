"""Serializers of the Q&A and advising API (component names start with "QA")."""

from __future__ import annotations

from rest_framework import serializers

from tenant_apps.employment.qa.enums import (
    AdvisingKind,
    BookingStatus,
    MessageSide,
    QuestionCategory,
    QuestionStatus,
)


class QAQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    category = serializers.ChoiceField(choices=QuestionCategory.choices)
    status = serializers.ChoiceField(choices=QuestionStatus.choices)
    student_name = serializers.CharField(source="student.display_name")
    employer_id = serializers.IntegerField(allow_null=True)
    employer_name = serializers.CharField(source="employer.name", default="")
    message_count = serializers.IntegerField(default=0)
    student_unread = serializers.BooleanField()
    last_message_at = serializers.DateTimeField()
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "QAQuestion"


class QAMessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    side = serializers.ChoiceField(choices=MessageSide.choices)
    body = serializers.CharField()
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "QAMessage"


class QAQuestionDetailSerializer(QAQuestionSerializer):
    messages = QAMessageSerializer(many=True)

    class Meta:
        ref_name = "QAQuestionDetail"


class QAAskSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=2000)
    category = serializers.ChoiceField(choices=QuestionCategory.choices, default=QuestionCategory.JOB_SEARCH)
    employer_id = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="向某单位提问时填写")

    class Meta:
        ref_name = "QAAskInput"


class QAMessageInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=2000)

    class Meta:
        ref_name = "QAMessageInput"


class QAFaqSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    category = serializers.ChoiceField(choices=QuestionCategory.choices)
    question = serializers.CharField(max_length=300)
    answer = serializers.CharField(max_length=5000)
    is_published = serializers.BooleanField(default=True)
    sort_order = serializers.IntegerField(min_value=0, default=100)

    class Meta:
        ref_name = "QAFaq"


class QAPromoteSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=300, required=False, allow_blank=True, default="", help_text="留空则用原问题")
    answer = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="", help_text="留空则用原回答")
    category = serializers.ChoiceField(choices=QuestionCategory.choices, required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "QAPromoteInput"


class QASlotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=AdvisingKind.choices)
    advisor_id = serializers.IntegerField()
    advisor_name = serializers.CharField(source="advisor.display_name")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    location = serializers.CharField()
    online_link = serializers.CharField()
    capacity = serializers.IntegerField()
    booked_count = serializers.IntegerField()
    note = serializers.CharField()
    is_cancelled = serializers.BooleanField()

    class Meta:
        ref_name = "QASlot"


class QAPublishSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AdvisingKind.choices)
    advisor_id = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="留空为自己")
    start = serializers.DateTimeField()
    minutes = serializers.IntegerField(min_value=10, max_value=240, default=30)
    count = serializers.IntegerField(min_value=1, max_value=20, default=1)
    capacity = serializers.IntegerField(min_value=1, max_value=50, default=1)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    online_link = serializers.URLField(required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "QAPublishInput"


class QABookingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slot = QASlotSerializer()
    topic = serializers.CharField()
    status = serializers.ChoiceField(choices=BookingStatus.choices)
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "QABooking"


class QAStaffBookingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    student_id = serializers.IntegerField()
    student_name = serializers.CharField(source="student.display_name")
    topic = serializers.CharField()
    status = serializers.ChoiceField(choices=BookingStatus.choices)
    private_note = serializers.CharField()
    no_show_total = serializers.IntegerField(default=0)

    class Meta:
        ref_name = "QAStaffBooking"


class QASlotDetailSerializer(QASlotSerializer):
    bookings = QAStaffBookingSerializer(many=True)

    class Meta:
        ref_name = "QASlotDetail"


class QABookInputSerializer(serializers.Serializer):
    topic = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "QABookInput"


class QARecordInputSerializer(serializers.Serializer):
    attended = serializers.BooleanField()
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="", help_text="仅老师可见")

    class Meta:
        ref_name = "QARecordInput"


class QACancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "QACancelInput"
