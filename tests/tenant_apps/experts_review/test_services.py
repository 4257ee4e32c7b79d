"""Online review services and selectors: access by the accepted seat, locking, the window,
recusal, rules on real sheets, reminders through the gateway, import, archived projects."""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import Workbook

from core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from tenant_apps.experts.review import selectors, services
from tenant_apps.experts.review.models import ReviewSetup

from .conftest import make_panel, make_review, make_staff, score

pytestmark = pytest.mark.django_db


def first(review):
    return review.submissions.order_by("number").first()


def test_only_accepted_panel_members_can_score(panel, review, bureau_admin):
    submission = first(review)
    sheet = score(panel.users[0], review, submission, ["50", "30"])
    assert sheet.status == "submitted" and sheet.member_id == panel.accepted[0].pk
    declined = panel.declined[0].expert.user
    other_panel = make_panel(bureau_admin, accepted=1, declined=0)
    for outsider in (declined, other_panel.users[0], make_staff(username="clerk", perms=["expert_review.view_reviewsetup"]), bureau_admin):
        with pytest.raises(NotFound):
            score(outsider, review, submission, ["50", "30"])
    assert list(selectors.expert_setups(user=panel.users[1])) == [review]
    assert not selectors.expert_setups(user=declined).exists()
    assert not selectors.expert_setups(user=other_panel.users[0]).exists()


def test_unpublished_review_is_invisible_to_experts(panel, bureau_admin):
    review = make_review(bureau_admin, panel.project, publish=False)
    assert not selectors.expert_setups(user=panel.users[0]).exists()
    with pytest.raises(NotFound):
        score(panel.users[0], review, first(review), ["50", "30"])


def test_submitted_sheet_is_locked(panel, review):
    submission = first(review)
    score(panel.users[0], review, submission, ["50", "30"], submit=False)
    score(panel.users[0], review, submission, ["55", "30"], submit=True)
    with pytest.raises(Conflict) as exc:
        score(panel.users[0], review, submission, ["10", "10"], submit=False)
    assert exc.value.code == "review_sheet_locked"
    with pytest.raises(Conflict):
        services.sheet_recuse(user=panel.users[0], setup=review, submission=submission, reason="改主意")
    assert [s.value for s in selectors.sheet_for(submission=submission, expert_id=panel.accepted[0].expert_id).scores.all()] == [Decimal("55.00"), Decimal("30.00")]


def test_window_before_open_and_after_close(panel, bureau_admin):
    review = make_review(bureau_admin, panel.project, opens_in=datetime.timedelta(hours=2))
    submission = first(review)
    with pytest.raises(Conflict) as exc:
        score(panel.users[0], review, submission, ["50", "30"], submit=False)
    assert exc.value.code == "review_not_open"
    # a conflict of interest may be declared as soon as the materials are visible
    services.sheet_recuse(user=panel.users[1], setup=review, submission=submission, reason="曾在申报单位任职")
    ReviewSetup.objects.filter(pk=review.pk).update(opens_at=timezone.now() - datetime.timedelta(hours=1))
    review.refresh_from_db()
    score(panel.users[0], review, submission, ["50", "30"], submit=True)
    score(panel.users[2], review, submission, ["40", "30"], submit=False)  # a draft left at closing
    services.setup_close(actor=bureau_admin, setup=review)
    review.refresh_from_db()
    with pytest.raises(Conflict) as exc:
        score(panel.users[2], review, submission, ["40", "30"], submit=True)
    assert exc.value.code == "review_closed"
    row = selectors.review_summary(setup=review).rows[0]
    assert row.result.final == Decimal("80.00") and row.result.valid_count == 1 and row.recused == 1 and row.pending == 3


def test_recused_experts_are_excluded_from_the_summary(panel, bureau_admin):
    review = make_review(bureau_admin, panel.project, aggregation="trimmed_mean", trim_min_experts=5)
    submission = first(review)
    for user, values in zip(panel.users[:4], (["60", "40"], ["30", "20"], ["45", "25"], ["50", "30"]), strict=True):
        score(user, review, submission, values)
    services.sheet_recuse(user=panel.users[4], setup=review, submission=submission, reason="与申报人同一课题组")
    summary = selectors.review_summary(setup=review)
    row = summary.rows[0]
    # four valid sheets: below five, nothing is dropped; the recused expert does not count
    assert row.result.valid_count == 4 and row.recused == 1
    assert row.result.final == Decimal("75.00")  # (100 + 50 + 70 + 80) / 4
    assert [line.sheet.status for line in row.lines].count("recused") == 1


def test_summary_applies_weights_trimming_and_rank(panel, bureau_admin):
    review = make_review(bureau_admin, panel.project, total_method="weighted", aggregation="trimmed_mean", trim_min_experts=5,
                         indicators=(("技术方案", "50", "80"), ("报价", "10", "20")), pass_score=Decimal("60"))
    first_submission, second, third = list(review.submissions.order_by("number"))
    # weighted totals: a/50*80 + b/10*20
    for user, values in zip(panel.users, (["50", "10"], ["25", "5"], ["40", "8"], ["30", "6"], ["35", "7"]), strict=True):
        score(user, review, first_submission, values)  # totals 100, 50, 80, 60, 70 -> drop 100 and 50 -> 70
    for user in panel.users[:2]:
        score(user, review, second, ["45", "9"])  # totals 90, 90 -> 90 (two sheets: no trimming)
    summary = selectors.review_summary(setup=review)
    rows = {r.submission.pk: r for r in summary.rows}
    assert rows[first_submission.pk].result.final == Decimal("70.00") and rows[first_submission.pk].result.rank == 2
    assert rows[second.pk].result.final == Decimal("90.00") and rows[second.pk].result.rank == 1 and rows[second.pk].result.passed is True
    assert rows[third.pk].result.final is None and rows[third.pk].result.rank is None
    dropped = sorted(line.dropped for line in rows[first_submission.pk].lines if not line.counted)
    assert dropped == ["highest", "lowest"]
    assert rows[first_submission.pk].means == [Decimal("35.00"), Decimal("7.00")]
    assert summary.max_total == Decimal("100")
    assert [r.submission.pk for r in summary.ranked] == [second.pk, first_submission.pk, third.pk]


def test_score_validation(panel, bureau_admin):
    review = make_review(bureau_admin, panel.project, is_comment_required=True)
    submission = first(review)
    indicator = review.indicators.order_by("order").first()
    with pytest.raises(ApplicationError) as exc:
        score(panel.users[0], review, submission, ["61", "30"], submit=False)
    assert f"score_{indicator.pk}" in exc.value.fields
    with pytest.raises(ApplicationError) as exc:
        score(panel.users[0], review, submission, ["1.234", "30"], submit=False)
    assert f"score_{indicator.pk}" in exc.value.fields
    score(panel.users[0], review, submission, ["50", ""], submit=False)  # a partial draft is fine
    with pytest.raises(ApplicationError) as exc:
        score(panel.users[0], review, submission, ["50", ""], submit=True)
    assert exc.value.code == "review_sheet_incomplete"
    with pytest.raises(ApplicationError) as exc:
        score(panel.users[0], review, submission, ["50", "30"], submit=True, declared=False)
    assert "declared_no_conflict" in exc.value.fields
    with pytest.raises(ApplicationError) as exc:
        score(panel.users[0], review, submission, ["50", "30"], submit=True, comment=" ")
    assert "comment" in exc.value.fields
    assert score(panel.users[0], review, submission, ["50", "30"], submit=True).status == "submitted"


def test_indicators_lock_once_scoring_started(panel, review, bureau_admin):
    rows = [services.IndicatorInput(id=i.pk, name=i.name, max_score=i.max_score, weight=i.weight) for i in review.indicators.all()]
    renamed = [services.IndicatorInput(id=rows[1].id, name=rows[0].name, max_score=Decimal(40)), services.IndicatorInput(id=rows[0].id, name=rows[1].name, max_score=Decimal(60))]
    services.indicators_replace(actor=bureau_admin, setup=review, rows=renamed)  # swapping names keeps the ids
    assert sorted(review.indicators.values_list("pk", flat=True)) == sorted(r.id for r in rows)
    score(panel.users[0], review, first(review), ["20", "30"], submit=False)
    with pytest.raises(Conflict) as exc:
        services.indicators_replace(actor=bureau_admin, setup=review, rows=rows)
    assert exc.value.code == "review_indicators_locked"


def test_publish_checks_weights_and_content(panel, bureau_admin):
    review = make_review(bureau_admin, panel.project, publish=False, total_method="weighted", indicators=(("甲", "10", "50"), ("乙", "10", "40")))
    with pytest.raises(ApplicationError) as exc:
        services.setup_publish(actor=bureau_admin, setup=review)
    assert exc.value.code == "review_not_ready"
    services.indicators_replace(actor=bureau_admin, setup=review, rows=[services.IndicatorInput(name="甲", max_score=Decimal(10), weight=Decimal(60)),
                                                                         services.IndicatorInput(name="乙", max_score=Decimal(10), weight=Decimal(40))])
    assert services.setup_publish(actor=bureau_admin, setup=review).published_at is not None
    empty = make_review(bureau_admin, make_panel(bureau_admin, accepted=1, declined=0).project, publish=False, submissions=())
    with pytest.raises(ApplicationError):
        services.setup_publish(actor=bureau_admin, setup=empty)


def test_one_review_per_project(panel, review, bureau_admin):
    with pytest.raises(Conflict) as exc:
        make_review(bureau_admin, panel.project)
    assert exc.value.code == "review_setup_exists"


def test_archived_project_is_read_only(panel, review, bureau_admin):
    from tenant_apps.experts.panels.services import project_archive

    project_archive(actor=bureau_admin, project=panel.project)
    review.refresh_from_db()
    review.project.refresh_from_db()
    for call in (lambda: score(panel.users[0], review, first(review), ["50", "30"]),
                 lambda: services.submission_create(actor=bureau_admin, setup=review, data=services.SubmissionInput(title="新材料")),
                 lambda: services.setup_close(actor=bureau_admin, setup=review)):
        with pytest.raises(Conflict) as exc:
            call()
        assert exc.value.code == "project_archived"


def test_rules_freeze_after_close_but_window_can_reopen(panel, review, bureau_admin):
    services.setup_close(actor=bureau_admin, setup=review)
    review.refresh_from_db()
    data = services.SetupInput(opens_at=review.opens_at, closes_at=review.closes_at, aggregation="trimmed_mean")
    with pytest.raises(Conflict) as exc:
        services.setup_update(actor=bureau_admin, setup=review, data=data)
    assert exc.value.code == "review_rules_locked"
    reopened = services.setup_update(actor=bureau_admin, setup=review, data=services.SetupInput(opens_at=review.opens_at, closes_at=timezone.now() + datetime.timedelta(hours=3)))
    assert reopened.is_open and reopened.closed_at is None


def test_staff_return_a_sheet(panel, review, bureau_admin, django_capture_on_commit_callbacks):
    submission = first(review)
    sheet = score(panel.users[0], review, submission, ["50", "30"])
    clerk = make_staff(username="clerk2", perms=["expert_review.view_reviewsetup"])
    with pytest.raises(PermissionDenied):
        services.sheet_reopen(actor=clerk, sheet=sheet, reason="打错分")
    with django_capture_on_commit_callbacks(execute=True):
        services.sheet_reopen(actor=bureau_admin, sheet=sheet, reason="打错分")
    score(panel.users[0], review, submission, ["55", "30"])
    assert selectors.review_summary(setup=review).rows[0].result.final == Decimal("85.00")


def test_reminders_go_to_unfinished_experts_through_the_gateway(panel, review, bureau_admin, django_capture_on_commit_callbacks):
    from tenant_apps.messaging.models import Message

    for submission in review.submissions.all():
        score(panel.users[0], review, submission, ["50", "30"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.reviewers_remind(actor=bureau_admin, setup=review, channels=["sms", "email"]) == 4
    for callback in callbacks:
        callback()
    message = Message.objects.filter(source=f"panels:project:{panel.project.pk}", subject__startswith="评审提醒").get()
    assert {r["user_id"] for r in json.loads(message.explicit_recipients)} == {u.pk for u in panel.users[1:]}
    assert f"/h5/review/{review.pk}/" in message.body and message.channels == ["sms", "email"]
    with pytest.raises(Conflict) as exc:
        services.reviewers_remind(actor=bureau_admin, setup=review)
    assert exc.value.code == "review_reminder_too_soon"


def test_publication_notifies_the_panel(panel, bureau_admin, django_capture_on_commit_callbacks):
    from tenant_apps.messaging.models import Message

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_review(bureau_admin, panel.project)
    for callback in callbacks:
        callback()
    message = Message.objects.get(source=f"panels:project:{panel.project.pk}", subject__startswith="网上评审")
    assert len(json.loads(message.explicit_recipients)) == 5


def _workbook(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name, buffer.size = "list.xlsx", len(buffer.getvalue())
    return buffer


def test_import_keeps_valid_rows_and_reports_the_others(panel, review, bureau_admin):
    upload = _workbook([["名称*", "申报人", "申报单位", "简介"], ["（示例）不要导入", "x", "y", ""], ["丁方案", "李四", "丁单位", "说明"], ["", "王五", "", ""],
                        ["甲方案", "", "申报单位0", ""], ["戊方案", "", "", ""], ["丁方案", "", "丁单位", ""]])
    result = services.submissions_import(actor=bureau_admin, setup=review, upload=upload)
    assert [s.title for s in result.created] == ["丁方案", "戊方案"]
    assert [n for n, _ in result.rejected] == [4, 5, 7]
    assert list(review.submissions.order_by("number").values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    with pytest.raises(ApplicationError):
        services.submissions_import(actor=bureau_admin, setup=review, upload=_workbook([["申报人"], ["张三"]]))


def test_submission_with_scores_cannot_be_deleted(panel, review, bureau_admin):
    submission, other = list(review.submissions.order_by("number"))[:2]
    score(panel.users[0], review, submission, ["50", "30"], submit=False)
    with pytest.raises(Conflict):
        services.submission_delete(actor=bureau_admin, submission=submission)
    services.submission_delete(actor=bureau_admin, submission=other)
    assert review.submissions.count() == 2


def test_batch_projects_share_the_panel(in_bureau, bureau_admin):
    from tenant_apps.experts.panels.services import ProjectInput, project_create, project_review

    def batch_project(title):
        project = project_create(actor=bureau_admin, data=ProjectInput(title=title, owner_unit="甲单位", opens_at=timezone.now() + datetime.timedelta(days=10),
                                                                       batch_name="第一批"))
        from tests.tenant_apps.experts_panels.conftest import second_approver

        return project_review(actor=second_approver(), project=project, approve=True)

    lead, second = batch_project("批次项目一"), batch_project("批次项目二")
    panel = make_panel(bureau_admin, accepted=2, declined=0, project=lead)
    review = make_review(bureau_admin, second)
    assert [m.expert_id for m in selectors.setup_reviewers(review)] == [m.expert_id for m in panel.accepted]
    assert score(panel.users[1], review, first(review), ["10", "10"]).status == "submitted"


def test_writes_are_audited_on_the_project(panel, review):
    from tenant_apps.experts.panels.selectors import project_log

    score(panel.users[0], review, first(review), ["50", "30"])
    actions = set(project_log(panel.project).values_list("action", flat=True))
    assert {"expert_review.setup.create", "expert_review.indicators.replace", "expert_review.submission.create", "expert_review.setup.publish",
            "expert_review.sheet.submit"} <= actions
