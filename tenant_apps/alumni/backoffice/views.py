"""管理首页 (A1): counts, shortcuts, everything waiting for review, the recent admin log."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from core.models import AuditEvent
from core.web.views import BackofficeMixin
from tenant_apps.alumni.hall import hall_section, todo_items


def _core_todo(request) -> list[tuple[str, int, str]]:
    from tenant_apps.alumni.content.enums import ReviewStatus
    from tenant_apps.alumni.content.models import Article, ArticleComment, BoardPost
    from tenant_apps.alumni.orgs.models import ExportRequest, Membership
    from tenant_apps.alumni.records.models import Member

    user = request.user
    items = []
    if user.has_perm("alumni_records.review_member"):
        items.append(("校友加入审核", Member.objects.filter(status="pending").count(), reverse("backoffice:alumni_records:member_review")))
    if user.has_perm("alumni_orgs.view_all_members"):
        items.append(("分会入会申请", Membership.objects.filter(status="pending", organization__parent__isnull=False).count(), reverse("backoffice:alumni_orgs:org_list")))
    if user.has_perm("alumni_orgs.approve_export"):
        items.append(("分会成员导出审批", ExportRequest.objects.filter(status="pending").count(), reverse("backoffice:alumni_orgs:exports")))
    if user.has_perm("alumni_content.review_article"):
        items.append(("文章审核", Article.objects.filter(status=ReviewStatus.PENDING).count(), reverse("backoffice:alumni_content:article_list") + "?status=pending"))
        items.append(("评论审核", ArticleComment.objects.filter(status=ReviewStatus.PENDING).count(), reverse("backoffice:alumni_content:moderation")))
    if user.has_perm("alumni_content.review_boardpost"):
        items.append(("留言与互助审核", BoardPost.objects.filter(status=ReviewStatus.PENDING).count(), reverse("backoffice:alumni_content:moderation")))
    return items


class AdminHomeView(BackofficeMixin, TemplateView):
    permission_required = "alumni_records.view_member"
    template_name = "alumni/backoffice/home.html"
    page_title = "校友工作管理首页"

    def get_context_data(self, **kwargs):
        from tenant_apps.alumni.records.models import AlumniRecord, Member

        context = super().get_context_data(**kwargs)
        since = timezone.now() - datetime.timedelta(days=30)
        shortcuts = [("导入校友", "backoffice:alumni_records:record_import", "alumni_records.import_alumnirecord"), ("加入审核", "backoffice:alumni_records:member_review", "alumni_records.review_member"),
                     ("创建组织", "backoffice:alumni_orgs:org_add", "alumni_orgs.add_organization"), ("发布文章", "backoffice:alumni_content:article_add", "alumni_content.add_article"),
                     ("疑似重复", "backoffice:alumni_records:duplicates", "alumni_records.merge_alumnirecord"), ("校友统计", "backoffice:alumni_records:statistics", "alumni_records.view_statistics")]
        context.update(
            new_members=Member.objects.filter(created_at__gte=since).count(), verified=Member.objects.filter(status="approved", record__isnull=False).count(),
            records=AlumniRecord.objects.filter(merged_into__isnull=True).count(), activities=len(hall_section("activities", self.request, 100)),
            todo=_core_todo(self.request) + todo_items(self.request), shortcuts=[(label, reverse(name)) for label, name, perm in shortcuts if self.request.user.has_perm(perm)],
            log=AuditEvent.objects.filter(action__startswith="alumni.").exclude(actor_id__isnull=True).order_by("-created_at", "-id")[:20],
        )
        return context
