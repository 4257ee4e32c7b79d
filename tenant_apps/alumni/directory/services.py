"""Writes for the directory: profiles (kept in step with members, records and chapters),
privacy settings, card exchange, mentoring and the relay."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.errors import ApplicationError, Conflict, PermissionDenied
from tenant_apps.alumni.directory import selectors
from tenant_apps.alumni.directory.enums import PRIVACY_FIELDS, RequestStatus, Visibility
from tenant_apps.alumni.directory.errors import DirectoryErrorCode
from tenant_apps.alumni.directory.models import (
    CardRequest,
    MentorOffer,
    MentorshipRequest,
    Profile,
    RelayMessage,
)
from tenant_apps.alumni.records.models import Member

EDITABLE = ["region", "industry", "employer", "job_title", "phone", "email", "wechat", "bio", "listed"]


def _clean(instance, exclude=None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ApplicationError("信息格式错误。", fields=exc.message_dict) from exc


def _chapter_ids(member: Member) -> list[int]:
    from tenant_apps.alumni.orgs.models import Membership

    return sorted(Membership.objects.filter(member=member, status="approved", organization__parent__isnull=False).values_list("organization_id", flat=True))


def profile_sync(*, member: Member, **_ignored) -> Profile | None:
    """Create or refresh the directory profile of a verified member (hooks: member verified,
    membership changed, record deceased). Values the member edited are kept."""
    member = Member.objects.select_related("record", "record__college", "user").get(pk=member.pk)
    profile = Profile.objects.filter(member=member).first()
    if not member.is_verified:
        return profile
    record = member.record
    if profile is None:
        profile = Profile(member=member, region=member.region or record.region, industry=member.industry or record.industry,
                          employer=member.employer or record.employer, phone=member.user.phone or "", email=member.user.email or "")
    profile.name = member.name
    profile.class_year = member.class_year or record.class_year
    profile.college = record.college.name if record.college_id else (record.college_name or member.college_name)
    profile.major = record.major_canonical or record.major or member.major
    profile.is_deceased = record.is_deceased
    profile.org_ids = _chapter_ids(member)
    profile.name_keys = list(member.name_keys)
    profile.save()
    return profile


def on_record_deceased(*, record, **_ignored) -> None:
    """A deceased person disappears from the directory and from every open exchange."""
    profiles = Profile.objects.filter(member__record=record)
    profiles.update(is_deceased=True)
    CardRequest.objects.filter(status=RequestStatus.PENDING).filter(receiver__in=profiles).update(status=RequestStatus.CLOSED)
    MentorOffer.objects.filter(profile__in=profiles).update(is_active=False)


def on_membership_changed(*, member: Member, **_ignored) -> None:
    Profile.objects.filter(member=member).update(org_ids=_chapter_ids(member))


def _my_profile(user) -> Profile:
    profile = selectors.profile_of(user)
    if profile is None:
        raise PermissionDenied("认证通过的校友才能使用校友录。", code=DirectoryErrorCode.NOT_VERIFIED)
    return profile


@transaction.atomic
def profile_update(*, user, data: dict, visibility: dict[str, str] | None = None) -> Profile:
    profile = _my_profile(user)
    before = snapshot(profile, EDITABLE + [f"vis_{f}" for f, _, _ in PRIVACY_FIELDS])
    for key in EDITABLE:
        if key in data:
            setattr(profile, key, data[key])
    for field, _, _ in PRIVACY_FIELDS:
        value = (visibility or {}).get(field)
        if value:
            if value not in Visibility.values:
                raise ApplicationError("可见范围无效。", fields={f"vis_{field}": ["请选择可见范围。"]})
            setattr(profile, f"vis_{field}", value)
    _clean(profile, exclude=["member", "org_ids", "name_keys"])
    profile.save()
    audit_record(actor=user, action="alumni.profile.update", target=profile, before=before, after=snapshot(profile, EDITABLE + [f"vis_{f}" for f, _, _ in PRIVACY_FIELDS]))
    return profile


def _notify(user, title: str, body: str, link: str) -> None:
    from tenant_apps.messaging.services import letter_send

    letter_send(recipient_user_ids=[user.pk], title=title, body=body, link=link)


@transaction.atomic
def card_request(*, user, receiver: Profile, message: str = "") -> CardRequest:
    sender = _my_profile(user)
    if receiver.pk == sender.pk:
        raise ApplicationError("不能和自己交换名片。", code=DirectoryErrorCode.SELF_REQUEST)
    if not receiver.listed or receiver.is_deceased:
        raise ApplicationError("该校友不在校友录中。", code=DirectoryErrorCode.NOT_LISTED)
    if selectors.cards_exchanged(sender, receiver):
        raise Conflict("你们已经交换过名片。", code=DirectoryErrorCode.REQUEST_EXISTS)
    if selectors.pending_card(sender, receiver):
        raise Conflict("已有待回复的名片交换请求。", code=DirectoryErrorCode.REQUEST_EXISTS)
    try:
        with transaction.atomic():
            card = CardRequest.objects.create(sender=sender, receiver=receiver, message=message.strip()[:200])
    except IntegrityError as exc:
        raise Conflict("已有待回复的名片交换请求。", code=DirectoryErrorCode.REQUEST_EXISTS) from exc
    audit_record(actor=user, action="alumni.card.request", target=card, after={"receiver": receiver.pk})
    _notify(receiver.member.user, "名片交换请求", f"校友{sender.name}想与你交换名片。同意前双方都看不到对方的联系方式。", f"/h5/alumni/directory/cards/{card.pk}/")
    return card


@transaction.atomic
def card_respond(*, user, card: CardRequest, accept: bool) -> CardRequest:
    card = CardRequest.objects.select_for_update().select_related("sender__member__user", "receiver__member__user").get(pk=card.pk)
    if card.receiver.member.user_id != user.pk:
        raise PermissionDenied("只有被请求的一方可以回复。", code=DirectoryErrorCode.NOT_PARTY)
    if card.status != RequestStatus.PENDING:
        raise Conflict("该请求已处理。", code=DirectoryErrorCode.REQUEST_CLOSED)
    card.status, card.responded_at = (RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED), timezone.now()
    card.save(update_fields=["status", "responded_at"])
    audit_record(actor=user, action="alumni.card.respond", target=card, after={"status": card.status})
    text = f"校友{card.receiver.name}同意了名片交换，现在可以查看对方的联系方式。" if accept else f"校友{card.receiver.name}暂时不便交换名片。"
    _notify(card.sender.member.user, "名片交换回复", text, f"/h5/alumni/directory/cards/{card.pk}/")
    return card


@transaction.atomic
def relay_send(*, user, body: str, card: CardRequest | None = None, mentorship: MentorshipRequest | None = None) -> RelayMessage:
    """A message between the two parties of a card request (even before acceptance: that is
    how they agree) or an accepted mentorship; neither side's contact is shown."""
    body = body.strip()
    if not body:
        raise ApplicationError("请填写内容。", fields={"body": ["必填。"]})
    if card is not None:
        parties = {card.sender.member.user_id: card.receiver.member.user, card.receiver.member.user_id: card.sender.member.user}
        open_ = card.status in (RequestStatus.PENDING, RequestStatus.ACCEPTED)
        link = f"/h5/alumni/directory/cards/{card.pk}/"
    else:
        parties = {mentorship.requester_id: mentorship.mentor.profile.member.user, mentorship.mentor.profile.member.user_id: mentorship.requester}
        open_ = mentorship.status == RequestStatus.ACCEPTED
        link = f"/h5/alumni/directory/mentoring/{mentorship.pk}/"
    if user.pk not in parties:
        raise PermissionDenied("只有双方可以发送消息。", code=DirectoryErrorCode.NOT_PARTY)
    if not open_:
        raise Conflict("该会话已结束。", code=DirectoryErrorCode.REQUEST_CLOSED)
    message = RelayMessage.objects.create(card=card, mentorship=mentorship, sender=user, body=body[:1000])
    audit_record(actor=user, action="alumni.relay.send", target=message, after={"card": card.pk if card else None, "mentorship": mentorship.pk if mentorship else None})
    _notify(parties[user.pk], "校友来信", body[:60], link)
    return message


@transaction.atomic
def mentor_offer_save(*, user, topics: list[str], introduction: str = "", is_active: bool = True) -> MentorOffer:
    profile = _my_profile(user)
    topics = [t.strip()[:30] for t in topics if t.strip()][:8]
    if is_active and not topics:
        raise ApplicationError("请至少填写一个指导方向。", fields={"topics": ["必填。"]})
    offer, created = MentorOffer.objects.get_or_create(profile=profile, defaults={"topics": topics})
    offer.topics, offer.introduction, offer.is_active = topics, introduction.strip()[:300], is_active
    offer.save()
    audit_record(actor=user, action="alumni.mentor.save", target=offer, after={"topics": topics, "is_active": is_active})
    return offer


@transaction.atomic
def mentorship_request(*, user, mentor: MentorOffer, topic: str, message: str) -> MentorshipRequest:
    """Students and alumni ask a mentor (a student needs no directory profile)."""
    if not mentor.is_active or mentor.profile.is_deceased:
        raise Conflict("该导师暂不接受请求。", code=DirectoryErrorCode.MENTOR_INACTIVE)
    if mentor.profile.member.user_id == user.pk:
        raise ApplicationError("不能向自己请教。", code=DirectoryErrorCode.SELF_REQUEST)
    if getattr(user, "kind", "") not in ("student", "alumnus"):
        raise PermissionDenied("学生和校友可以申请导师指导。")
    if not message.strip():
        raise ApplicationError("请写下想请教的问题。", fields={"message": ["必填。"]})
    if MentorshipRequest.objects.filter(mentor=mentor, requester=user, status=RequestStatus.PENDING).exists():
        raise Conflict("已有待回复的请求。", code=DirectoryErrorCode.REQUEST_EXISTS)
    request = MentorshipRequest.objects.create(mentor=mentor, requester=user, topic=(topic.strip() or (mentor.topics[0] if mentor.topics else ""))[:30], message=message.strip()[:500])
    audit_record(actor=user, action="alumni.mentorship.request", target=request, after={"mentor": mentor.pk})
    _notify(mentor.profile.member.user, "导师指导请求", f"{user.display_name or '一位同学'}想请教：{request.message[:40]}", f"/h5/alumni/directory/mentoring/{request.pk}/")
    return request


@transaction.atomic
def mentorship_respond(*, user, request: MentorshipRequest, accept: bool) -> MentorshipRequest:
    if request.mentor.profile.member.user_id != user.pk:
        raise PermissionDenied("只有导师可以回复。", code=DirectoryErrorCode.NOT_PARTY)
    if request.status != RequestStatus.PENDING:
        raise Conflict("该请求已处理。", code=DirectoryErrorCode.REQUEST_CLOSED)
    request.status, request.responded_at = (RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED), timezone.now()
    request.save(update_fields=["status", "responded_at"])
    audit_record(actor=user, action="alumni.mentorship.respond", target=request, after={"status": request.status})
    _notify(request.requester, "导师回复", "导师接受了你的请求，可以通过平台留言交流。" if accept else "导师暂时无法指导，可以试试其他导师。", f"/h5/alumni/directory/mentoring/{request.pk}/")
    return request
