"""What the alumni module holds about a person (record, membership, directory card, activity
registrations, votes, comments), for personal-data requests (core.personal_data, P21).

Alumni apps added later (giving, outreach, card, albums, shop) register their own provider the
same way from their AppConfig.ready() (docs/decisions/0139)."""

from __future__ import annotations

from core.personal_data import (
    ERASE,
    PSEUDONYMISE,
    DataKind,
    ErasureStep,
    Section,
    Subject,
    model_rows,
    register_personal_data_provider,
)

ACCOUNTING_REASON = "《会计法》第二十三条、《会计档案管理办法》第十四条：收费活动的报名与支付记录作为会计凭证附件保管三十年（报名人改为化名）"
RECORD_FIELDS = ["name", "gender", "birth_date", "student_no", "id_number", "class_year", "graduation_year", "degree", "college_name", "major",
                 "phone", "email", "region", "industry", "employer"]


def collect(subject: Subject) -> list[Section]:
    from tenant_apps.alumni.activities.models import Comment, Registration
    from tenant_apps.alumni.directory.models import Profile
    from tenant_apps.alumni.records.models import AlumniRecord, Member
    from tenant_apps.alumni.votes.models import Ballot, VoteComment

    members = Member.objects.filter(user_id=subject.user_id)
    record_ids = [m.record_id for m in members if m.record_id]
    registrations = Registration.objects.filter(user_id=subject.user_id).select_related("activity").order_by("-created_at")
    ballots = Ballot.objects.filter(voter_id=subject.user_id).select_related("vote").prefetch_related("options")
    comments = model_rows(Comment.objects.filter(user_id=subject.user_id).select_related("activity"), ["activity", "body", "created_at"])
    comments += model_rows(VoteComment.objects.filter(user_id=subject.user_id).select_related("vote"), ["vote", "body", "created_at"])
    return [
        Section("alumni.record", model_rows(AlumniRecord.objects.filter(pk__in=record_ids), RECORD_FIELDS)),
        Section("alumni.member", model_rows(members, ["name", "gender", "birth_date", "class_year", "graduation_year", "college_name", "major",
                                                      "employer", "answers", "status"])),
        Section("alumni.directory", model_rows(Profile.objects.filter(member__user_id=subject.user_id),
                                               ["name", "region", "industry", "employer", "job_title", "phone", "email", "wechat", "bio"])),
        Section("alumni.registrations", model_rows(registrations, ["activity", "attendee_name", "attendee_phone", "answers", "status", "amount_fen",
                                                                   "paid_at", "checked_in_at", "created_at"])),
        Section("alumni.ballots", model_rows(ballots, ["vote", "options", "created_at"])),
        Section("alumni.comments", comments),
    ]


def erase(subject: Subject) -> list[ErasureStep]:
    from tenant_apps.alumni.activities.models import Comment, Registration
    from tenant_apps.alumni.directory.models import Profile
    from tenant_apps.alumni.records.models import AlumniRecord, Member
    from tenant_apps.alumni.votes.models import Ballot, VoteComment

    pseudonym = subject.pseudonym[:50]
    members = Member.objects.filter(user_id=subject.user_id)
    record_ids = [pk for pk in members.values_list("record_id", flat=True) if pk]
    profiles = Profile.objects.filter(member__user_id=subject.user_id)
    profile_count = profiles.count()
    profiles.delete()
    records = AlumniRecord.objects.filter(pk__in=record_ids).update(
        name=pseudonym, name_simplified="", name_keys=[], birth_date=None, student_no="", id_number="", id_number_hash="", phone="", phone_hash="",
        email="", employer="", first_employer="", extra={})
    member_count = members.update(name=pseudonym, birth_date=None, employer="", answers={}, review_note="")
    registrations = Registration.objects.filter(user_id=subject.user_id).update(attendee_name=pseudonym, attendee_phone="", attendee_phone_hash="",
                                                                                 answers={}, seat_label="")
    ballots = Ballot.objects.filter(voter_id=subject.user_id)
    ballot_count = ballots.count()
    ballots.delete()
    comment_count = Comment.objects.filter(user_id=subject.user_id).count() + VoteComment.objects.filter(user_id=subject.user_id).count()
    Comment.objects.filter(user_id=subject.user_id).delete()
    VoteComment.objects.filter(user_id=subject.user_id).delete()
    return [
        ErasureStep("alumni.record", records, note="档案中的姓名、证件号、学号、联系方式、工作单位已删除"),
        ErasureStep("alumni.member", member_count),
        ErasureStep("alumni.directory", profile_count),
        ErasureStep("alumni.registrations", registrations),
        ErasureStep("alumni.ballots", ballot_count),
        ErasureStep("alumni.comments", comment_count),
    ]


register_personal_data_provider(
    "alumni", label="校友", order=50,
    kinds=[
        DataKind("alumni.record", "校友档案", ERASE),
        DataKind("alumni.member", "校友认证信息", ERASE),
        DataKind("alumni.directory", "校友名片", ERASE),
        DataKind("alumni.registrations", "活动报名", PSEUDONYMISE, legal_reason=ACCOUNTING_REASON),
        DataKind("alumni.ballots", "投票记录", ERASE),
        DataKind("alumni.comments", "评论", ERASE),
    ],
    collect=collect, erase=erase,
)
