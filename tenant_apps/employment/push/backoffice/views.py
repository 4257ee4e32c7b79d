"""Back office of the targeted push: the list of pushes, the form with a live count preview,
and each push's log (totals, progress while sending, every student's result)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.employment.push import selectors, services
from tenant_apps.employment.push.enums import CUSTOM_KIND, DEFAULT_CHANNELS, PushChannel
from tenant_apps.employment.push.registry import push_item_type, push_item_types
from tenant_apps.messaging.enums import DeliveryStatus

VIEW = "employment_push.view_push"
SEND = "employment_push.send_push"
FILTER_FIELDS = ("graduation_years", "educations", "origin_regions", "org_unit_ids", "verification_statuses", "destination_statuses", "destination_categories")


def filters_from(data) -> dict:
    return {key: data.getlist(key) for key in FILTER_FIELDS if data.getlist(key)}


def parse_send_at(value: str):
    value = (value or "").strip()
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        raise ApplicationError("定时发送时间格式不正确。", fields={"send_at": ["格式不正确。"]})
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


class PushMixin(BackofficeMixin):
    def push(self):
        push = selectors.push_get(pk=self.kwargs["pk"])
        if push is None:
            raise Http404
        return push


class PushListView(PushMixin, TemplateView):
    permission_required = VIEW
    template_name = "push/backoffice/list.html"
    page_title = "定向推送"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q, kind = self.request.GET.get("q", "").strip(), self.request.GET.get("kind", "")
        context.update(paginate(self.request, selectors.push_list(q=q, kind=kind), per_page=20), q=q, kind=kind,
                       kinds=[(t.kind, t.label) for t in push_item_types()] + [(CUSTOM_KIND, "自定义消息")], can_send=self.request.user.has_perm(SEND))
        return context


class PushCreateView(PushMixin, TemplateView):
    permission_required = SEND
    template_name = "push/backoffice/form.html"
    page_title = "新建定向推送"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = kwargs.get("data") or self.request.GET
        kind = data.get("item_kind") or "news"
        item_type = push_item_type(kind)
        context.update(
            options=selectors.filter_options(actor=self.request.user), kinds=[(t.kind, t.label) for t in push_item_types()] + [(CUSTOM_KIND, "自定义消息")],
            kind=kind, choices=item_type.choices("") if item_type and item_type.choices else [], data=data, selected=filters_from(data) if hasattr(data, "getlist") else {},
            channels=PushChannel.choices, chosen_channels=(data.getlist("channels") if hasattr(data, "getlist") else []) or [str(c) for c in DEFAULT_CHANNELS],
            error=kwargs.get("error"), field_errors=kwargs.get("field_errors") or {},
        )
        return context

    def post(self, request):
        try:
            object_id = request.POST.get("object_id", "")
            push = services.push_create(
                actor=request.user, item_kind=request.POST.get("item_kind", ""), object_id=int(object_id) if object_id.isdigit() else None,
                filters=filters_from(request.POST), send_at=parse_send_at(request.POST.get("send_at", "")), channels=request.POST.getlist("channels"),
                title=request.POST.get("title", ""), summary=request.POST.get("summary", ""), url=request.POST.get("url", ""),
            )
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(data=request.POST, error=exc.message, field_errors=exc.fields), status=400)
        messages.success(request, "已定时，到时自动发送。" if push.send_at else "推送已开始发送。")
        return redirect("backoffice:employment_push:detail", pk=push.pk)


class PushPreviewView(PushMixin, TemplateView):
    """htmx: the count for the filters as they are now in the form (no push is created)."""

    permission_required = SEND
    template_name = "push/backoffice/_preview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self.request.GET
        filters = selectors.clean_filters({**filters_from(data), "scope_actor_id": self.request.user.pk})
        context.update(counts=selectors.push_audience_count(filters=filters), summary=selectors.describe_filters(filters))
        return context


class PushItemChoicesView(PushMixin, TemplateView):
    """htmx: the pick list of items of a kind, filtered by a keyword."""

    permission_required = SEND
    template_name = "push/backoffice/_items.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item_type = push_item_type(self.request.GET.get("item_kind", ""))
        context.update(choices=item_type.choices(self.request.GET.get("item_q", "").strip()) if item_type and item_type.choices else [],
                       is_custom=self.request.GET.get("item_kind") == CUSTOM_KIND)
        return context


class PushDetailView(PushMixin, TemplateView):
    permission_required = VIEW
    template_name = "push/backoffice/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        push = self.push()
        status, q = self.request.GET.get("status", ""), self.request.GET.get("q", "").strip()
        page = paginate(self.request, selectors.push_log(push=push, status=status, q=q), per_page=50)
        numbers = selectors.student_numbers([d.user_id for d in page["object_list"]])
        rows = [(d, numbers.get(d.user_id, ("", ""))) for d in page["object_list"]]
        context.update(page, push=push, message=push.message, rows=rows, status=status, q=q,
                       statuses=[c for c in DeliveryStatus.choices if c[0] != DeliveryStatus.REROUTED],  # listed under the later channel page_title=push.title,
                       can_send=self.request.user.has_perm(SEND))
        return context


class PushProgressView(PushMixin, TemplateView):
    """htmx: the totals and progress bar, polled while the push is sending."""

    permission_required = VIEW
    template_name = "push/backoffice/_progress.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        push = self.push()
        context.update(push=push, message=push.message)
        return context


class PushCancelView(PushMixin, View):
    permission_required = SEND

    def post(self, request, pk):
        try:
            services.push_cancel(actor=request.user, push=self.push())
            messages.success(request, "推送已取消，未发送的学生不再发送。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:employment_push:detail", pk=pk)
