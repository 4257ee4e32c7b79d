"""Back office of mass e-mail and SMS: campaigns (list, compose, preview, recipients count, test
send, send, progress, per-recipient log), templates and the layout gallery, SMS quota, birthdays."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.alumni.outreach import selectors, services
from tenant_apps.alumni.outreach.enums import CampaignStatus, Channel, SourceKind
from tenant_apps.alumni.outreach.layouts import LAYOUTS
from tenant_apps.alumni.outreach.models import BirthdayRun, Campaign, OutreachTemplate
from tenant_apps.messaging.enums import DeliveryStatus

FILTER_KEYS = ("class_year", "graduation_year", "college_id", "region", "organization_id", "group_id")


class OutreachMixin(BackofficeMixin):
    """Every page shows this year's SMS balance."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sms_quota"] = selectors.sms_quota()
        return context


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _source_options() -> dict:
    from tenant_apps.alumni.orgs.models import Organization
    from tenant_apps.alumni.records.models import MemberGroup

    return {"organizations": Organization.objects.order_by("name").values_list("pk", "name")[:500],
            "groups": MemberGroup.objects.order_by("name").values_list("pk", "name")}


class CampaignListView(OutreachMixin, TemplateView):
    template_name = "alumni_outreach/backoffice/list.html"
    permission_required = "alumni_outreach.view_campaign"
    channel = Channel.EMAIL

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q, status = self.request.GET.get("q", "").strip(), self.request.GET.get("status", "")
        context.update(paginate(self.request, selectors.campaign_list(search=q, channel=self.channel, status=status), per_page=20), q=q, status=status,
                       statuses=CampaignStatus.choices, channel=self.channel, page_title="邮件群发" if self.channel == Channel.EMAIL else "短信群发")
        return context


class SmsCampaignListView(CampaignListView):
    channel = Channel.SMS


class CampaignFormView(OutreachMixin, TemplateView):
    template_name = "alumni_outreach/backoffice/form.html"
    permission_required = "alumni_outreach.add_campaign"

    def _campaign(self) -> Campaign | None:
        return get_object_or_404(Campaign, pk=self.kwargs["pk"]) if self.kwargs.get("pk") else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self._campaign()
        channel = campaign.channel if campaign else (self.kwargs.get("channel") or Channel.EMAIL)
        if channel not in Channel.values:
            channel = Channel.EMAIL
        initial = {"title": "", "body": "", "layout": self.request.GET.get("layout", "plain"), "is_marketing": True, "source_kind": SourceKind.RECORDS,
                   "template_id": ""}
        template = OutreachTemplate.objects.filter(pk=self.request.GET.get("template") or 0, channel=channel).first() if self.request.GET.get("template", "").isdigit() else None
        if template:
            initial.update(title=template.subject or template.name, body=template.body, layout=template.layout or "plain", is_marketing=template.is_marketing,
                           template_id=template.pk)
        if campaign:
            initial.update(title=campaign.title, body=campaign.body, layout=campaign.layout, is_marketing=campaign.is_marketing,
                           source_kind=campaign.source_kind, template_id=campaign.template_id or "", **campaign.source_filters)
        if kwargs.get("form") is not None:
            form = kwargs["form"]
            initial.update({k: form.get(k, "") for k in ("title", "body", "layout", "source_kind", "template_id", *FILTER_KEYS)})
            initial["is_marketing"] = form.get("is_marketing") == "on"
        context.update(campaign=campaign, channel=channel, initial=initial, layouts=LAYOUTS.values(), sources=SourceKind.choices,
                       templates=OutreachTemplate.objects.filter(channel=channel).order_by("name"), **_source_options(),
                       page_title=("编辑" if campaign else "新建") + ("邮件群发" if channel == Channel.EMAIL else "短信群发"))
        return context

    def post(self, request, pk=None, channel=None):
        campaign = self._campaign()
        if campaign is not None:
            _require(request, "alumni_outreach.change_campaign")
        post = request.POST
        channel = campaign.channel if campaign else (channel or post.get("channel") or Channel.EMAIL)
        try:
            data = services.CampaignInput(channel=channel, title=post.get("title", ""), body=post.get("body", ""), layout=post.get("layout", ""),
                                          is_marketing=post.get("is_marketing") == "on", source_kind=post.get("source_kind") or SourceKind.RECORDS,
                                          source_filters={k: post.get(k, "") for k in FILTER_KEYS},
                                          template_id=int(post["template_id"]) if post.get("template_id", "").isdigit() else None)
            campaign = services.campaign_save(actor=request.user, campaign=campaign, data=data)
            if request.FILES.get("file"):
                report = services.campaign_upload_recipients(actor=request.user, campaign=campaign, content=request.FILES["file"].read())
                messages.info(request, f"名单导入：接受 {report['accepted']} 行，拒绝 {len(report['rejected'])} 行。")
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, field_errors=exc.fields, form=post), status=400)
        messages.success(request, "草稿已保存，请预览后发送。")
        return redirect("backoffice:alumni_outreach:detail", pk=campaign.pk)


class CampaignDetailView(OutreachMixin, TemplateView):
    """Preview, recipients count, test send, send (confirmed), progress."""

    template_name = "alumni_outreach/backoffice/detail.html"
    permission_required = "alumni_outreach.view_campaign"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = services.campaign_refresh_status(campaign=get_object_or_404(Campaign, pk=self.kwargs["pk"]))
        context.update(campaign=campaign, preview=services.campaign_preview(campaign=campaign), stats=selectors.campaign_stats(campaign),
                       page_title=campaign.title, is_draft=campaign.status == CampaignStatus.DRAFT,
                       uploaded=campaign.uploaded_recipients.count() if campaign.source_kind == SourceKind.UPLOAD else None)
        return context

    def post(self, request, pk):
        campaign = get_object_or_404(Campaign, pk=pk)
        action = request.POST.get("action", "")
        try:
            if action == "send":
                _require(request, "alumni_outreach.send_campaign")
                services.campaign_send(actor=request.user, campaign=campaign)
                messages.success(request, "已开始发送，可在下方查看进度。")
            elif action == "test":
                _require(request, "alumni_outreach.send_campaign")
                services.campaign_test_send(actor=request.user, campaign=campaign, address=request.POST.get("address", ""))
                messages.success(request, "测试已发出。")
            elif action == "delete":
                _require(request, "alumni_outreach.delete_campaign")
                services.campaign_delete(actor=request.user, campaign=campaign)
                messages.success(request, "草稿已删除。")
                return redirect("backoffice:alumni_outreach:list" if campaign.channel == Channel.EMAIL else "backoffice:alumni_outreach:sms_list")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:alumni_outreach:detail", pk=pk)


class CampaignCountView(OutreachMixin, TemplateView):
    """The recipients count (HTMX fragment)."""

    template_name = "alumni_outreach/backoffice/_count.html"
    permission_required = "alumni_outreach.view_campaign"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = get_object_or_404(Campaign, pk=self.kwargs["pk"])
        count = selectors.recipient_count(campaign)
        units = 0
        if campaign.channel == Channel.SMS:
            preview = services.campaign_preview(campaign=campaign)
            units = preview["segments"] * count.sendable
        context.update(campaign=campaign, count=count, units=units)
        return context


class CampaignProgressView(OutreachMixin, TemplateView):
    template_name = "alumni_outreach/backoffice/_progress.html"
    permission_required = "alumni_outreach.view_campaign"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = services.campaign_refresh_status(campaign=get_object_or_404(Campaign, pk=self.kwargs["pk"]))
        context.update(campaign=campaign, stats=selectors.campaign_stats(campaign))
        return context


class CampaignLogView(OutreachMixin, TemplateView):
    template_name = "alumni_outreach/backoffice/log.html"
    permission_required = "alumni_outreach.view_campaign"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = get_object_or_404(Campaign, pk=self.kwargs["pk"])
        q, status, opened = self.request.GET.get("q", "").strip(), self.request.GET.get("status", ""), self.request.GET.get("opened", "")
        log = selectors.campaign_log(campaign, status=status, search=q, opened={"yes": True, "no": False}.get(opened))
        context.update(paginate(self.request, log, per_page=50), campaign=campaign, q=q, status=status, opened=opened, statuses=DeliveryStatus.choices,
                       stats=selectors.campaign_stats(campaign), page_title=f"发送记录 · {campaign.title}")
        context["object_list"] = selectors.attach_opens(campaign, context["object_list"])
        return context


class TemplateListView(OutreachMixin, TemplateView):
    template_name = "alumni_outreach/backoffice/templates.html"
    permission_required = "alumni_outreach.view_outreachtemplate"
    page_title = "模板与素材"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q, channel = self.request.GET.get("q", "").strip(), self.request.GET.get("channel", "")
        context.update(paginate(self.request, selectors.template_list(search=q, channel=channel), per_page=20), q=q, channel=channel,
                       channels=Channel.choices, layouts=LAYOUTS.values())
        return context


class GalleryView(OutreachMixin, TemplateView):
    template_name = "alumni_outreach/backoffice/gallery.html"
    permission_required = "alumni_outreach.view_outreachtemplate"
    page_title = "邮件素材库"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["layouts"] = [{"layout": layout, "html": services.render_email(title=layout.name, body=layout.sample, layout=layout.key, name="张三", unsubscribe="#")}
                              for layout in LAYOUTS.values()]
        return context


class TemplateFormView(OutreachMixin, TemplateView):
    template_name = "alumni_outreach/backoffice/template_form.html"
    permission_required = "alumni_outreach.add_outreachtemplate"

    def _template(self):
        return get_object_or_404(OutreachTemplate, pk=self.kwargs["pk"]) if self.kwargs.get("pk") else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        template = self._template()
        layout = LAYOUTS.get(self.request.GET.get("layout", ""))
        initial = {"channel": self.request.GET.get("channel") or (Channel.EMAIL if layout or not self.request.GET.get("channel") else Channel.SMS), "name": "",
                   "subject": "", "body": layout.sample if layout else "", "layout": layout.key if layout else "plain", "is_marketing": True}
        if template:
            initial.update(channel=template.channel, name=template.name, subject=template.subject, body=template.body, layout=template.layout,
                           is_marketing=template.is_marketing)
        if kwargs.get("form") is not None:
            initial.update({k: kwargs["form"].get(k, "") for k in ("channel", "name", "subject", "body", "layout")})
            initial["is_marketing"] = kwargs["form"].get("is_marketing") == "on"
        context.update(template=template, initial=initial, channels=Channel.choices, layouts=LAYOUTS.values(), page_title="编辑模板" if template else "新建模板")
        return context

    def post(self, request, pk=None):
        template = self._template()
        if template is not None:
            _require(request, "alumni_outreach.delete_outreachtemplate" if request.POST.get("action") == "delete" else "alumni_outreach.change_outreachtemplate")
            if request.POST.get("action") == "delete":
                services.template_delete(actor=request.user, template=template)
                messages.success(request, "模板已删除。")
                return redirect("backoffice:alumni_outreach:templates")
        post = request.POST
        data = {"channel": post.get("channel", ""), "name": post.get("name", "").strip(), "subject": post.get("subject", ""), "body": post.get("body", ""),
                "layout": post.get("layout", ""), "is_marketing": post.get("is_marketing") == "on"}
        try:
            services.template_save(actor=request.user, template=template, data=data)
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, field_errors=exc.fields, form=post), status=400)
        except Exception as exc:
            from django.core.exceptions import ValidationError

            if not isinstance(exc, ValidationError):
                raise
            return self.render_to_response(self.get_context_data(error="请检查填写内容。", field_errors=exc.message_dict, form=post), status=400)
        messages.success(request, "模板已保存。")
        return redirect("backoffice:alumni_outreach:templates")


class QuotaView(OutreachMixin, TemplateView):
    template_name = "alumni_outreach/backoffice/quota.html"
    permission_required = "alumni_outreach.view_smsquota"
    page_title = "短信额度"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sms_campaigns"] = selectors.campaign_list(channel=Channel.SMS).exclude(sms_units=0)[:20]
        return context

    def post(self, request):
        _require(request, "alumni_outreach.change_smsquota")
        try:
            services.sms_quota_update(actor=request.user, limit=int(request.POST.get("limit", "")))
        except (ValueError, ApplicationError) as exc:
            messages.error(request, getattr(exc, "message", "请填写整数。"))
        else:
            messages.success(request, "年度额度已更新。")
        return redirect("backoffice:alumni_outreach:quota")


class BirthdayView(OutreachMixin, TemplateView):
    template_name = "alumni_outreach/backoffice/birthday.html"
    permission_required = "alumni_outreach.view_birthdaysetting"
    page_title = "生日祝福"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        setting = services.birthday_setting()
        preview = selectors.sms_signature() + selectors.sms_text_as_sent(setting.text.replace("{{ name }}", "张三"), is_marketing=True)
        context.update(setting=setting, preview=preview, segments=selectors.sms_segments(preview), runs=BirthdayRun.objects.select_related("campaign")[:30])
        return context

    def post(self, request):
        _require(request, "alumni_outreach.change_birthdaysetting")
        try:
            services.birthday_setting_save(actor=request.user, is_enabled=request.POST.get("is_enabled") == "on", text=request.POST.get("text", ""))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "生日祝福设置已保存。")
        return redirect("backoffice:alumni_outreach:birthday")
