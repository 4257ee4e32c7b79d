"""Records, matching members to records, merges and their reversal, deceased suppression."""

from __future__ import annotations

import datetime

import pytest

from tests.tenant_apps.alumni_records.conftest import (
    join_verified,
    make_alumnus_user,
    make_association,
    make_record,
)

pytestmark = pytest.mark.django_db


def test_record_keeps_source_and_date_per_field(in_tenant_a, admin_a):
    from tenant_apps.alumni.records.services import record_save

    record = make_record(admin_a, name="王芳", class_year=1985, major="英语", source="1985级学籍册")
    assert record.field_sources["name"]["source"] == "1985级学籍册"
    record = record_save(actor=admin_a, record=record, data={"employer": "上海外国语大学"}, source="本人电话核实", source_date=datetime.date(2024, 5, 1))
    assert record.field_sources["employer"] == {"source": "本人电话核实", "date": "2024-05-01"}
    assert record.field_sources["name"]["source"] == "1985级学籍册"


def test_renamed_college_is_found_under_its_current_name(in_tenant_a, admin_a):
    from tenant_apps.alumni.records.selectors import RecordSearch, record_search
    from tenant_apps.alumni.records.services import alias_save, college_save

    college = college_save(actor=admin_a, name="机械工程学院")
    alias_save(actor=admin_a, kind="college", name="机械系", canonical="机械工程学院", valid_from=1952, valid_to=1998)
    record = make_record(admin_a, name="李强", class_year=1980, college_name="机械系")
    assert record.college_id == college.pk
    assert list(record_search(search=RecordSearch(college_id=college.pk))) == [record]
    assert record in record_search(search=RecordSearch(q="liqiang"))


def test_member_with_polyphonic_surname_and_traditional_name_is_matched(in_tenant_a, admin_a):
    from tenant_apps.alumni.orgs.services import join_apply

    make_association(admin_a)
    record = make_record(admin_a, name="單偉", class_year=1990, birth_date=datetime.date(1972, 4, 5), college_name="数学系", major="数学")
    user = make_alumnus_user("单伟")
    membership = join_apply(user=user, data={"name": "单伟", "class_year": 1990, "birth_date": datetime.date(1972, 4, 5), "major": "数学"})
    member = membership.member
    member.refresh_from_db()
    assert member.record == record and member.is_verified
    candidate = member.candidates.get()
    assert candidate.status == "confirmed"
    assert any("繁简" in reason for reason in candidate.reasons) and any("出生日期一致" in reason for reason in candidate.reasons)
    assert membership.organization.is_root
    membership.refresh_from_db()
    assert membership.status == "approved"


def test_ambiguous_match_waits_for_a_reviewer(in_tenant_a, admin_a):
    from tenant_apps.alumni.orgs.services import join_apply
    from tenant_apps.alumni.records.services import candidate_confirm

    make_association(admin_a)
    a = make_record(admin_a, name="张伟", class_year=2001, major="会计学")
    make_record(admin_a, name="张伟", class_year=2001, major="会计学")
    user = make_alumnus_user("张伟")
    membership = join_apply(user=user, data={"name": "张伟", "class_year": 2001, "major": "会计学"})
    member = membership.member
    member.refresh_from_db()
    assert not member.is_verified and member.candidates.filter(status="pending").count() == 2
    membership.refresh_from_db()
    assert membership.status == "pending"
    candidate_confirm(actor=admin_a, candidate=member.candidates.get(record=a))
    member.refresh_from_db()
    membership.refresh_from_db()
    assert member.record == a and member.status == "approved" and membership.status == "approved"
    assert member.candidates.filter(status="rejected").count() == 1


def test_merge_field_by_field_and_reverse(in_tenant_a, admin_a):
    from tenant_apps.alumni.records.models import AlumniRecord, MergeLog
    from tenant_apps.alumni.records.services import merge_preview, merge_reverse, records_merge

    user, member, b = join_verified(name="刘洋", class_year=1999, birth=datetime.date(1981, 1, 2))
    a = make_record(admin_a, name="劉洋", class_year=1999, employer="甲公司", phone="13900001111")
    b_state = {f: getattr(b, f) for f in ("name", "employer", "phone", "birth_date", "college_name")}
    rows = {r.field: r for r in merge_preview(survivor=a, absorbed=b)}
    assert rows["birth_date"].choice == "b"  # empty on the survivor: the other value by default
    log = records_merge(actor=admin_a, survivor=a, absorbed=b, choices={"name": "b"})
    a.refresh_from_db()
    b.refresh_from_db()
    member.refresh_from_db()
    assert a.name == "刘洋" and a.employer == "甲公司" and a.birth_date == datetime.date(1981, 1, 2)
    assert b.merged_into_id == a.pk and member.record_id == a.pk
    merge_reverse(actor=admin_a, log=log)
    a.refresh_from_db()
    b.refresh_from_db()
    member.refresh_from_db()
    assert a.name == "劉洋" and a.birth_date is None and a.phone == "13900001111"
    assert {f: getattr(b, f) for f in b_state} == b_state and b.merged_into_id is None
    assert member.record_id == b.pk
    assert MergeLog.objects.get(pk=log.pk).reversed_at is not None
    assert AlumniRecord.objects.filter(merged_into__isnull=True, pk__in=[a.pk, b.pk]).count() == 2


def test_only_the_latest_merge_into_a_record_can_be_undone(in_tenant_a, admin_a):
    from core.errors import Conflict
    from tenant_apps.alumni.records.services import merge_reverse, records_merge

    a, b, c = (make_record(admin_a, name="赵敏", class_year=1995) for _ in range(3))
    first = records_merge(actor=admin_a, survivor=a, absorbed=b)
    records_merge(actor=admin_a, survivor=a, absorbed=c)
    with pytest.raises(Conflict):
        merge_reverse(actor=admin_a, log=first)


def test_duplicate_scan_finds_written_differently_pairs(in_tenant_a, admin_a):
    from tenant_apps.alumni.records.models import DuplicatePair
    from tenant_apps.alumni.records.services import duplicates_scan

    a = make_record(admin_a, name="陈静", class_year=1988, birth_date=datetime.date(1970, 2, 3))
    b = make_record(admin_a, name="陳靜", class_year=1988, birth_date=datetime.date(1970, 2, 3))
    make_record(admin_a, name="陈静", class_year=2010, birth_date=datetime.date(1992, 5, 6))
    assert duplicates_scan(actor=admin_a) == 1
    pair = DuplicatePair.objects.get()
    assert {pair.record_a_id, pair.record_b_id} == {a.pk, b.pk}
    assert duplicates_scan(actor=admin_a) == 0  # idempotent


def test_deceased_receive_nothing_through_the_gateway(in_tenant_a, admin_a):
    from tenant_apps.alumni.records.services import record_mark_deceased
    from tenant_apps.messaging.models import Delivery
    from tenant_apps.messaging.services import message_send
    from tests.tenant_apps.messaging.conftest import run_message

    user, member, record = join_verified(name="孙丽", class_year=1960, birth=datetime.date(1942, 6, 1))
    alive = make_record(admin_a, name="孙明", class_year=1960, phone="13900002222")
    record_mark_deceased(actor=admin_a, record=record, deceased_on=datetime.date(2025, 1, 1), source="家属告知")
    for audience in ({"resolver": "alumni.records", "filters": {"class_year": 1960}}, {"resolver": "alumni.members", "filters": {}}):
        message = message_send(actor=admin_a, subject="新年问候", body="祝校友新年快乐", channels=["letter", "sms"], audience=audience, purpose="greeting")
        run_message(message, "alpha")
        rows = {d.recipient_name: d for d in Delivery.objects.filter(message=message)}
        assert rows["孙丽"].status == "skipped" and rows["孙丽"].reason == "已故", audience
    rows = {d.recipient_name: d for d in Delivery.objects.filter(message__audience__resolver="alumni.records")}
    assert rows["孙明"].status != "skipped" and alive.pk


def test_deceased_alumnus_is_skipped_by_any_audience_and_explicit_lists(in_tenant_a, admin_a):
    """The generic platform-user audience and explicit recipient lists know nothing of alumni;
    the gateway asks the alumni records (`people.deceased_user_ids`) for every chunk."""
    from tenant_apps.alumni.records.services import record_mark_deceased
    from tenant_apps.messaging.models import Delivery
    from tenant_apps.messaging.recipients import Recipient
    from tenant_apps.messaging.services import message_send
    from tests.tenant_apps.messaging.conftest import run_message

    user, member, record = join_verified(name="钱坤", class_year=1958, birth=datetime.date(1940, 2, 1))
    living, _, _ = join_verified(name="钱程", class_year=1999, birth=datetime.date(1981, 7, 9))
    record_mark_deceased(actor=admin_a, record=record, deceased_on=datetime.date(2025, 3, 1), source="校友会讣告")
    users = message_send(actor=admin_a, subject="生日祝福", body="祝您生日快乐", channels=["letter"],
                         audience={"resolver": "accounts.users", "filters": {"user_ids": [user.pk, living.pk]}}, purpose="greeting")
    listed = message_send(actor=admin_a, subject="活动邀请", body="诚邀参加返校日", channels=["letter"],
                          recipients=[Recipient(user_id=user.pk, name="钱坤"), Recipient(user_id=living.pk, name="钱程")], purpose="notice")
    for message in (users, listed):
        run_message(message, "alpha")
        rows = {d.user_id: d for d in Delivery.objects.filter(message=message)}
        assert rows[user.pk].status == "skipped" and rows[user.pk].reason == "已故"
        assert rows[living.pk].status != "skipped"


def test_invitation_sms_carries_opt_out_and_skips_refusers(in_tenant_a, admin_a):
    from tenant_apps.alumni.records.models import AlumniRecord
    from tenant_apps.alumni.records.services import records_invite

    a = make_record(admin_a, name="周杰", phone="13900003333")
    b = make_record(admin_a, name="周洁", phone="13900004444")
    AlumniRecord.objects.filter(pk=b.pk).update(contact_opt_out=True)
    message = records_invite(actor=admin_a, records=AlumniRecord.objects.filter(pk__in=[a.pk, b.pk]), text="校友会邀请您加入")
    assert message.body.endswith("拒收请回复R") and message.is_commercial


def test_graduates_become_alumni_without_contacts_they_did_not_share(in_tenant_a, admin_a):
    from core import hooks
    from tenant_apps.alumni.records.models import AlumniRecord

    payload = [
        {"student_number": "2021001", "name": "吴昊", "gender": "男", "id_number": "110101200301011234", "graduation_year": 2025, "education": "本科",
         "college": "计算机学院", "major": "软件工程", "phone": "13900005555", "email": "wh@example.com", "destination": {"employer_name": "某科技公司"}},
        {"student_number": "2021002", "name": "郑爽", "gender": "女", "graduation_year": 2025, "education": "本科", "college": "计算机学院", "major": "软件工程",
         "phone": "13900006666", "email": "", "share_contact": True, "destination": {}},
    ]
    hooks.publish("employment.cohort_graduated", graduation_year=2025, records=payload, actor=admin_a)
    hooks.publish("employment.cohort_graduated", graduation_year=2025, records=payload, actor=admin_a)  # twice: nothing new
    first, second = AlumniRecord.objects.get(student_no="2021001"), AlumniRecord.objects.get(student_no="2021002")
    assert AlumniRecord.objects.filter(student_no__in=["2021001", "2021002"]).count() == 2
    assert first.first_employer == "某科技公司" and first.class_year == 2021 and first.gender == "m"
    assert first.phone == "" and first.email == "" and first.id_number == "" and first.id_number_hash
    assert second.phone == "13900006666"
    assert first.field_sources["name"]["source"].startswith("2025 届毕业生")


def test_bulk_insert_stores_what_the_orm_would(in_tenant_a):
    """records_bulk_create (demo seeder, benchmarks) writes through fast_insert, which skips
    Django's value preparation for plain fields: personal data must still be encrypted at rest,
    and every kind of column must read back as written."""
    from django.db import connection

    from tenant_apps.alumni.records.models import AlumniRecord, College
    from tenant_apps.alumni.records.services import records_bulk_create

    College.objects.get_or_create(name="外语系")
    rows = [{"name": "單偉", "class_year": 1982, "graduation_year": 1986, "birth_date": datetime.date(1964, 5, 3), "college_name": "外语系",
             "major": "英语", "phone": "13912345678", "id_number": "110101196405030012", "is_deceased": True,
             "deceased_on": datetime.date(2021, 3, 1), "deceased_source": "家属告知", "extra": {"班级": "英语82-1"}}]
    assert records_bulk_create(rows=rows, source="批量测试", source_date=datetime.date(2024, 9, 1)) == 1

    record = AlumniRecord.objects.get(name="單偉", source="批量测试")
    assert (record.phone, record.id_number, record.birth_date, record.class_year) == ("13912345678", "110101196405030012", datetime.date(1964, 5, 3), 1982)
    assert record.is_deceased and record.deceased_on == datetime.date(2021, 3, 1)
    assert record.extra == {"班级": "英语82-1"}
    assert record.college is not None and record.college.name == "外语系"
    assert record.name_simplified == "单伟" and record.name_keys
    assert record.field_sources["name"] == {"source": "批量测试", "date": "2024-09-01"}
    assert record.created_at is not None and record.updated_at is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, id_number FROM alumni_records_alumnirecord WHERE id = %s", [record.pk])
        stored_phone, stored_id = cursor.fetchone()
    assert "13912345678" not in stored_phone and "110101196405030012" not in stored_id
