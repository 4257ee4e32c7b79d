import datetime
import os

import pytest
from django.utils import timezone

from core.errors import ApplicationError, Conflict, PermissionDenied
from tests.tenant_apps.experts.conftest import make_domain_tree, make_expert, make_staff

pytestmark = pytest.mark.django_db


def test_phone_is_unique_with_a_clear_message(in_bureau):
    make_expert(phone="13900001111", name="王海燕")
    with pytest.raises(Conflict) as exc:
        make_expert(phone="13900001111", name="李强")
    assert "139****1111" in exc.value.message and "王海燕" in exc.value.message


def test_eligible_excludes_blacklisted_deleted_frozen_on_leave_and_unapproved(in_bureau, bureau_admin):
    from tenant_apps.experts import services
    from tenant_apps.experts.models import Expert
    from tenant_apps.experts.selectors import eligible_experts, exclusion_counts

    ok, black, gone, frozen, leave, later = (make_expert(name=f"专家{i}") for i in range(6))
    draft = Expert.objects.create(name="草稿专家", status="draft")
    services.experts_blacklist(actor=bureau_admin, experts=[black], reason="倾向性打分")
    services.experts_delete(actor=bureau_admin, experts=[gone])
    Expert.objects.filter(pk=frozen.pk).update(frozen_at=timezone.now())
    today = timezone.localdate()
    services.leave_create(actor=bureau_admin, expert=leave, start_date=today, end_date=today + datetime.timedelta(days=10), reason="business")
    services.leave_create(actor=bureau_admin, expert=later, start_date=today + datetime.timedelta(days=30), end_date=today + datetime.timedelta(days=40), reason="study")
    pool = set(eligible_experts().values_list("pk", flat=True))
    assert ok.pk in pool and later.pk in pool
    assert not pool & {black.pk, gone.pk, frozen.pk, leave.pk, draft.pk}
    # a project in the later leave's period excludes that expert too; leave ends by itself
    period = set(eligible_experts(start=today + datetime.timedelta(days=35), end=today + datetime.timedelta(days=36)).values_list("pk", flat=True))
    assert later.pk not in period and leave.pk in period
    counts = exclusion_counts()
    assert counts["blacklisted"] >= 1 and counts["deleted"] >= 1 and counts["frozen"] >= 1 and counts["on_leave"] >= 1
    services.experts_restore(actor=bureau_admin, experts=[gone])
    services.experts_unblacklist(actor=bureau_admin, experts=[black])
    assert {gone.pk, black.pk} <= set(eligible_experts().values_list("pk", flat=True))


def test_leave_cancel_and_date_checks(in_bureau, bureau_admin):
    from tenant_apps.experts import services
    from tenant_apps.experts.selectors import eligible_experts

    expert = make_expert()
    today = timezone.localdate()
    with pytest.raises(ApplicationError):
        services.leave_create(actor=bureau_admin, expert=expert, start_date=today, end_date=today - datetime.timedelta(days=1), reason="other")
    leave = services.leave_create(actor=bureau_admin, expert=expert, start_date=today, end_date=today + datetime.timedelta(days=3), reason="other")
    with pytest.raises(ApplicationError):
        services.leave_create(actor=bureau_admin, expert=expert, start_date=today + datetime.timedelta(days=1), end_date=today + datetime.timedelta(days=5), reason="other")
    assert not eligible_experts().filter(pk=expert.pk).exists()
    services.leave_cancel(actor=bureau_admin, leave=leave)
    assert eligible_experts().filter(pk=expert.pk).exists()


def test_domain_tree_is_three_levels_and_search_includes_descendants(in_bureau, bureau_admin):
    from tenant_apps.experts.selectors import ExpertSearch, expert_search
    from tenant_apps.experts.services import domain_save

    top, mid, leaf, other = make_domain_tree()
    with pytest.raises(ApplicationError):
        domain_save(actor=None, name="第四级", parent=leaf)
    in_leaf = make_expert(domains=[leaf])
    elsewhere = make_expert(domains=[other])
    found = set(expert_search(actor=bureau_admin, search=ExpertSearch(domain_ids=[top.pk])).values_list("pk", flat=True))
    assert in_leaf.pk in found and elsewhere.pk not in found


def test_keyword_and_fuzzy_search(in_bureau, bureau_admin):
    from tenant_apps.experts.selectors import ExpertSearch, expert_search

    _, _, leaf, _ = make_domain_tree()
    a = make_expert(name="欧阳振华", employer="华中科技大学", title="正高级工程师", domains=[leaf])
    b = make_expert(name="李卫东", employer="中国建筑设计研究院", title="高级工程师")

    def ids(q):
        return set(expert_search(actor=bureau_admin, search=ExpertSearch(q=q)).values_list("pk", flat=True))

    assert a.pk in ids("欧阳") and b.pk not in ids("欧阳")       # fuzzy name
    assert a.pk in ids("华中科技") and b.pk not in ids("华中科技")  # fuzzy employer
    assert a.pk in ids("结构工程")                                 # keyword over domains
    assert b.pk in ids("建筑设计")                                 # keyword over employer tokens
    assert {a.pk, b.pk} <= ids("工程师")


def test_registration_two_level_review_certificate_and_points(in_bureau, bureau_admin):
    from tenant_apps.experts import services
    from tenant_apps.experts.models import ExpertReview, PointEntry
    from tenant_apps.experts.selectors import certificate_status, current_certificate, review_levels

    assert [lv.name for lv in review_levels()] == ["专家委员会审核", "总管理员审核"]
    _, _, leaf, _ = make_domain_tree()
    recommender = make_expert(name="推荐人")
    invitation = services.recommendation_send(actor=None, recommender=recommender, name="新专家", email="new@example.com", join_url="https://x/join/")
    from tenant_apps.accounts.models import User
    from tenant_apps.experts.models import Expert

    user = User.objects.create_user(username="exp1", kind="expert", phone="13500000009")
    expert = services._expert_for_user(user=user, channel="sms", target="13500000009", invite_token=invitation.token)
    assert expert.source == "recommended" and expert.recommended_by == recommender
    services.expert_draft_save(actor=user, expert=expert, step=1, values={"name": "新专家", "gender": "male"})
    with pytest.raises(ApplicationError):
        services.expert_submit(actor=user, expert=expert, pledge=True)
    services.expert_draft_save(actor=user, expert=expert, step=2, values={"employer": "东南大学", "title": "教授"})
    services.expert_draft_save(actor=user, expert=expert, step=3, values={"domains": [leaf.pk]})
    services.expert_submit(actor=user, expert=expert, pledge=True)
    committee = make_staff(username="committee", perms=["experts.review_expert", "experts.view_expert"])
    outsider = make_staff(username="noreview", perms=["experts.view_expert"])
    with pytest.raises(PermissionDenied):
        services.expert_review(actor=outsider, expert=expert, decision="approve")
    services.expert_review(actor=committee, expert=expert, decision="approve", note="同意")
    expert.refresh_from_db()
    assert expert.status == "pending" and expert.review_level == 2
    services.expert_review(actor=bureau_admin, expert=expert, decision="approve")
    expert.refresh_from_db()
    assert expert.status == "approved" and ExpertReview.objects.filter(expert=expert).count() == 2
    certificate = current_certificate(expert)
    assert certificate is not None and certificate_status(certificate) == "valid"
    assert expert.points == 10 and PointEntry.objects.filter(expert=recommender, event="recommended").exists()
    assert expert.avoidance_units.filter(name="东南大学", kind="current_employer").exists()
    services.certificate_revoke(actor=bureau_admin, certificate=certificate, reason="测试")
    assert certificate_status(certificate) == "revoked"
    assert Expert.objects.get(pk=expert.pk).status == "approved"


def test_rejection_lets_the_expert_resubmit(in_bureau, bureau_admin):
    from tenant_apps.experts import services
    from tenant_apps.experts.models import Expert

    _, _, leaf, _ = make_domain_tree()
    expert = Expert.objects.create(name="申请人", employer="某大学", title="讲师", phone="13512345678")
    expert.domains.add(leaf)
    services.expert_submit(actor=None, expert=expert, pledge=True)
    with pytest.raises(ApplicationError):
        services.expert_review(actor=bureau_admin, expert=expert, decision="reject", note="")
    services.expert_review(actor=bureau_admin, expert=expert, decision="reject", note="材料不全")
    expert.refresh_from_db()
    assert expert.status == "rejected"
    services.expert_submit(actor=None, expert=expert, pledge=True)
    expert.refresh_from_db()
    assert expert.status == "pending" and expert.review_level == 1


def test_sensitive_changes_wait_for_approval_and_keep_history(in_bureau, bureau_admin):
    from tenant_apps.experts import services

    expert = make_expert(employer="旧单位", title="副教授")
    records = services.expert_change(actor=None, expert=expert, values={"employer": "新单位", "education": "博士研究生", "bank_account": "6222020000001234"}, by_admin=False)
    statuses = {r.status: r for r in records}
    expert.refresh_from_db()
    assert expert.education == "博士研究生" and expert.employer == "旧单位" and expert.bank_account == ""
    pending = statuses["pending"]
    assert pending.before["employer"] == "旧单位" and pending.after["employer"] == "新单位"
    assert "1234" in pending.after["bank_account"] and pending.after["bank_account"] != "6222020000001234"
    services.change_review(actor=bureau_admin, change=pending, approve=True)
    expert.refresh_from_db()
    assert expert.employer == "新单位" and expert.bank_account == "6222020000001234"
    kinds = dict(expert.avoidance_units.values_list("name", "kind"))
    assert kinds == {"旧单位": "former_employer", "新单位": "current_employer"}


def test_campaign_freezes_silent_experts_until_they_confirm(in_bureau, bureau_admin, django_capture_on_commit_callbacks):
    from tenant_apps.experts import services
    from tenant_apps.experts.models import ExpertConfirmation
    from tenant_apps.experts.selectors import eligible_experts

    quiet, diligent = make_expert(name="沉默"), make_expert(name="积极")
    campaign = services.campaign_start(actor=bureau_admin, title="2025 年度确认", deadline=timezone.now() + datetime.timedelta(days=1), confirm_url="https://x/confirm/")
    services.expert_confirm(token=ExpertConfirmation.objects.get(campaign=campaign, expert=diligent).token)
    assert services.campaigns_freeze_overdue(now=timezone.now()) == 0
    later = timezone.now() + datetime.timedelta(days=2)
    assert services.campaigns_freeze_overdue(now=later) == 1
    assert services.campaigns_freeze_overdue(now=later) == 0  # idempotent
    assert not eligible_experts().filter(pk=quiet.pk).exists() and eligible_experts().filter(pk=diligent.pk).exists()
    services.expert_confirm(token=ExpertConfirmation.objects.get(campaign=campaign, expert=quiet).token)
    assert eligible_experts().filter(pk=quiet.pk).exists()


def test_participation_awards_points_once_and_counts_draws(in_bureau):
    from tenant_apps.experts import services
    from tenant_apps.experts.models import Expert

    expert = make_expert()
    services.participation_record(actor=None, expert=expert, kind="drawn", project_id=7, project_title="某项目评审")
    services.participation_record(actor=None, expert=expert, kind="attended", project_id=7, project_title="某项目评审")
    services.participation_record(actor=None, expert=expert, kind="attended", project_id=7, project_title="某项目评审")
    expert = Expert.objects.get(pk=expert.pk)
    assert expert.times_drawn == 1 and expert.points == 20 and expert.point_entries.count() == 1


def test_reveal_window_and_audit(in_bureau, bureau_admin):
    from core.models import AuditEvent
    from tenant_apps.experts import services
    from tenant_apps.experts.selectors import (
        can_reveal,
        library_settings,
        masked,
        reveal_window_open,
    )

    settings_row = library_settings()
    settings_row.reveal_hours_before = 3
    settings_row.save()
    opens = timezone.now() + datetime.timedelta(hours=5)
    assert not reveal_window_open(project_starts_at=opens)
    assert reveal_window_open(project_starts_at=opens, now=opens - datetime.timedelta(hours=3))
    assert not reveal_window_open(project_starts_at=opens, now=opens - datetime.timedelta(hours=3, seconds=1))
    operator = make_staff(username="operator", perms=["experts.view_expert"])
    assert not can_reveal(operator) and can_reveal(operator, project_starts_at=opens, now=opens - datetime.timedelta(hours=1))
    expert = make_expert(name="欧阳建华", phone="13812345678", employer="中国电力工程顾问集团", id_number="11010519800101123X")
    view = masked(expert)
    assert view.name == "欧**华" and view.phone == "138****5678" and view.employer != "中国电力工程顾问集团" and view.id_number.startswith("1101")
    with pytest.raises(PermissionDenied):
        services.expert_reveal(actor=operator, expert=expert)
    data = services.expert_reveal(actor=bureau_admin, expert=expert)
    assert data["phone"] == "13812345678"
    assert AuditEvent.objects.filter(action="experts.expert.reveal", object_id=str(expert.pk)).exists()


def test_department_scope(in_bureau):
    from tenant_apps.accounts.models import OrgUnit
    from tenant_apps.experts.selectors import ExpertSearch, expert_search

    dept_a = OrgUnit.objects.create(name="采购一处", kind="department")
    dept_a.path = f"/{dept_a.pk}/"
    dept_a.save()
    dept_b = OrgUnit.objects.create(name="采购二处", kind="department")
    dept_b.path = f"/{dept_b.pk}/"
    dept_b.save()
    mine, theirs = make_expert(org_unit=dept_a), make_expert(org_unit=dept_b)
    staff = make_staff(username="dept-a", perms=["experts.view_expert"], org_unit=dept_a, data_scope="unit_and_below")
    chief = make_staff(username="chief", perms=["experts.view_expert"], data_scope="all")
    seen = set(expert_search(actor=staff, search=ExpertSearch()).values_list("pk", flat=True))
    assert mine.pk in seen and theirs.pk not in seen
    assert {mine.pk, theirs.pk} <= set(expert_search(actor=chief, search=ExpertSearch()).values_list("pk", flat=True))


def test_export_uses_allow_list_and_masks(in_bureau, bureau_admin):
    import io

    from django.contrib.auth.models import Group
    from openpyxl import load_workbook

    from core.importexport.services import export_now
    from tenant_apps.experts.selectors import export_fields_for
    from tenant_apps.experts.services import export_policy_save

    make_expert(name="钱学军", phone="13987654321")
    operator = make_staff(username="exporter", perms=["experts.view_expert", "experts.export_expert"])
    assert export_fields_for(operator) == []
    export_policy_save(actor=bureau_admin, group=Group.objects.get(name="g-exporter"), fields=["name", "phone", "title", "bank_account_nope"])
    fields = export_fields_for(operator)
    assert fields == ["name", "phone", "title"]
    with pytest.raises(ApplicationError) as refused:
        export_now(actor=operator, spec_name="experts.experts", params={"q": "钱学军"})
    assert refused.value.code == "export_reason_required"
    content = export_now(actor=operator, spec_name="experts.experts", params={"q": "钱学军", "unmasked": "1"}, reason="评审会务联系").content
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    assert [c.value for c in sheet[1]] == ["姓名", "手机号", "职称"]
    assert [c.value for c in sheet[2]][:2] == ["钱*军", "139****4321"]  # no reveal right: masked although asked
    # the requester, time and reason are in the file (document properties and printed footer)
    assert "exporter" in workbook.properties.creator and "评审会务联系" in workbook.properties.description
    assert "导出人" in sheet.oddFooter.left.text and "评审会务联系" in sheet.oddFooter.left.text
    assert "个人信息" in sheet.oddHeader.center.text
    from core.models import AuditEvent

    event = AuditEvent.objects.filter(action="experts.expert.export").latest("id")
    assert event.after["reason"] == "评审会务联系" and event.after["unmasked"] is False and event.after["rows"] == 1


def test_attachment_checks_size_and_type(in_bureau):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tenant_apps.experts.services import attachment_add

    expert = make_expert()
    with pytest.raises(ApplicationError):
        attachment_add(actor=None, expert=expert, kind="degree", uploaded=SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf"))
    with pytest.raises(ApplicationError):
        attachment_add(actor=None, expert=expert, kind="degree", uploaded=SimpleUploadedFile("x.exe", b"%PDF-1.4"))
    attachment = attachment_add(actor=None, expert=expert, kind="degree", uploaded=SimpleUploadedFile("学位证.pdf", b"%PDF-1.4 test"))
    # Stored names are relative to the tenant; the storage puts every file under the tenant's prefix.
    assert attachment.file.path.split(os.sep)[-6:-4] == ["bureau", "experts"] and attachment.size > 0


def test_certificate_pdf_and_statistics_render(in_bureau, bureau_admin):
    from tenant_apps.experts import services
    from tenant_apps.experts.documents import certificate_pdf, statistics_pdf, statistics_workbook
    from tenant_apps.experts.selectors import expert_statistics

    _, _, leaf, _ = make_domain_tree()
    expert = make_expert(domains=[leaf], title_level="senior", region="北京市")
    certificate = services.certificate_issue(actor=bureau_admin, expert=expert)
    assert certificate_pdf(certificate, verify_url="https://bureau.example/h5/experts/certificates/verify/x/", issuer="示范专家局").startswith(b"%PDF")
    stats = expert_statistics(actor=bureau_admin)
    assert stats["total"] >= 1 and any(bar["label"] == "工程技术" for bar in stats["by_domain"])
    assert statistics_pdf(stats, title="统计").startswith(b"%PDF") and statistics_workbook(stats)[:2] == b"PK"
