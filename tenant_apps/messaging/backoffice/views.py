"""Back-office pages of the messaging gateway (消息中心): compose, push log with live
progress, templates, outbox and provider settings."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, ListView, TemplateView
from django_htmx.http import HttpResponseClientRedirect

from core.errors import ApplicationError
from core.importexport.services import export_count
from core.importexport.views import ExportReasonPageMixin, export_start_response
from core.web.views import BackofficeMixin
from tenant_apps.accounts import selectors as account_selectors
from tenant_apps.accounts.enums import UserKind
from tenant_apps.messaging import exports, selectors, services
from tenant_apps.messaging.backoffice.forms import ComposeForm, ProviderConfigForm, TemplateForm
from tenant_apps.messaging.enums import Channel, DeliveryStatus, MessageStatus
from tenant_apps.messaging.models import Message, MessageTemplate, OutboxEntry, ProviderConfig

POLL_SECONDS = 2


def _object_or_404(queryset, pk):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def _redirect(request, url: str):
    return HttpResponseClientRedirect(url) if request.htmx else HttpResponseRedirect(url)


def _querystring_without_page(params) -> str:
    rest = urlencode([(key, value) for key, value in params.items() if key != "page" and value])
    return f"{rest}&" if rest else ""


class FilteredListView(BackofficeMixin, ListView):
    paginate_by = 20
    partial_template_name = ""

    def get_template_names(self):
        # htmx polling asks for the table only.
        if self.request.htmx and self.partial_template_name:
            return [self.partial_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["params"] = self.request.GET
        context["querystring_without_page"] = _querystring_without_page(self.request.GET)
        context["is_filtered"] = bool(context["querystring_without_page"])
        return context


# --- push log -------------------------------------------------------------------------------


class MessageListView(FilteredListView):
    permission_required = "messaging.view_message"
    template_name = "messaging/backoffice/message_list.html"
    partial_template_name = "messaging/backoffice/_message_table.html"
    page_title = "推送日志"
    context_object_name = "message_rows"

    def get_queryset(self):
        params = self.request.GET
        status = params.get("status", "")
        return selectors.message_list(status=status if status in MessageStatus.values else "", search=params.get("q", "").strip())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statuses"] = MessageStatus.choices
        context["is_polling"] = any(m.is_active for m in context["message_rows"])
        context["poll_seconds"] = POLL_SECONDS
        return context


class MessageDetailView(FilteredListView):
    permission_required = "messaging.view_message"
    template_name = "messaging/backoffice/message_detail.html"
    partial_template_name = "messaging/backoffice/_message_progress.html"
    page_title = "推送详情"
    context_object_name = "deliveries"
    paginate_by = 50

    def get_queryset(self):
        self.message = _object_or_404(Message.objects.select_related("created_by"), self.kwargs["pk"])
        params = self.request.GET
        status = params.get("status", "")
        channel = params.get("channel", "")
        return selectors.delivery_list(
            message=self.message,
            status=status if status in DeliveryStatus.values else "",
            channel=channel if channel in Channel.values else "",
            search=params.get("q", "").strip(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({
            "message_obj": self.message,
            "statuses": DeliveryStatus.choices,
            "channels": Channel.choices,
            "is_polling": self.message.is_active,
            "poll_seconds": POLL_SECONDS,
            "channel_labels": [Channel(c).label for c in self.message.channels],
        })
        return context


class MessageExportView(ExportReasonPageMixin, BackofficeMixin, View):
    """The delivery log through the export engine (issue 19): GET asks for the reason, POST builds
    the file (or starts a job for a large log); masked per role, stamped and audited."""

    permission_required = "messaging.view_message"

    def _params(self, request, message: Message) -> dict:
        source = request.POST if request.method == "POST" else request.GET
        return {"message": str(message.pk), "status": source.get("status", ""), "channel": source.get("channel", "")}

    def _title(self, message: Message) -> str:
        return f"发送明细（{message.subject[:40]}）"

    def get(self, request, pk):
        message = _object_or_404(Message.objects.all(), pk)
        count = export_count(actor=request.user, spec_name=exports.DELIVERY_EXPORT.name, params=self._params(request, message))
        return self.export_reason_page(request, title=self._title(message), count=count, back_url=reverse("backoffice:message_detail", args=[pk]))

    def post(self, request, pk):
        message = _object_or_404(Message.objects.all(), pk)
        try:
            return export_start_response(request, spec_name=exports.DELIVERY_EXPORT.name, params=self._params(request, message),
                                         reason=request.POST.get("reason", ""))
        except ApplicationError as exc:
            return self.export_reason_page(request, title=self._title(message), error=exc.message, status=400,
                                           back_url=reverse("backoffice:message_detail", args=[pk]))


class MessageCancelView(BackofficeMixin, View):
    permission_required = "messaging.change_message"

    def post(self, request, pk):
        message = _object_or_404(Message.objects.all(), pk)
        try:
            services.message_cancel(actor=request.user, message=message)
            messages.success(request, "已取消发送。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return _redirect(request, reverse("backoffice:message_detail", args=[message.pk]))


class MessageComposeView(BackofficeMixin, FormView):
    permission_required = "messaging.add_message"
    template_name = "messaging/backoffice/compose.html"
    form_class = ComposeForm
    page_title = "发送消息"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update({
            "templates": selectors.template_list().filter(is_active=True),
            "kinds": UserKind.choices,
            "groups": account_selectors.group_list(),
            "org_units": [(u.pk, f"{'　' * u.level}{u.name}") for u in account_selectors.org_unit_tree(account_selectors.org_units_in_scope(actor=self.request.user))],
        })
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            message = services.message_send(
                actor=self.request.user,
                subject=data["subject"],
                body=data["body"],
                channels=form.channels(),
                audience=form.audience(),
                send_at=data.get("send_at"),
                is_commercial=data["is_commercial"],
                template_code=data["template_code"] or None,
                link=data["link"],
                source="backoffice",
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self.render_to_response(self.get_context_data(form=form), status=exc.status)
        messages.success(self.request, "已定时，将按时发送。" if message.status == MessageStatus.SCHEDULED else "已开始发送。")
        return redirect("backoffice:message_detail", pk=message.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


# --- templates ------------------------------------------------------------------------------


class TemplateListView(FilteredListView):
    permission_required = "messaging.view_messagetemplate"
    template_name = "messaging/backoffice/template_list.html"
    page_title = "消息模板"
    context_object_name = "templates"

    def get_queryset(self):
        return selectors.template_list(search=self.request.GET.get("q", "").strip())


class TemplateFormView(BackofficeMixin, FormView):
    template_name = "messaging/backoffice/template_form.html"
    form_class = TemplateForm

    def dispatch(self, request, *args, **kwargs):
        self.object = None
        self.permission_required = "messaging.add_messagetemplate"
        if "pk" in kwargs:
            self.permission_required = "messaging.change_messagetemplate"
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "pk" in self.kwargs:
            self.object = _object_or_404(MessageTemplate.objects.all(), self.kwargs["pk"])
            kwargs["instance"] = self.object
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["page_title"] = "编辑模板" if self.object else "新建模板"
        context["channels"] = Channel.choices
        return context

    def form_valid(self, form):
        data = {field: form.cleaned_data[field] for field in form.Meta.fields}
        try:
            template = services.template_save(actor=self.request.user, template=self.object, data=data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(self.request, "模板已保存。")
        return redirect("backoffice:message_template_edit", pk=template.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TemplateDeleteView(BackofficeMixin, View):
    permission_required = "messaging.delete_messagetemplate"

    def post(self, request, pk):
        template = _object_or_404(MessageTemplate.objects.all(), pk)
        services.template_delete(actor=request.user, template=template)
        messages.success(request, "模板已删除。")
        return _redirect(request, reverse("backoffice:message_template_list"))


class TemplatePreviewView(BackofficeMixin, View):
    """Renders subject and body with sample values (htmx fragment)."""

    permission_required = "messaging.view_messagetemplate"

    def post(self, request):
        try:
            context = json.loads(request.POST.get("context") or "{}")
        except ValueError:
            context = {}
        preview = services.template_preview(
            subject=request.POST.get("subject", ""), body=request.POST.get("body", ""), context=context if isinstance(context, dict) else {}, name=str(request.user)
        )
        return render(request, "messaging/backoffice/_preview.html", {"preview": preview})


class TemplateTestSendView(BackofficeMixin, View):
    permission_required = ("messaging.view_messagetemplate", "messaging.add_message")

    def post(self, request, pk):
        template = _object_or_404(MessageTemplate.objects.all(), pk)
        channels = [c for c in request.POST.getlist("channels") if c in Channel.values] or [Channel.LETTER]
        try:
            message = services.template_test_send(actor=request.user, template=template, channels=channels)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return _redirect(request, reverse("backoffice:message_template_edit", args=[pk]))
        messages.success(request, "测试消息已发送给你自己。")
        return _redirect(request, reverse("backoffice:message_detail", args=[message.pk]))


# --- outbox ---------------------------------------------------------------------------------


class OutboxListView(FilteredListView):
    permission_required = "messaging.view_outboxentry"
    template_name = "messaging/backoffice/outbox_list.html"
    page_title = "发件箱"
    context_object_name = "entries"

    def get_queryset(self):
        channel = self.request.GET.get("channel", "")
        message_id = self.request.GET.get("message", "")
        return selectors.outbox_list(channel=channel if channel in Channel.values else "", message_id=int(message_id) if message_id.isdigit() else None)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["channels"] = Channel.choices
        _attach_voice_calls(self.request, context, context["entries"])
        return context


def _attach_voice_calls(request, context: dict, entries) -> None:
    """Voice entries get their call, so the page can offer the simulated key press (dev / demo)."""
    context["can_simulate_voice"] = services.voice_simulation_enabled() and request.user.has_perm(VOICE_SIMULATION_PERMISSION)
    calls = selectors.outbox_voice_calls(entries=entries) if context["can_simulate_voice"] else {}
    for entry in entries:
        entry.voice_call = calls.get(entry.out_id)
    context["simulated_digits"] = services.SIMULATED_DIGITS


class OutboxDetailView(BackofficeMixin, TemplateView):
    permission_required = "messaging.view_outboxentry"
    template_name = "messaging/backoffice/outbox_detail.html"
    page_title = "发件箱"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entry"] = _object_or_404(OutboxEntry.objects.all(), self.kwargs["pk"])
        _attach_voice_calls(self.request, context, [context["entry"]])
        return context


VOICE_SIMULATION_PERMISSION = "messaging.change_voicecall"


class OutboxVoiceAnswerView(BackofficeMixin, View):
    """Development / demo: play the callee of a voice call kept in the outbox and press 1, 2 or 3.
    The key goes through the same answer path as the provider's callback."""

    permission_required = ("messaging.view_outboxentry", VOICE_SIMULATION_PERMISSION)

    def post(self, request, pk):
        if not services.voice_simulation_enabled():
            raise Http404
        entry = _object_or_404(OutboxEntry.objects.filter(channel=Channel.VOICE), pk)
        call = selectors.outbox_voice_calls(entries=[entry]).get(entry.out_id)
        if call is None:
            raise Http404
        digit = request.POST.get("digit", "")
        try:
            services.voice_call_simulate_answer(actor=request.user, call=call, digit=digit)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已模拟按键 {digit}，应答已交给业务处理。")
        if request.POST.get("back") == "detail":
            return _redirect(request, reverse("backoffice:outbox_detail", args=[entry.pk]))
        return _redirect(request, reverse("backoffice:outbox_list"))


# --- provider settings ----------------------------------------------------------------------


class ProviderConfigListView(BackofficeMixin, TemplateView):
    permission_required = "messaging.view_providerconfig"
    template_name = "messaging/backoffice/provider_list.html"
    page_title = "消息服务商"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["configs"] = selectors.provider_config_list()
        context["voice_callback_path"] = "/api/v1/messaging/voice/callback/<provider>/?token=…"
        return context


class ProviderConfigFormView(BackofficeMixin, FormView):
    template_name = "messaging/backoffice/provider_form.html"
    form_class = ProviderConfigForm

    def dispatch(self, request, *args, **kwargs):
        self.object = None
        self.permission_required = "messaging.change_providerconfig" if "pk" in kwargs else "messaging.add_providerconfig"
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        if "pk" in self.kwargs:
            self.object = _object_or_404(ProviderConfig.objects.all(), self.kwargs["pk"])
            return {"channel": self.object.channel, "provider": self.object.provider, "options": json.dumps(self.object.options, ensure_ascii=False, indent=2), "is_active": self.object.is_active}
        return super().get_initial()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["page_title"] = "编辑服务商" if self.object else "添加服务商"
        context["secret_keys"] = sorted(self.object.secret_values) if self.object else []
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.provider_config_save(
                actor=self.request.user, config=self.object, channel=data["channel"], provider=data["provider"], options=data["options"], secrets_update=data["secrets"], is_active=data["is_active"]
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(self.request, "服务商设置已保存。")
        return redirect("backoffice:provider_config_list")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)
