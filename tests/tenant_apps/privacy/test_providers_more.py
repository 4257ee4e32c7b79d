"""The providers added after the first five (alumni giving, outreach, card, albums, shop and the
employment services): for two people with data in each module, the export holds the person's
own rows and not the other's; erasure deletes or pseudonymises what it declares (the tables are
queried afterwards) and leaves the other person untouched."""

from __future__ import annotations

import datetime
import json
import uuid

import pytest
from django.utils import timezone

from core.crypto import blind_index
from core.personal_data import ERASE, Subject, personal_data_providers
from tests.tenant_apps.alumni_giving.conftest import qualified  # noqa: F401 - fixture
from tests.tenant_apps.employment_agreements.conftest import (  # noqa: F401 - fixtures re-exported
    accept,
    admin_alpha,
    invite,
    sign,
    world,
)

pytestmark = pytest.mark.django_db


def _provider(name):
    return next(p for p in personal_data_providers() if p.name == name)


def _subject(user) -> Subject:
    return Subject(user_id=user.pk, username=user.username, display_name=user.display_name, phone=user.phone or "", email=user.email or "")


def _export(name, user) -> dict:
    sections = _provider(name).collect(_subject(user))
    return {s.kind: s.rows for s in sections}


def _text(export: dict) -> str:
    return json.dumps(export, ensure_ascii=False, default=str)


def _erase(name, user) -> dict:
    provider = _provider(name)
    steps = {step.kind: step for step in provider.erase(_subject(user))}
    assert set(steps) == {kind.key for kind in provider.kinds}  # one step per declared kind
    return steps


def test_new_providers_are_registered_with_reasons():
    names = {p.name for p in personal_data_providers()}
    assert {"alumni_giving", "alumni_outreach", "alumni_card", "alumni_albums", "alumni_shop", "employment_services"} <= names
    for name in ("alumni_giving", "alumni_outreach", "alumni_shop", "employment_services"):
        assert any(kind.on_erasure != ERASE and kind.legal_reason for kind in _provider(name).kinds), name
    # outreach runs before messaging (opens are found through deliveries), agreements before employment (through the record)
    order = [p.name for p in personal_data_providers()]
    assert order.index("alumni_outreach") < order.index("messaging")
    assert order.index("employment_services") < order.index("employment")


def test_giving(in_tenant_a, qualified):  # noqa: F811 - the fixture imported above
    from tenant_apps.alumni.giving.models import Donation
    from tests.tenant_apps.alumni_giving.conftest import make_member, make_project

    project = make_project()
    people = [make_member(), make_member()]
    for user, name in zip(people, ["捐赠人甲", "捐赠人乙"], strict=True):
        Donation.objects.create(number=f"D{uuid.uuid4().hex[:10]}", project=project, donor=user, donor_name=name, message=f"{name}的留言",
                                answers={"班级": f"{name}班"}, amount_fen=20000, status="paid", certificate_number=f"ZS{uuid.uuid4().hex[:8]}")
    person, other = people
    export = _export("alumni_giving", person)
    assert export["alumni_giving.donations"][0]["捐赠人"] == "捐赠人甲"
    assert len(export["alumni_giving.certificates"]) == 1 and export["alumni_giving.answers"][0]["填写内容"] == {"班级": "捐赠人甲班"}
    assert "捐赠人乙" not in _text(export)

    steps = _erase("alumni_giving", person)
    assert steps["alumni_giving.donations"].count == 1 and steps["alumni_giving.answers"].count == 1
    kept = Donation.objects.get(donor=person)
    assert kept.donor_name.startswith("已注销用户-") and kept.is_anonymous and kept.message == "" and kept.answers == {}
    assert kept.amount_fen == 20000 and kept.certificate_number  # the accounting record stays
    untouched = Donation.objects.get(donor=other)
    assert untouched.donor_name == "捐赠人乙" and untouched.answers == {"班级": "捐赠人乙班"} and not untouched.is_anonymous


def test_outreach(in_tenant_a):
    from tenant_apps.accounts.models import User
    from tenant_apps.alumni.outreach.models import EmailOpen, Unsubscribe, UploadedRecipient
    from tenant_apps.messaging import services as messaging
    from tenant_apps.messaging.models import Delivery
    from tenant_apps.messaging.recipients import Recipient
    from tests.tenant_apps.alumni_outreach.conftest import make_campaign, phone
    from tests.tenant_apps.messaging.conftest import run_message

    campaign = make_campaign(channel="email")
    people = []
    for n, name in enumerate(["群发甲", "群发乙"]):
        user = User.objects.create_user(username=f"out-{uuid.uuid4().hex[:8]}", password="Out-pass-2026", kind="alumnus", display_name=name,
                                        phone=phone(), email=f"{uuid.uuid4().hex[:8]}@Example.cn")
        UploadedRecipient.objects.create(campaign=campaign, row_number=n + 1, name=name, email=user.email.lower(), phone=user.phone)
        Unsubscribe.objects.create(channel="email", address_hash=blind_index(user.email), campaign=campaign)
        message = messaging.message_send(actor=None, subject="返校日", body="欢迎", channels=["sms"],
                                         recipients=[Recipient(user_id=user.pk, name=name, phone=user.phone)])
        run_message(message)
        EmailOpen.objects.create(campaign=campaign, delivery_id=Delivery.objects.get(user=user).pk, open_count=2)
        people.append(user)
    UploadedRecipient.objects.create(campaign=campaign, row_number=9, name="别人", email="someone@example.cn", phone=phone())
    person, other = people

    export = _export("alumni_outreach", person)
    assert [row["姓名"] for row in export["alumni_outreach.uploaded_recipients"]] == ["群发甲"]
    assert len(export["alumni_outreach.unsubscribes"]) == 1 and export["alumni_outreach.email_opens"][0]["打开次数"] == 2
    assert "群发乙" not in _text(export) and other.phone not in _text(export)

    steps = _erase("alumni_outreach", person)
    assert steps["alumni_outreach.uploaded_recipients"].count == 1 and steps["alumni_outreach.email_opens"].count == 1
    assert sorted(UploadedRecipient.objects.filter(campaign=campaign).values_list("name", flat=True)) == ["别人", "群发乙"]
    # the refusal stays (a keyed hash only), so the address is never mailed again
    assert Unsubscribe.objects.filter(address_hash=blind_index(person.email)).exists()
    other_delivery = Delivery.objects.get(user=other)
    assert list(EmailOpen.objects.filter(campaign=campaign).values_list("delivery_id", flat=True)) == [other_delivery.pk]


def test_card(in_tenant_a):
    from tenant_apps.alumni.card.models import Card, Check, Coupon, KeyAlumnus, Scan
    from tests.tenant_apps.alumni_card.conftest import card_holder, make_batch, make_partner

    partner = make_partner()
    batch = make_batch(partner)
    holders = [card_holder("云卡甲"), card_holder("云卡乙")]
    for card, record in holders:
        scan = Scan.objects.create(partner=partner, card=card)
        Check.objects.create(partner=partner, scan=scan, result="ok")
        Coupon.objects.create(batch=batch, user=card.user, code=f"C{uuid.uuid4().hex[:10]}")
        KeyAlumnus.objects.create(record=record, note=f"{record.name}是重点校友")
    (card, record), (other_card, other_record) = holders
    person = card.user

    export = _export("alumni_card", person)
    assert export["alumni_card.card"][0]["卡号"] == card.number
    assert len(export["alumni_card.scans"]) == 1 and len(export["alumni_card.coupons"]) == 1
    assert export["alumni_card.key_alumnus"] == [{"备注": f"{record.name}是重点校友", **{k: v for k, v in export["alumni_card.key_alumnus"][0].items() if k != "备注"}}]
    assert "云卡乙" not in _text(export) and other_card.number not in _text(export)

    steps = _erase("alumni_card", person)
    assert steps["alumni_card.card"].count == 1 and steps["alumni_card.scans"].count == 1
    assert not Card.objects.filter(user=person).exists() and not Scan.objects.filter(card__user=person).exists()
    assert not Coupon.objects.filter(user=person).exists() and not KeyAlumnus.objects.filter(record=record).exists()
    assert Check.objects.count() == 1
    assert Card.objects.filter(pk=other_card.pk).exists() and Scan.objects.filter(card=other_card).count() == 1
    assert Coupon.objects.filter(user=other_card.user).count() == 1 and KeyAlumnus.objects.filter(record=other_record).exists()


def test_albums(in_tenant_a):
    from django.core.files.storage import storages

    from tenant_apps.alumni.albums.models import (
        Album,
        AlbumPhoto,
        FaceConsent,
        FaceEnrolment,
        FaceSearchLog,
        PhotoFace,
    )
    from tests.tenant_apps.alumni_albums.conftest import blank_picture, make_album, make_user

    shared = make_album()
    people = [make_user(), make_user()]
    own_albums = []
    for user in people:
        consent = FaceConsent.objects.create(user=user, text_version="v1", text="同意人脸查找", expires_at=timezone.now() + datetime.timedelta(days=365))
        FaceEnrolment.objects.create(user=user, consent=consent, encoding="encrypted-encoding")
        FaceSearchLog.objects.create(user=user, faces_compared=10, photos_found=2)
        photo = AlbumPhoto.objects.create(album=shared, image=blank_picture(f"{user.username}.jpg"), caption=f"{user.display_name}的照片", uploaded_by=user)
        PhotoFace.objects.create(photo=photo, album_id=shared.pk, encoding="x", box=[0, 0, 10, 10])
        own = Album.objects.create(title=f"{user.display_name}的相册", owner=user)
        own_albums.append(own)
    AlbumPhoto.objects.create(album=own_albums[0], image=blank_picture("guest.jpg"), caption="来宾的照片", uploaded_by=people[1])
    person, other = people
    photo = AlbumPhoto.objects.get(uploaded_by=person)
    stored = photo.image.name

    export = _export("alumni_albums", person)
    assert len(export["alumni_albums.face_consent"]) == 1 and len(export["alumni_albums.face_enrolment"]) == 1
    assert [row for row in export["alumni_albums.photos"] if f"{person.display_name}的照片" in row.values()]
    assert len(export["alumni_albums.photos"]) == 1 and len(export["alumni_albums.search_log"]) == 1
    assert other.display_name not in _text(export) and "来宾的照片" not in _text(export)

    steps = _erase("alumni_albums", person)
    assert steps["alumni_albums.photos"].count == 1 and steps["alumni_albums.face_enrolment"].count == 1
    for model, field in ((FaceConsent, "user"), (FaceEnrolment, "user"), (FaceSearchLog, "user"), (AlbumPhoto, "uploaded_by")):
        assert not model.objects.filter(**{field: person}).exists(), model
        assert model.objects.filter(**{field: other}).exists(), model
    assert not PhotoFace.objects.filter(photo_id=photo.pk).exists() and not storages["default"].exists(stored)
    kept = Album.objects.get(pk=own_albums[0].pk)  # holds the other person's photo: stays, without its creator
    assert kept.owner_id is None and kept.photos.count() == 1
    assert Album.objects.get(pk=own_albums[1].pk).owner_id == other.pk


def test_shop(in_tenant_a):
    from tenant_apps.alumni.shop.models import Order, PointsAccount, PointsEntry
    from tests.tenant_apps.alumni_albums.conftest import make_user
    from tests.tenant_apps.alumni_shop.conftest import make_goods, place

    goods = make_goods()
    people = [make_user(), make_user()]
    for user, (name, phone) in zip(people, [("收货甲", "13911110001"), ("收货乙", "13911110002")], strict=True):
        place(goods, user=user, recipient_name=name, recipient_phone=phone, address=f"{name}家的地址", note=f"{name}的留言")
        account = PointsAccount.objects.create(user=user, balance=30)
        PointsEntry.objects.create(account=account, delta=30, balance_after=30, reason=f"{name}签到")
    person, other = people

    export = _export("alumni_shop", person)
    assert export["alumni_shop.recipient"][0]["收货人手机号"] == "13911110001" and export["alumni_shop.orders"][0]["收货地址"] == "收货甲家的地址"
    assert [row["说明"] for row in export["alumni_shop.points"] if "说明" in row] == ["收货甲签到"]
    assert "收货乙" not in _text(export) and "13911110002" not in _text(export)

    steps = _erase("alumni_shop", person)
    assert steps["alumni_shop.orders"].count == 1 and steps["alumni_shop.recipient"].count == 1
    kept = Order.objects.get(user=person)
    assert (kept.recipient_name, kept.recipient_phone, kept.recipient_phone_hash, kept.address, kept.note) == ("", "", "", "", "")
    assert kept.total_fen == goods.price_fen and kept.order_no  # the accounting record stays
    assert not PointsAccount.objects.filter(user=person).exists() and not PointsEntry.objects.filter(account__user=person).exists()
    untouched = Order.objects.get(user=other)
    assert (untouched.recipient_name, untouched.recipient_phone, untouched.address) == ("收货乙", "13911110002", "收货乙家的地址")
    assert PointsEntry.objects.filter(account__user=other).count() == 1


def test_employment_services(world):  # noqa: F811 - the fixture imported above
    from django.core.files.storage import storages
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tenant_apps.employment.agreements.models import Agreement
    from tenant_apps.employment.assessment.models import AssessmentResult
    from tenant_apps.employment.chat.models import ChatMessage, Conversation
    from tenant_apps.employment.fairs.models import Fair, FairFollow, FairTicket
    from tenant_apps.employment.qa.models import (
        AdvisingBooking,
        AdvisingSlot,
        Question,
        QuestionMessage,
    )
    from tenant_apps.employment.recommend.models import JobIntention, Recommendation
    from tenant_apps.employment.sessions.models import SessionSignup
    from tenant_apps.employment.surveys.models import SurveyResponse
    from tests.tenant_apps.employment_chat.conftest import live_job
    from tests.tenant_apps.employment_sessions.conftest import published
    from tests.tenant_apps.employment_surveys.conftest import build_survey

    admin = world["admin"]
    records = world["cohort"][:2]
    people = [record.user for record in records]
    job = live_job(admin)
    now = timezone.now()
    fair = Fair.objects.create(title="春季双选会", location="体育馆", starts_at=now + datetime.timedelta(days=3), ends_at=now + datetime.timedelta(days=3, hours=4))
    session = published(admin)
    survey, _questions = build_survey(admin)
    slot = AdvisingSlot.objects.create(advisor=admin, kind="resume_review", starts_at=now + datetime.timedelta(days=2),
                                       ends_at=now + datetime.timedelta(days=2, hours=1), capacity=5, booked_count=2)
    for user in people:
        name = user.display_name
        FairTicket.objects.create(fair=fair, holder_kind="student", student=user, serial=uuid.uuid4().hex[:12], code="ticket-code", checked_in_at=now)
        FairFollow.objects.create(fair=fair, student=user, employer=job.employer)
        SessionSignup.objects.create(session=session, student=user, resume=SimpleUploadedFile(f"{user.username}.pdf", b"%PDF-1.4 resume"))
        conversation = Conversation.objects.create(job=job, employer=job.employer, student=user, started_by="student")
        ChatMessage.objects.create(conversation=conversation, sender=user, side="student", body=f"{name}想了解岗位")
        question = Question.objects.create(student=user, title=f"{name}的提问", last_message_at=now)
        QuestionMessage.objects.create(question=question, author=user, side="student", body=f"{name}问：可以实习吗")
        AdvisingBooking.objects.create(slot=slot, student=user, topic=f"{name}的简历", status="booked")
        SurveyResponse.objects.create(survey=survey, student=user, answers={"5": f"{name}的意见"}, submitted_at=now)
        AssessmentResult.objects.create(student=user, instrument="riasec", code="RIA", answers={"1": 3}, scores={"R": 10})
        JobIntention.objects.create(student=user, salary_floor=8000)
        Recommendation.objects.create(student=user, job=job, score=90, computed_at=now, first_seen_at=now)
    signed = sign(invite(world["employer"], records[0]), world)
    other_agreement = accept(invite(world["employer"], records[1]))
    person, other = people
    assert signed.status == "signed" and signed.document
    document = signed.document.name
    resume = SessionSignup.objects.get(student=person).resume.name

    export = _export("employment_services", person)
    for kind in ("employment.fair_tickets", "employment.fair_follows", "employment.session_signups", "employment.chat", "employment.questions",
                 "employment.advising", "employment.survey_responses", "employment.assessments", "employment.agreements"):
        assert len(export[kind]) == 1, kind
    assert len(export["employment.recommendations"]) == 2
    text = _text(export)
    assert f"{person.display_name}想了解岗位" in text and f"{person.display_name}问：可以实习吗" in text and signed.number in text
    assert other.display_name not in text and other_agreement.number not in text

    steps = _erase("employment_services", person)
    assert steps["employment.agreements"].count == 1 and steps["employment.chat"].count == 1
    for model in (FairTicket, FairFollow, SessionSignup, Conversation, Question, AdvisingBooking, SurveyResponse, AssessmentResult, JobIntention,
                  Recommendation):
        assert not model.objects.filter(student=person).exists(), model
        assert model.objects.filter(student=other).exists(), model
    assert not ChatMessage.objects.filter(sender=person).exists() and ChatMessage.objects.filter(sender=other).exists()
    assert not QuestionMessage.objects.filter(author=person).exists()
    assert not storages["default"].exists(resume)
    slot.refresh_from_db()
    assert slot.booked_count == 1  # the place freed up
    kept = Agreement.objects.get(pk=signed.pk)
    assert kept.status == "signed" and kept.content_hash and not kept.document and not storages["default"].exists(document)
    assert kept.content["student"]["name"].startswith("已注销用户-") and kept.content["student"]["student_number"] == ""
    assert records[0].name not in json.dumps(kept.content, ensure_ascii=False)
    untouched = Agreement.objects.get(pk=other_agreement.pk)
    assert untouched.content == other_agreement.content


def test_request_flow_carries_the_new_providers(officer, qualified):  # noqa: F811 - the fixture imported above
    """Through the privacy services: the zip/PDF export holds the new sections, the erasure
    report names what was kept and why, and the shop order is kept without its contact fields."""
    import io
    import zipfile

    from django.core.files.storage import storages

    from tenant_apps.alumni.giving.models import Donation
    from tenant_apps.alumni.shop.models import Order
    from tenant_apps.privacy import services
    from tests.tenant_apps.alumni_giving.conftest import make_member, make_project
    from tests.tenant_apps.alumni_shop.conftest import make_goods, place

    person = make_member()
    Donation.objects.create(number=f"D{uuid.uuid4().hex[:10]}", project=make_project(), donor=person, donor_name="流程捐赠人", amount_fen=5000,
                            status="paid", message="母校加油")
    place(make_goods(), user=person, recipient_name="流程收货人", recipient_phone="13922220001", address="流程地址 8 号")

    access = services.request_create(actor=person, subject=person, kind="access")
    exported = services.request_export(actor=officer, request=access)
    assert exported.export_pdf.name.endswith(".pdf")
    with storages["default"].open(exported.export_archive.name, "rb") as handle:
        payload = json.loads(zipfile.ZipFile(io.BytesIO(handle.read())).read("data.json"))
    text = json.dumps(payload, ensure_ascii=False)
    assert "流程捐赠人" in text and "13922220001" in text and "流程地址 8 号" in text

    erasure = services.request_create(actor=officer, subject=person, kind="erasure", details="请删除")
    report = {step["kind"]: step for step in services.request_erase(actor=officer, request=erasure).erasure_report}
    assert report["alumni_giving.donations"]["action"] == "pseudonymise" and "会计档案管理办法" in report["alumni_giving.donations"]["legal_reason"]
    assert report["alumni_shop.recipient"]["action"] == "erase" and report["alumni_shop.recipient"]["count"] == 1
    order = Order.objects.get(user_id=person.pk)
    assert (order.recipient_name, order.recipient_phone, order.address) == ("", "", "")
    assert Donation.objects.get(donor_id=person.pk).donor_name.startswith("已注销用户-")
