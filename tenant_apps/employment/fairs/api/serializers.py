"""Serializers of the job-fairs API (component names start with "Fair")."""

from __future__ import annotations

from rest_framework import serializers

from tenant_apps.employment.fairs.enums import (
    ApplicationStatus,
    BoothKind,
    FairStatus,
    TicketHolder,
)


class FairSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    location = serializers.CharField(max_length=200)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    applications_close_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    student_capacity = serializers.IntegerField(min_value=0, required=False, default=0)
    status = serializers.ChoiceField(choices=FairStatus.choices, read_only=True)
    published_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        ref_name = "FairFair"


class FairListItemSerializer(FairSerializer):
    application_count = serializers.IntegerField(read_only=True, default=0)
    approved_count = serializers.IntegerField(read_only=True, default=0)
    booth_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        ref_name = "FairListItem"


class FairPublicSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    location = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    exhibitor_count = serializers.IntegerField(default=0)

    class Meta:
        ref_name = "FairPublic"


class FairReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)

    class Meta:
        ref_name = "FairReasonInput"


class FairHallSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=50)
    code = serializers.CharField(max_length=4)
    rows = serializers.IntegerField(min_value=1, max_value=40)
    columns = serializers.IntegerField(min_value=1, max_value=40)

    class Meta:
        ref_name = "FairHall"


class FairBoothCellSerializer(serializers.Serializer):
    row = serializers.IntegerField(min_value=1, max_value=40)
    column = serializers.IntegerField(min_value=1, max_value=40)
    kind = serializers.ChoiceField(choices=BoothKind.choices, default=BoothKind.STANDARD)

    class Meta:
        ref_name = "FairBoothCell"


class FairLayoutSerializer(serializers.Serializer):
    cells = FairBoothCellSerializer(many=True)

    class Meta:
        ref_name = "FairLayoutInput"


class FairBoothSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    hall_id = serializers.IntegerField()
    code = serializers.CharField()
    row = serializers.IntegerField()
    column = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=BoothKind.choices)
    application_id = serializers.IntegerField(allow_null=True)
    employer_name = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "FairBooth"


class FairHallMapSerializer(serializers.Serializer):
    hall = FairHallSerializer()
    booths = FairBoothSerializer(many=True)

    class Meta:
        ref_name = "FairHallMap"


class FairApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    fair_id = serializers.IntegerField()
    employer_id = serializers.IntegerField()
    employer_name = serializers.CharField(source="employer.name")
    industry = serializers.CharField(source="employer.industry")
    status = serializers.ChoiceField(choices=ApplicationStatus.choices)
    wants_premium = serializers.BooleanField()
    needs_accessible = serializers.BooleanField()
    staff_count = serializers.IntegerField()
    note = serializers.CharField()
    decline_reason = serializers.CharField()
    booth_code = serializers.CharField(source="booth.code", default="")
    booth_pinned = serializers.BooleanField()
    checked_in_at = serializers.DateTimeField(allow_null=True)
    is_no_show = serializers.BooleanField()
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "FairApplication"


class FairReviewSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=[("approve", "通过"), ("decline", "不通过")])
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "FairReviewInput"


class FairBoothAssignSerializer(serializers.Serializer):
    booth_id = serializers.IntegerField(allow_null=True, help_text="null 表示移出展位")

    class Meta:
        ref_name = "FairBoothAssignInput"


class FairAutoAssignResultSerializer(serializers.Serializer):
    placed = serializers.IntegerField()
    unplaced = serializers.DictField(child=serializers.CharField(), help_text="申请 id -> 原因")

    class Meta:
        ref_name = "FairAutoAssignResult"


class FairApplyInputSerializer(serializers.Serializer):
    fair_id = serializers.IntegerField()
    job_ids = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    wants_premium = serializers.BooleanField(default=False)
    needs_accessible = serializers.BooleanField(default=False)
    staff_count = serializers.IntegerField(min_value=1, max_value=6, default=2)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "FairApplyInput"


class FairStaffTicketSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    serial = serializers.CharField()
    code = serializers.CharField(help_text="二维码内容（签名电子票）")
    checked_in_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "FairStaffTicket"


class FairEmployerApplicationSerializer(FairApplicationSerializer):
    fair_title = serializers.CharField(source="fair.title")
    fair_starts_at = serializers.DateTimeField(source="fair.starts_at")
    job_ids = serializers.SerializerMethodField()
    tickets = FairStaffTicketSerializer(many=True, source="live_tickets")

    class Meta:
        ref_name = "FairEmployerApplication"

    def get_job_ids(self, obj) -> list[int]:
        return [job.pk for job in obj.jobs.all()]


class FairJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    headcount = serializers.IntegerField()
    salary_min = serializers.IntegerField()
    salary_max = serializers.IntegerField()
    place_name = serializers.CharField()

    class Meta:
        ref_name = "FairJob"


class FairExhibitorSerializer(serializers.Serializer):
    employer_id = serializers.IntegerField()
    employer_name = serializers.CharField(source="employer.name")
    industry = serializers.CharField(source="employer.get_industry_display")
    booth_code = serializers.CharField(source="booth.code", default="")
    is_followed = serializers.BooleanField(default=False)
    jobs = FairJobSerializer(many=True, source="jobs.all")

    class Meta:
        ref_name = "FairExhibitor"


class FairTicketSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    fair_id = serializers.IntegerField()
    fair_title = serializers.CharField(source="fair.title")
    holder_kind = serializers.ChoiceField(choices=TicketHolder.choices)
    serial = serializers.CharField()
    code = serializers.CharField(help_text="二维码内容（签名电子票，手机离线可验）")
    checked_in_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "FairTicket"


class FairFollowSerializer(serializers.Serializer):
    employer_id = serializers.IntegerField()
    following = serializers.BooleanField(default=True)

    class Meta:
        ref_name = "FairFollowInput"


class FairLiveSerializer(serializers.Serializer):
    employers_checked_in = serializers.IntegerField()
    students_checked_in = serializers.IntegerField()
    employers_expected = serializers.IntegerField()
    tickets = serializers.IntegerField()
    resumes_delivered = serializers.IntegerField()
    interview_invitations = serializers.IntegerField()

    class Meta:
        ref_name = "FairLive"


class FairFiguresSerializer(serializers.Serializer):
    applied = serializers.IntegerField()
    approved = serializers.IntegerField()
    jobs = serializers.IntegerField()
    employers_checked_in = serializers.IntegerField()
    students_checked_in = serializers.IntegerField()
    tickets = serializers.IntegerField()
    resumes_delivered = serializers.IntegerField()
    interview_invitations = serializers.IntegerField()
    no_shows = serializers.IntegerField()
    follows = serializers.IntegerField()

    class Meta:
        ref_name = "FairFigures"


class FairScanSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=1000, allow_blank=True)
    nonce = serializers.CharField(max_length=64)
    scanned_at = serializers.DateTimeField()
    device_status = serializers.CharField(max_length=16, required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "FairScan"


class FairScanUploadSerializer(serializers.Serializer):
    device = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    scans = FairScanSerializer(many=True, max_length=500)

    class Meta:
        ref_name = "FairScanUpload"


class FairScanResultSerializer(serializers.Serializer):
    nonce = serializers.CharField()
    status = serializers.CharField()
    serial = serializers.CharField()
    first_scanned_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "FairScanResult"


class FairScanResultsSerializer(serializers.Serializer):
    results = FairScanResultSerializer(many=True)

    class Meta:
        ref_name = "FairScanResults"


class FairDoorBundleSerializer(serializers.Serializer):
    scope = serializers.CharField()
    keys = serializers.DictField(child=serializers.CharField())
    revoked = serializers.ListField(child=serializers.CharField())
    admitted = serializers.ListField(child=serializers.CharField())
    generated_at = serializers.CharField()

    class Meta:
        ref_name = "FairDoorBundle"
