"""Back-office pages for login security (P11) and the audited personal-data reveal (P12)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.errors import NotFound as NotFoundError
from core.errors import PermissionDenied as PermissionDeniedError
from core.reveal import personal_data_reveal
from core.web.filtering import parse_day
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.accounts import security
from tenant_apps.accounts.enums import LoginResult
from tenant_apps.accounts.models import IPBlock

MONITORING = "accounts.view_login_monitoring"
IP_BLOCKS = "accounts.manage_ip_blocks"


def date_range(request, *, default_days: int = 30) -> tuple[datetime.date, datetime.date]:
    """`date_from` / `date_to` from the query string, defaulting to the last `default_days` days,
    ordered and clipped to at most a year."""
    today = timezone.localdate()
    date_to = parse_day(request.GET.get("date_to")) or today
    date_from = parse_day(request.GET.get("date_from")) or date_to - datetime.timedelta(days=default_days - 1)
    if date_from > date_to:
        date_from, date_to = date_to, date_from
    if (date_to - date_from).days >= security.MAX_RANGE_DAYS:
        date_from = date_to - datetime.timedelta(days=security.MAX_RANGE_DAYS - 1)
    return date_from, date_to


class LoginLogListView(BackofficeMixin, TemplateView):
    template_name = "accounts/backoffice/security/login_log_list.html"
    permission_required = MONITORING
    page_title = "登录日志"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        filters = {
            "result": params.get("result", ""),
            "channel": params.get("channel", ""),
            "ip": params.get("ip", "").strip(),
            "account": params.get("account", "").strip(),
            "date_from": parse_day(params.get("date_from")),
            "date_to": parse_day(params.get("date_to")),
        }
        context.update(paginate(self.request, security.login_log_search(**filters), per_page=50))
        for log in context["object_list"]:
            log.channel_label = security.CHANNEL_LABELS.get(log.channel, log.channel)
            log.device_label = security.DEVICE_LABELS.get(log.device, log.device)
        context.update(filters=filters, results=LoginResult.choices, channels=security.CHANNEL_LABELS.items())
        return context


class LoginStatsView(BackofficeMixin, TemplateView):
    template_name = "accounts/backoffice/security/login_stats.html"
    permission_required = MONITORING
    page_title = "登录统计"
    period_choices = (7, 30, 90)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            days = int(self.request.GET.get("days", 30))
        except ValueError:
            days = 30
        days = days if days in self.period_choices else 30
        stats = security.login_statistics(days=days)
        context.update(
            stats=stats, period_choices=self.period_choices,
            day_chart=_column_chart(stats["by_day"]), hour_chart=_column_chart(stats["by_hour"]),
        )
        return context


def _column_chart(rows: list[dict], *, height: int = 160, column: int = 22, gap: int = 6) -> dict:
    """Geometry of a stacked success/failed column chart drawn as inline SVG by the template."""
    top = max((row["total"] for row in rows), default=0) or 1
    columns = []
    for index, row in enumerate(rows):
        when = f"{row['day']:%Y-%m-%d}" if row.get("day") else row["label"]
        tip = row.get("tip") or f"{when}：成功 {row['success']}，失败 {row['failed']}"
        success_h = round(row["success"] * height / top, 1)
        failed_h = round(row["failed"] * height / top, 1)
        columns.append({
            **row,
            "tip": tip,
            "x": index * (column + gap),
            "success_y": height - success_h,
            "success_h": success_h,
            "failed_y": height - success_h - failed_h,
            "failed_h": failed_h,
            "label_x": index * (column + gap) + column / 2,
            "show_label": index % max(1, len(rows) // 12) == 0 or index == len(rows) - 1,
        })
    return {"columns": columns, "width": len(rows) * (column + gap), "height": height, "column": column, "max": top}


class SecuritySettingsView(BackofficeMixin, TemplateView):
    """登录安全设置: WeChat scan login for the back office (off / second factor / instead of the password)."""

    template_name = "accounts/backoffice/security/settings.html"
    permission_required = "accounts.change_securitysettings"
    page_title = "登录安全设置"

    def get_context_data(self, **kwargs):
        from tenant_apps.accounts.enums import WeChatScanLoginMode
        from tenant_apps.accounts.selectors import security_settings

        context = super().get_context_data(**kwargs)
        context["settings"] = security_settings()
        context["modes"] = WeChatScanLoginMode.choices
        return context

    def post(self, request):
        from tenant_apps.accounts.services import security_settings_update

        try:
            security_settings_update(actor=request.user, wechat_scan_login=request.POST.get("wechat_scan_login", ""))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message), status=exc.status)
        messages.success(request, "登录安全设置已保存。")
        return redirect("backoffice:security_settings")


class IPBlockListView(BackofficeMixin, TemplateView):
    template_name = "accounts/backoffice/security/ip_block_list.html"
    permission_required = IP_BLOCKS
    page_title = "IP 封禁"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(paginate(self.request, security.ip_block_list(), per_page=50))
        return context


class IPBlockAddView(BackofficeMixin, TemplateView):
    template_name = "accounts/backoffice/security/ip_block_form.html"
    permission_required = IP_BLOCKS
    page_title = "添加 IP 封禁"

    def post(self, request):
        form = {key: request.POST.get(key, "").strip() for key in ("ip", "reason", "hours")}
        try:
            hours = int(form["hours"]) if form["hours"] else None
        except ValueError:
            return self._invalid(form, ApplicationError("封禁时长应为整数。", fields={"hours": ["请输入整数小时数。"]}))
        try:
            block = security.ip_block_add(actor=request.user, ip=form["ip"], reason=form["reason"], hours=hours)
        except ApplicationError as exc:
            return self._invalid(form, exc)
        messages.success(request, f"已封禁 IP {block.ip}。")
        return redirect("backoffice:ip_block_list")

    def _invalid(self, form, exc: ApplicationError):
        return self.render_to_response(self.get_context_data(form=form, error=exc.message, fields=exc.fields), status=exc.status)


class IPBlockLiftView(BackofficeMixin, TemplateView):
    """GET shows a confirmation page (no-JS fallback); POST lifts. The list posts with hx-confirm."""

    template_name = "accounts/backoffice/security/ip_block_lift.html"
    permission_required = IP_BLOCKS
    page_title = "解除 IP 封禁"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["block"] = get_object_or_404(IPBlock, pk=self.kwargs["pk"])
        return context

    def post(self, request, pk: int):
        block = get_object_or_404(IPBlock, pk=pk)
        ip = block.ip
        security.ip_block_lift(actor=request.user, block=block)
        if request.htmx:
            return HttpResponse("")  # the row is swapped out
        messages.success(request, f"已解除 IP {ip} 的封禁。")
        return redirect("backoffice:ip_block_list")


class ActivityStatsView(BackofficeMixin, TemplateView):
    template_name = "accounts/backoffice/security/activity_stats.html"
    permission_required = MONITORING
    page_title = "活跃统计"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        date_from, date_to = date_range(self.request)
        account = self.request.GET.get("account", "").strip()
        context.update(paginate(self.request, security.activity_day_list(date_from=date_from, date_to=date_to, account=account), per_page=50))
        for row in context["object_list"]:
            row.duration = security.format_duration(row.active_seconds)
        stats = security.activity_statistics(date_from=date_from, date_to=date_to)
        day_rows = [
            {**day, "success": day["seconds"], "failed": 0, "total": day["seconds"], "tip": f"{day['day']:%Y-%m-%d}：{day['duration']}，{day['users']} 人"}
            for day in stats["days"]
        ]
        context.update(stats=stats, day_chart=_column_chart(day_rows), date_from=date_from, date_to=date_to, account=account)
        return context


class PersonalDataRevealView(BackofficeMixin, View):
    """POST only. Answers an HTML fragment for htmx, or JSON with `Accept: application/json`."""

    http_method_names = ["post"]

    def post(self, request, model_label: str, pk: int, field: str):
        try:
            value = personal_data_reveal(actor=request.user, model_label=model_label, pk=pk, field_name=field)
        except PermissionDeniedError as exc:
            if _wants_json(request):
                return JsonResponse({"code": exc.code, "message": exc.message, "fields": {}}, status=403)
            return HttpResponse(exc.message, status=403)
        except NotFoundError as exc:
            if _wants_json(request):
                return JsonResponse({"code": exc.code, "message": exc.message, "fields": {}}, status=404)
            raise Http404(exc.message) from exc
        if _wants_json(request):
            return JsonResponse({"model": model_label.lower(), "id": pk, "field": field, "value": value})
        html = render_to_string("accounts/backoffice/security/_revealed.html", {"value": value, "field": field}, request=request)
        response = HttpResponse(html)
        response["Cache-Control"] = "no-store"
        return response


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")
