"""Back office of organisations (组织管理): list and search, create/edit with the tree and
linked colleges, members of one chapter behind the chapter firewall, admins, export requests."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.alumni.orgs import selectors, services
from tenant_apps.alumni.orgs.enums import AdminRole, MembershipStatus, OrgKind, ReviewMode
from tenant_apps.alumni.orgs.models import ExportRequest, Membership, OrgAdmin, Organization
from tenant_apps.alumni.records.models import College

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class OrgsMixin(BackofficeMixin):
    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(request.META.get("HTTP_REFERER") or reverse("backoffice:alumni_orgs:org_list"))

    def org(self, pk) -> Organization:
        org = Organization.objects.filter(pk=int(pk)).first()
        if org is None or not (self.request.user.has_perm("alumni_orgs.view_organization") or selectors.may_manage(self.request.user, org)):
            raise Http404
        return org


def org_input(post) -> services.OrgInput:
    parent = post.get("parent", "")
    return services.OrgInput(
        name=post.get("name", ""), kind=post.get("kind", ""), parent_id=int(parent) if parent.isdigit() else None, introduction=post.get("introduction", ""),
        join_requirements=post.get("join_requirements", ""), application_questions=post.get("application_questions", "").splitlines(),
        review_mode=post.get("review_mode", ReviewMode.RECORDS), phone=post.get("phone", ""), address=post.get("address", ""), region=post.get("region", ""),
        industry=post.get("industry", ""), college_ids=[int(c) for c in post.getlist("colleges") if c.isdigit()], is_active=post.get("is_active", "on") == "on",
        sort_order=int(post.get("sort_order") or 0) if str(post.get("sort_order") or "0").isdigit() else 0,
    )


class OrgListView(OrgsMixin, TemplateView):
    permission_required = "alumni_orgs.view_organization"
    template_name = "alumni_orgs/backoffice/org_list.html"
    page_title = "校友组织"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q, kind = self.request.GET.get("q", "").strip(), self.request.GET.get("kind", "")
        context.update(**paginate(self.request, selectors.org_search(q=q, kind=kind), per_page=50), q=q, kind=kind, kinds=OrgKind.choices,
                       pending_exports=selectors.pending_exports().count() if self.request.user.has_perm("alumni_orgs.approve_export") else 0)
        return context


class OrgFormView(OrgsMixin, TemplateView):
    template_name = "alumni_orgs/backoffice/org_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.permission_required = "alumni_orgs.change_organization" if "pk" in kwargs else "alumni_orgs.add_organization"
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.org(self.kwargs["pk"]) if "pk" in self.kwargs else None
        values = kwargs.get("values")
        if values is None:
            values = {"kind": OrgKind.REGIONAL if selectors.association() else OrgKind.ASSOCIATION, "review_mode": ReviewMode.RECORDS, "is_active": True, "colleges": []}
            if org:
                values = {**{f: getattr(org, f) for f in ("name", "kind", "introduction", "join_requirements", "review_mode", "phone", "address", "region", "industry", "is_active", "sort_order")},
                          "parent": org.parent_id, "application_questions": "\n".join(org.application_questions), "colleges": list(org.colleges.values_list("pk", flat=True))}
        context.update(org=org, values=values, kinds=OrgKind.choices, modes=ReviewMode.choices, parents=Organization.objects.exclude(pk=getattr(org, "pk", None)),
                       colleges=College.objects.all(), page_title=f"编辑组织 · {org.name}" if org else "创建组织")
        return context

    def post(self, request, *args, **kwargs):
        org = self.org(kwargs["pk"]) if "pk" in kwargs else None
        try:
            org = services.org_save(actor=request.user, org=org, data=org_input(request.POST), logo=request.FILES.get("logo"))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            values = request.POST.dict() | {"colleges": [int(c) for c in request.POST.getlist("colleges") if c.isdigit()], "parent": int(request.POST.get("parent") or 0) or None}
            return self.render_to_response(self.get_context_data(values=values), status=400)
        messages.success(request, "组织已保存。")
        return redirect("backoffice:alumni_orgs:org_detail", pk=org.pk)


class OrgDetailView(OrgsMixin, TemplateView):
    """One chapter: members (firewalled), join review, admins."""

    template_name = "alumni_orgs/backoffice/org_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.org(self.kwargs["pk"])
        manage = selectors.may_manage(self.request.user, org)
        status = self.request.GET.get("status", MembershipStatus.APPROVED)
        q = self.request.GET.get("q", "").strip()
        members = selectors.members_visible(actor=self.request.user, org=org, status=status, search=q) if manage else Membership.objects.none()
        context.update(org=org, page_title=org.name, manage=manage, status=status, q=q, statuses=MembershipStatus.choices, **paginate(self.request, members, per_page=30),
                       children=org.children.all(), admins=org.admins.select_related("user"), roles=AdminRole.choices,
                       exports=org.export_requests.select_related("requested_by", "decided_by")[:20])
        return context

    def post(self, request, *args, **kwargs):
        org = self.org(kwargs["pk"])
        action = request.POST.get("action", "")
        if action in ("approve", "reject"):
            membership = Membership.objects.filter(organization=org, pk=int(request.POST.get("membership", "0") or 0)).select_related("organization", "member").first()
            if membership is None:
                raise Http404
            services.membership_review(actor=request.user, membership=membership, approve=action == "approve", note=request.POST.get("note", ""))
            messages.success(request, "已审核。")
        elif action == "invite":
            invitation = services.admin_invite(actor=request.user, org=org, name=request.POST.get("name", ""), phone=request.POST.get("phone", ""),
                                               role=request.POST.get("role", AdminRole.ADMIN), channel=request.POST.get("channel", "sms"), base_url=request.build_absolute_uri("/").rstrip("/"))
            link = request.build_absolute_uri(reverse("h5:alumni_orgs:admin_accept", args=[invitation.token]))
            messages.success(request, "邀请短信已发送。" if invitation.channel == "sms" else f"请把这个链接通过微信发给对方：{link}")
        elif action == "revoke":
            admin = OrgAdmin.objects.filter(organization=org, pk=int(request.POST.get("admin", "0") or 0)).first()
            if admin is None:
                raise Http404
            services.admin_revoke(actor=request.user, admin=admin)
            messages.success(request, "已撤销管理员。")
        elif action == "export_request":
            services.export_request_create(actor=request.user, org=org, reason=request.POST.get("reason", ""))
            messages.success(request, "导出申请已提交，总会批准后可下载。")
        return redirect("backoffice:alumni_orgs:org_detail", pk=org.pk)


class ExportListView(OrgsMixin, TemplateView):
    permission_required = "alumni_orgs.view_organization"
    template_name = "alumni_orgs/backoffice/exports.html"
    page_title = "成员导出申请"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(**paginate(self.request, selectors.exports_for(actor=self.request.user), per_page=30))
        return context

    def post(self, request, *args, **kwargs):
        export = ExportRequest.objects.filter(pk=int(request.POST.get("request", "0") or 0)).first()
        if export is None:
            raise Http404
        if not request.user.has_perm("alumni_orgs.approve_export"):
            raise PermissionDenied
        services.export_decide(actor=request.user, request=export, approve=request.POST.get("action") == "approve", note=request.POST.get("note", ""))
        messages.success(request, "已审批。")
        return redirect("backoffice:alumni_orgs:exports")


class ExportDownloadView(OrgsMixin, View):
    permission_required = "alumni_orgs.view_organization"

    def get(self, request, pk):
        export = ExportRequest.objects.filter(pk=pk, requested_by=request.user).first()
        if export is None:
            raise Http404
        content, name = services.export_download(actor=request.user, request=export)
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response
