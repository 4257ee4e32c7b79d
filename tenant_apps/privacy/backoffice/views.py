"""Back office of personal-data requests: the data officer's queue with the legal deadline,
filing on someone's behalf, and one request's page (export, erasure, answer, trail)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from core.audit import action_label
from core.crypto import blind_index
from core.errors import ApplicationError
from core.files import download_url
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.accounts.models import User
from tenant_apps.privacy import selectors, services
from tenant_apps.privacy.enums import RequestKind, RequestStatus
from tenant_apps.privacy.forms import corrections_from

PERMISSION = selectors.HANDLE_PERMISSION


class RequestListView(BackofficeMixin, TemplateView):
    template_name = "privacy/backoffice/list.html"
    permission_required = PERMISSION
    page_title = "个人信息请求"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        get = self.request.GET
        filters = {"q": get.get("q", "").strip(), "status": get.get("status", ""), "kind": get.get("kind", ""), "overdue": get.get("overdue") == "1"}
        queue = selectors.request_queue(keyword=filters["q"], status=filters["status"] if filters["status"] in RequestStatus.values else "",
                                        kind=filters["kind"] if filters["kind"] in RequestKind.values else "", overdue=filters["overdue"])
        context.update(paginate(self.request, queue, per_page=30), filters=filters, statuses=RequestStatus.choices, kinds=RequestKind.choices,
                       counts=selectors.open_counts(), uncovered_years=selectors.uncovered_deadline_years())
        return context


class RequestCreateView(BackofficeMixin, TemplateView):
    template_name = "privacy/backoffice/form.html"
    permission_required = PERMISSION
    page_title = "代为登记个人信息请求"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(kinds=RequestKind.choices, form=kwargs.get("form") or {}, rows=range(3))
        return context

    def post(self, request):
        post = request.POST
        who = post.get("subject", "").strip()
        subject = None
        if who:
            subject = User.objects.filter(Q(username=who) | Q(phone_hash=blind_index(who))).first()
        try:
            if who and subject is None:
                raise ApplicationError("找不到这个账号，请输入账号名或手机号。", fields={"subject": ["找不到这个账号。"]})
            created = services.request_create(actor=request.user, subject=subject, kind=post.get("kind", ""), details=post.get("details", ""),
                                              corrections=corrections_from(post), channel="backoffice")
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, field_errors=exc.fields, form=post), status=400)
        messages.success(request, f"已登记，法定答复期限 {created.due_on:%Y-%m-%d}。")
        return redirect("backoffice:privacy:detail", pk=created.pk)


class RequestDetailView(BackofficeMixin, TemplateView):
    template_name = "privacy/backoffice/detail.html"
    permission_required = PERMISSION

    def get_object(self):
        found = selectors.request_for(self.request.user, self.kwargs["pk"])
        if found is None:
            raise Http404
        return found

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.get_object()
        user = self.request.user
        trail = list(selectors.request_trail(obj))
        for event in trail:
            event.label = action_label(event.action)
        context.update(
            obj=obj, page_title=str(obj), trail=trail, error=kwargs.get("error", ""),
            archive_url=download_url(obj.export_archive, user=user, filename=f"个人信息副本-{obj.pk}.zip"),
            pdf_url=download_url(obj.export_pdf, user=user, filename=f"个人信息副本-{obj.pk}.pdf"),
        )
        return context

    def post(self, request, pk):
        obj = self.get_object()
        action = request.POST.get("action", "")
        resolution = request.POST.get("resolution", "")
        done = {"export": "已生成个人信息副本。", "erase": "已执行删除，依法须保留的信息已去标识化。", "complete": "请求已办结。", "reject": "已拒绝该请求。"}
        try:
            if action == "export":
                services.request_export(actor=request.user, request=obj)
            elif action == "erase":
                services.request_erase(actor=request.user, request=obj)
            elif action == "complete":
                services.request_complete(actor=request.user, request=obj, resolution=resolution)
            elif action == "reject":
                services.request_reject(actor=request.user, request=obj, resolution=resolution)
            else:
                raise ApplicationError("未知操作。")
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message), status=exc.status)
        messages.success(request, done[action])
        return redirect("backoffice:privacy:detail", pk=obj.pk)
