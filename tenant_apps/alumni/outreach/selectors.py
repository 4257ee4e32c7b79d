"""Reads of mass e-mail and SMS: campaigns, their recipients (as the messaging gateway sees them),
the per-recipient log, the SMS quota and segment counts."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator

from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils import timezone

from core.crypto import blind_index
from tenant_apps.alumni.outreach.enums import Channel, SourceKind
from tenant_apps.alumni.outreach.models import (
    Campaign,
    EmailOpen,
    OutreachTemplate,
    SmsQuota,
    Unsubscribe,
    UploadedRecipient,
)
from tenant_apps.messaging import selectors as messaging_selectors
from tenant_apps.messaging.audiences import audience_resolver
from tenant_apps.messaging.recipients import Recipient

DEFAULT_SMS_YEARLY_QUOTA = 100_000
# Chinese SMS are billed per 70 characters, long ones per 67 (the rest carries the joining header);
# providers count the signature and the opt-out wording too.
SMS_SINGLE_LENGTH = 70
SMS_PART_LENGTH = 67
SMS_OPT_OUT = "拒收请回复R"  # the wording Aliyun and Tencent require in marketing texts


def default_sms_quota() -> int:
    return int(getattr(settings, "ALUMNI_SMS_YEARLY_QUOTA", DEFAULT_SMS_YEARLY_QUOTA))


def sms_text_as_sent(text: str, *, is_marketing: bool) -> str:
    """The text a recipient gets: marketing texts end with the opt-out wording (the gateway adds it)."""
    text = text.strip()
    return f"{text} {SMS_OPT_OUT}" if is_marketing and SMS_OPT_OUT not in text else text


def sms_signature() -> str:
    """The 【signature】 the SMS provider puts before every text (it is billed too)."""
    config = messaging_selectors.provider_config_list().filter(channel="sms", is_active=True).first()
    name = str((config.options or {}).get("sign_name") or "") if config is not None else ""
    return f"【{name}】" if name else ""


def sms_segments(text: str) -> int:
    """Billed segments of one SMS: 1 up to 70 characters, else one per 67."""
    length = len(text)
    if length <= SMS_SINGLE_LENGTH:
        return 1 if length else 0
    return math.ceil(length / SMS_PART_LENGTH)


def sms_quota(*, year: int | None = None) -> SmsQuota:
    """This year's quota (an unsaved row with the default allowance until the first send)."""
    year = year or timezone.localdate().year
    return SmsQuota.objects.filter(year=year).first() or SmsQuota(year=year, limit=default_sms_quota(), used=0)


# --- campaigns and templates ------------------------------------------------------------------


def campaign_list(*, search: str = "", channel: str = "", status: str = "", kind: str = "") -> QuerySet[Campaign]:
    queryset = Campaign.objects.select_related("created_by")
    if search:
        queryset = queryset.filter(title__icontains=search)
    if channel:
        queryset = queryset.filter(channel=channel)
    if status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("-created_at", "-id")


def template_list(*, search: str = "", channel: str = "") -> QuerySet[OutreachTemplate]:
    queryset = OutreachTemplate.objects.all()
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(subject__icontains=search))
    if channel:
        queryset = queryset.filter(channel=channel)
    return queryset.order_by("-updated_at", "-id")


# --- recipients -------------------------------------------------------------------------------


RECORD_CHUNK = 5000
PRESENT = "\x00"  # an address known to exist but not decrypted (counting only)


def _record_recipients(campaign: Campaign, *, counting: bool = False) -> Iterator[Recipient]:
    """Records (not merged away) for one channel, streamed by primary key: only the channel's
    field is decrypted (or, when counting, none: the SMS unsubscribes match the records' phone
    hash, and an e-mail is decrypted only when some address unsubscribed). A linked member's
    account brings its user id (opt-outs, the gateway's deceased check) and its address as a
    fallback; the record's own "refuses SMS" flag counts. Same rules as the records app's
    `alumni.records` resolver, at a quarter of its cost for 50,000 people (decision 0135)."""
    from tenant_apps.alumni.records.models import AlumniRecord
    from tenant_apps.messaging.models import ChannelOptOut

    filters = dict(campaign.source_filters or {})
    queryset = AlumniRecord.objects.filter(merged_into__isnull=True)
    for key in ("class_year", "graduation_year", "college_id"):
        if filters.get(key):
            queryset = queryset.filter(**{key: int(filters[key])})
    if filters.get("region"):
        queryset = queryset.filter(region=filters["region"])
    if filters.get("record_ids"):
        queryset = queryset.filter(pk__in=[int(i) for i in filters["record_ids"]])
    is_sms = campaign.channel == Channel.SMS
    field = "phone" if is_sms else "email"
    refused = unsubscribed(campaign.channel) if counting else set()
    decrypt = not counting or (not is_sms and bool(refused))
    if not decrypt:
        queryset = queryset.annotate(has_address=ExpressionWrapper(~Q(**{field: ""}), output_field=BooleanField()))
    last = 0
    while True:
        # The linked member's account comes in the same query (a left join: most records have none;
        # a record with two accounts could lose its second at a chunk edge, a case merging removes).
        rows = list(queryset.filter(pk__gt=last).order_by("pk")
                    .values_list("pk", "name", field if decrypt else "has_address", "phone_hash", "is_deceased", "contact_opt_out",
                                 "members__user_id", f"members__user__{field}")[:RECORD_CHUNK])
        if not rows:
            return
        last = rows[-1][0]
        opted: dict[int, set[str]] = {}
        user_ids = [row[6] for row in rows if row[6]]
        if user_ids:
            for user_id, channel in ChannelOptOut.objects.filter(user_id__in=user_ids).values_list("user_id", "channel"):
                opted.setdefault(user_id, set()).add(channel)
        for _pk, name, address, phone_hash, is_deceased, refuses_sms, user_id, user_address in rows:
            if not decrypt:
                address = PRESENT if address else ""
            address = address or user_address or ""
            outs = set(opted.get(user_id, ())) if user_id else set()
            if refuses_sms:
                outs.add("sms")
            if counting and refused and address:
                known = phone_hash if is_sms and address == PRESENT else (blind_index(address) if address != PRESENT else "")
                if known in refused:
                    outs.add(campaign.channel)
            yield Recipient(user_id=user_id, name=name, phone=address if is_sms else "", email="" if is_sms else address, is_deceased=is_deceased,
                            opted_out=frozenset(outs))


def _source_recipients(campaign: Campaign, *, counting: bool = False) -> Iterator[Recipient]:
    filters = dict(campaign.source_filters or {})
    if campaign.source_kind == SourceKind.RECORDS:
        yield from _record_recipients(campaign, counting=counting)
    elif campaign.source_kind == SourceKind.CHAPTER:
        if filters.get("organization_id"):
            yield from audience_resolver("alumni.members").func({"organization_id": filters["organization_id"]})
    elif campaign.source_kind == SourceKind.GROUP:
        if filters.get("group_id"):
            yield from audience_resolver("alumni.members").func({"group_id": filters["group_id"]})
    elif campaign.source_kind == SourceKind.UPLOAD:
        yield from _uploaded_recipients(campaign)


def _uploaded_recipients(campaign: Campaign) -> Iterator[Recipient]:
    """Uploaded rows; a phone that belongs to a record marked deceased or refusing SMS counts."""
    from tenant_apps.alumni.records.models import AlumniRecord

    rows = UploadedRecipient.objects.filter(campaign=campaign).order_by("row_number")
    chunk: list[UploadedRecipient] = []

    def flush() -> Iterator[Recipient]:
        hashes = {blind_index(r.phone): r for r in chunk if r.phone}
        flags = {h: (dead, refused) for h, dead, refused in AlumniRecord.objects.filter(phone_hash__in=list(hashes), merged_into__isnull=True)
                 .values_list("phone_hash", "is_deceased", "contact_opt_out")}
        for row in chunk:
            dead, refused = flags.get(blind_index(row.phone), (False, False)) if row.phone else (False, False)
            yield Recipient(name=row.name, email=row.email or "", phone=row.phone or "", is_deceased=dead, opted_out=frozenset({"sms"} if refused else ()))
        chunk.clear()

    for row in rows.iterator(chunk_size=2000):
        chunk.append(row)
        if len(chunk) >= 2000:
            yield from flush()
    if chunk:
        yield from flush()


def unsubscribed(channel: str) -> set[str]:
    return set(Unsubscribe.objects.filter(channel=channel).values_list("address_hash", flat=True))


def campaign_recipients(campaign: Campaign, *, counting: bool = False) -> Iterator[Recipient]:
    """The campaign's recipients for the gateway, each carrying what they refused: an address
    that unsubscribed here is opted out of the channel, whatever list it comes from. `counting`:
    addresses may be left encrypted (placeholders), for counts only."""
    refused = unsubscribed(campaign.channel)
    channel = campaign.channel
    for recipient in _source_recipients(campaign, counting=counting):
        address = recipient.email if channel == Channel.EMAIL else recipient.phone
        if address and address != PRESENT and refused and blind_index(address) in refused:
            recipient = dataclasses.replace(recipient, opted_out=recipient.opted_out | {channel})
        yield recipient


@dataclasses.dataclass
class RecipientCount:
    total: int = 0
    sendable: int = 0
    deceased: int = 0
    opted_out: int = 0
    no_contact: int = 0


def recipient_count(campaign: Campaign) -> RecipientCount:
    """How many the campaign reaches, and why the others are left out (the gateway's rules)."""
    count = RecipientCount()
    seen: set[str] = set()
    for number, recipient in enumerate(campaign_recipients(campaign, counting=True)):
        # Placeholders (not decrypted) are not deduplicated by address: a count may then be high
        # by the few records that share one (the SMS quota errs on the safe side).
        key = recipient.key if PRESENT not in (recipient.email, recipient.phone) else f"#{number}"
        if key in seen:
            continue
        seen.add(key)
        count.total += 1
        if recipient.is_deceased:
            count.deceased += 1
        elif campaign.channel in recipient.opted_out:
            count.opted_out += 1
        elif not recipient.address_for(campaign.channel):
            count.no_contact += 1
        else:
            count.sendable += 1
    return count


# --- log and progress -------------------------------------------------------------------------


def campaign_message(campaign: Campaign):
    if not campaign.message_id:
        return None
    return messaging_selectors.message_list().filter(pk=campaign.message_id).first()


def campaign_log(campaign: Campaign, *, status: str = "", search: str = "", opened: bool | None = None):
    """The gateway's deliveries of the campaign (one per recipient); `opened_at` is added to each."""
    message = campaign_message(campaign)
    if message is None:
        return []
    queryset = messaging_selectors.delivery_list(message=message, status=status, search=search)
    open_ids = EmailOpen.objects.filter(campaign=campaign).values("delivery_id")
    if opened is True:
        queryset = queryset.filter(pk__in=open_ids)
    elif opened is False:
        queryset = queryset.exclude(pk__in=open_ids)
    return queryset


def attach_opens(campaign: Campaign, deliveries) -> list:
    rows = list(deliveries)
    opens = dict(EmailOpen.objects.filter(campaign=campaign, delivery_id__in=[d.pk for d in rows]).values_list("delivery_id", "opened_at"))
    for row in rows:
        row.opened_at = opens.get(row.pk)
    return rows


def campaign_stats(campaign: Campaign) -> dict:
    message = campaign_message(campaign)
    opened = EmailOpen.objects.filter(campaign=campaign).count() if campaign.channel == Channel.EMAIL else 0
    if message is None:
        return {"status": "", "progress": 0, "total": campaign.recipient_count, "succeeded": 0, "failed": 0, "skipped": 0, "opened": opened, "is_active": False}
    return {"status": message.get_status_display(), "progress": message.progress, "total": message.total, "succeeded": message.succeeded,
            "failed": message.failed, "skipped": message.skipped, "opened": opened, "is_active": message.is_active}
