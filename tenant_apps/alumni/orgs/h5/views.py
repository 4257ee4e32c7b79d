"""Organisations on the phone: the chapter list and joining one; for chapter admins, accepting
an invitation and managing their own chapter (members, join review, export requests)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.views import H5Mixin
from tenant_apps.alumni.orgs import selectors, services
from tenant_apps.alumni.orgs.enums import MembershipStatus, OrgKind
from tenant_apps.alumni.orgs.models import ExportRequest, Membership, Organization
from tenant_apps.alumni.records.models import Member

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class OrgsH5Mixin(H5Mixin):
    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(request.META.get("HTTP_REFERER") or reverse("h5:alumni_orgs:chapters"))


class ChapterListView(OrgsH5Mixin, TemplateView):
    template_name = "alumni_orgs/h5/chapters.html"
    page_title = "校友组织"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q, kind = self.request.GET.get("q", "").strip(), self.request.GET.get("kind", "")
        context.update(orgs=selectors.org_search(q=q, kind=kind, include_inactive=False)[:100], q=q, kind=kind, kinds=OrgKind.choices)
        return context


class ChapterView(OrgsH5Mixin, TemplateView):
    template_name = "alumni_orgs/h5/chapter.html"

    def org(self) -> Organization:
        org = Organization.objects.filter(pk=int(self.kwargs["pk"]), is_active=True).first()
        if org is None:
            raise Http404
        return org

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.org()
        member = Member.objects.filter(user=self.request.user).first()
        context.update(org=org, page_title=org.name, member=member, membership=Membership.objects.filter(organization=org, member=member).first() if member else None,
                       member_count=Membership.objects.filter(organization=org, status=MembershipStatus.APPROVED).count(), manage=selectors.may_manage(self.request.user, org))
        return context

    def post(self, request, *args, **kwargs):
        org = self.org()
        member = Member.objects.filter(user=request.user).first()
        if member is None:
            messages.error(request, "请先加入校友总会。")
            return redirect("h5:alumni:join")
        answers = {q: request.POST.get(f"q_{i}", "") for i, q in enumerate(org.application_questions)}
        membership = services.join_apply(user=request.user, org=org, data={}, answers=answers)
        messages.success(request, "已加入。" if membership.status == MembershipStatus.APPROVED else "申请已提交，等待分会审核。")
        return redirect("h5:alumni_orgs:chapter", pk=org.pk)


class AdminAcceptView(OrgsH5Mixin, TemplateView):
    template_name = "alumni_orgs/h5/admin_accept.html"
    page_title = "管理员邀请"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["invitation"] = selectors.admin_for_token(self.kwargs["token"])
        if context["invitation"] is None:
            raise Http404
        return context

    def post(self, request, token):
        invitation = services.admin_accept(user=request.user, token=token)
        messages.success(request, f"您已成为{invitation.organization.name}的{invitation.get_role_display()}。")
        return redirect("h5:alumni_orgs:manage", pk=invitation.organization_id)


class ManageListView(OrgsH5Mixin, TemplateView):
    template_name = "alumni_orgs/h5/manage_list.html"
    page_title = "分会管理"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["orgs"] = Organization.objects.filter(pk__in=selectors.admin_org_ids(self.request.user))
        return context


class ManageView(OrgsH5Mixin, TemplateView):
    """The chapter admin's own chapter: nothing of other chapters is reachable from here."""

    template_name = "alumni_orgs/h5/manage.html"

    def org(self) -> Organization:
        org = Organization.objects.filter(pk=int(self.kwargs["pk"])).first()
        if org is None or not selectors.may_manage(self.request.user, org):
            raise Http404
        return org

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.org()
        status = self.request.GET.get("status", MembershipStatus.APPROVED)
        context.update(org=org, page_title=f"管理 · {org.name}", status=status, statuses=MembershipStatus.choices,
                       members=selectors.members_visible(actor=self.request.user, org=org, status=status, search=self.request.GET.get("q", "").strip())[:100],
                       exports=ExportRequest.objects.filter(organization=org, requested_by=self.request.user)[:10])
        return context

    def post(self, request, *args, **kwargs):
        org = self.org()
        action = request.POST.get("action")
        if action in ("approve", "reject"):
            membership = Membership.objects.filter(organization=org, pk=int(request.POST.get("membership", "0") or 0)).first()
            if membership is None:
                raise Http404
            services.membership_review(actor=request.user, membership=membership, approve=action == "approve")
            messages.success(request, "已审核。")
        elif action == "export":
            services.export_request_create(actor=request.user, org=org, reason=request.POST.get("reason", ""))
            messages.success(request, "导出申请已提交，需总会批准后才能下载。")
        return redirect("h5:alumni_orgs:manage", pk=org.pk)


class ExportDownloadView(OrgsH5Mixin, TemplateView):
    def get(self, request, pk):
        export = ExportRequest.objects.filter(pk=pk, requested_by=request.user).first()
        if export is None:
            raise Http404
        content, name = services.export_download(actor=request.user, request=export)
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response
