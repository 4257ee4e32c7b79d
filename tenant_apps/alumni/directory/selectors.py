"""Directory reads. Privacy is part of the query: every field comes out of
`visible_columns` as NULL unless its owner's setting lets this viewer see it, and a filter on
a field only matches rows where that field is visible to the viewer — hidden values can be
neither read nor probed by searching (docs/decisions/0092)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, F, Q, QuerySet, Value, When

from tenant_apps.alumni.directory.enums import (
    CONTACT_FIELDS,
    PRIVACY_FIELDS,
    RequestStatus,
    Visibility,
)
from tenant_apps.alumni.directory.models import (
    CardRequest,
    MentorOffer,
    MentorshipRequest,
    Profile,
    RelayMessage,
)
from tenant_apps.alumni.records.matching import name_keys, simplify

FIELD_NAMES = [name for name, _, _ in PRIVACY_FIELDS]
SEARCHABLE = ("class_year", "college", "major", "region", "industry", "employer")


def profile_of(user) -> Profile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Profile.objects.filter(member__user=user, member__status="approved", member__record__isnull=False).first()


def visible_q(field: str, viewer: Profile | None) -> Q:
    """Rows whose `field` this viewer may see."""
    allowed = Q(**{f"vis_{field}": Visibility.ALL})
    if viewer is not None and viewer.org_ids:
        allowed |= Q(**{f"vis_{field}": Visibility.CHAPTERS, "org_ids__overlap": viewer.org_ids})
    if viewer is not None:
        allowed |= Q(pk=viewer.pk)
    return allowed


def visible_columns(viewer: Profile | None) -> dict:
    return {f"shown_{field}": Case(When(visible_q(field, viewer), then=F(field)), default=Value(None)) for field in FIELD_NAMES if field not in CONTACT_FIELDS}


@dataclass
class DirectorySearch:
    q: str = ""
    class_year: int | None = None
    college: str = ""
    major: str = ""
    region: str = ""
    industry: str = ""
    employer: str = ""
    mentors_only: bool = False

    @classmethod
    def from_query(cls, params) -> DirectorySearch:
        year = str(params.get("class_year", "")).strip()
        return cls(q=str(params.get("q", "")).strip()[:50], class_year=int(year) if year.isdigit() else None,
                   college=str(params.get("college", "")).strip()[:50], major=str(params.get("major", "")).strip()[:50],
                   region=str(params.get("region", "")).strip()[:50], industry=str(params.get("industry", "")).strip()[:50],
                   employer=str(params.get("employer", "")).strip()[:50], mentors_only=params.get("mentors") in ("1", "true", True))


def directory_search(*, viewer: Profile | None, search: DirectorySearch) -> QuerySet:
    """Listed, living, verified alumni, with each field visible or NULL for this viewer."""
    queryset = Profile.objects.filter(listed=True, is_deceased=False)
    if search.q:
        text = simplify(search.q)
        if text.isascii():
            queryset = queryset.filter(Q(name_keys__contains=[text.lower().replace(" ", "")]) | Q(name__startswith=text))
        else:
            # Every reading of what was typed (张伟 also finds 张玮), or a name that starts with
            # it (a surname); longer fragments also match inside the name (trigram index).
            query = Q(name_keys__overlap=list(name_keys(text))) | Q(name__startswith=text)
            if len(text) >= 3:
                query |= Q(name__contains=text)
            queryset = queryset.filter(query)
    if search.class_year:
        queryset = queryset.filter(Q(class_year=search.class_year) & visible_q("class_year", viewer))
    for field in ("college", "major", "region", "industry", "employer"):
        value = getattr(search, field)
        if value:
            # LIKE (not ILIKE) so that the trigram indexes serve it; Chinese text has no case.
            queryset = queryset.filter(Q(**{f"{field}__contains": value}) & visible_q(field, viewer))
    if search.mentors_only:
        queryset = queryset.filter(mentor_offer__is_active=True)
    return queryset.annotate(**visible_columns(viewer)).only("pk", "name", "member_id").order_by("-class_year", "name", "pk")


def profile_card(*, viewer: Profile | None, profile: Profile) -> dict:
    """One profile as this viewer may see it; contacts only when visible or after an accepted
    card exchange between the two."""
    row = Profile.objects.filter(pk=profile.pk).annotate(**visible_columns(viewer)).first()
    data = {"id": profile.pk, "name": profile.name, "bio": profile.bio, "qr_token": profile.member.qr_token}
    data.update({field: getattr(row, f"shown_{field}") for field in FIELD_NAMES if field not in CONTACT_FIELDS})
    exchanged = viewer is not None and cards_exchanged(viewer, profile)
    for field in CONTACT_FIELDS:
        mine = viewer is not None and viewer.pk == profile.pk
        allowed = mine or exchanged or getattr(profile, f"vis_{field}") == Visibility.ALL or (
            getattr(profile, f"vis_{field}") == Visibility.CHAPTERS and viewer is not None and set(viewer.org_ids) & set(profile.org_ids))
        data[field] = getattr(profile, field) if allowed else None
    data["exchanged"] = exchanged
    return data


def cards_exchanged(a: Profile, b: Profile) -> bool:
    return CardRequest.objects.filter(status=RequestStatus.ACCEPTED).filter(Q(sender=a, receiver=b) | Q(sender=b, receiver=a)).exists()


def pending_card(a: Profile, b: Profile) -> CardRequest | None:
    return CardRequest.objects.filter(status=RequestStatus.PENDING).filter(Q(sender=a, receiver=b) | Q(sender=b, receiver=a)).first()


def cards_for(profile: Profile) -> QuerySet[CardRequest]:
    return CardRequest.objects.filter(Q(sender=profile) | Q(receiver=profile)).select_related("sender", "receiver").order_by("-created_at", "-pk")


def card_for_party(*, profile: Profile, pk: int) -> CardRequest | None:
    return cards_for(profile).filter(pk=pk).first()


def relay_messages(*, card: CardRequest | None = None, mentorship: MentorshipRequest | None = None) -> QuerySet[RelayMessage]:
    return RelayMessage.objects.filter(card=card) if card else RelayMessage.objects.filter(mentorship=mentorship)


def mentors(*, topic: str = "") -> QuerySet[MentorOffer]:
    queryset = MentorOffer.objects.filter(is_active=True, profile__listed=True, profile__is_deceased=False).select_related("profile")
    if topic:
        queryset = queryset.filter(topics__contains=[topic])
    return queryset


def mentorships_for(user) -> QuerySet[MentorshipRequest]:
    return MentorshipRequest.objects.filter(Q(requester=user) | Q(mentor__profile__member__user=user)).select_related("mentor__profile", "requester")


def mentorship_for_party(*, user, pk: int) -> MentorshipRequest | None:
    return mentorships_for(user).filter(pk=pk).first()
