"""Back office of activities: thin views over services and selectors."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.importexport.views import ExportReasonPageMixin, file_response
from core.masking import mask_value
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.alumni.activities import badges, selectors, services
from tenant_apps.alumni.activities.enums import (
    ActivityStatus,
    OrganiserKind,
    RegistrationStatus,
)
from tenant_apps.alumni.activities.models import (
    Activity,
    ActivityPhoto,
    BlacklistEntry,
    Comment,
    Registration,
)


def _notify_url(request) -> str:
    return request.build_absolute_uri(reverse("api:payments:notify"))


def _activity(pk) -> Activity:
    return get_object_or_404(Activity, pk=pk, deleted_at__isnull=True)


class ActivityListView(BackofficeMixin, TemplateView):
    template_name = "alumni_activities/backoffice/activity_list.html"
    permission_required = "alumni_activities.view_activity"
    page_title = "活动管理"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        get = self.request.GET
        search = {k: get.get(k, "").strip() for k in ("q", "organiser", "tag", "place", "status", "when")}
        qs = selectors.activity_search(keyword=search["q"], organiser=search["organiser"], tag=search["tag"], place=search["place"], status=search["status"],
                                       when=search["when"])
        context.update(paginate(self.request, qs.prefetch_related("ticket_types"), per_page=30), search=search, statuses=ActivityStatus.choices)
        return context


class ActivityFormView(BackofficeMixin, TemplateView):
    template_name = "alumni_activities/backoffice/activity_form.html"
    permission_required = "alumni_activities.add_activity"
    page_title = "发起活动"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = _activity(self.kwargs["pk"]) if self.kwargs.get("pk") else None
        def local(d):
            return (timezone.localtime(d).strftime("%Y-%m-%dT%H:%M") if d else "")
        initial = {"title": "", "starts_at": "", "ends_at": "", "registration_closes_at": "", "place": "", "city": "", "organiser_kind": OrganiserKind.ASSOCIATION,
                   "organiser_name": "", "tags": "", "capacity": 100, "offer_hours": 24, "summary": "", "description": "", "form_fields": "",
                   "requires_review": False, "waitlist_enabled": True, "blacklist_enabled": True, "assign_seats": False, "is_online": False, "chapter_id": ""}
        if activity:
            initial.update({k: getattr(activity, k) for k in initial if hasattr(activity, k) and k not in ("tags", "form_fields", "chapter_id")})
            initial["chapter_id"] = str(activity.chapter_id or "")
            initial.update(starts_at=local(activity.starts_at), ends_at=local(activity.ends_at), registration_closes_at=local(activity.registration_closes_at),
                           tags=",".join(activity.tags), form_fields=services.form_fields_to_text(activity.form_fields))
        form = kwargs.get("form")
        if form is not None:
            initial.update({k: form.get(k, "") for k in initial if isinstance(initial[k], str | int) and not isinstance(initial[k], bool)})
            initial.update({k: form.get(k) == "on" for k in initial if isinstance(initial[k], bool)})
        context.update(activity=activity, initial=initial, organiser_kinds=OrganiserKind.choices, chapters=selectors.chapter_choices(self.request.user), page_title="编辑活动" if activity else "发起活动",
                       ticket_rows=range(3))
        return context

    def post(self, request, pk=None):
        post = request.POST
        activity = _activity(pk) if pk else None
        try:
            starts, ends = parse_datetime(post.get("starts_at", "")), parse_datetime(post.get("ends_at", ""))
            closes = parse_datetime(post.get("registration_closes_at", "")) if post.get("registration_closes_at") else None
            if starts is None or ends is None:
                raise ApplicationError("请填写开始和结束时间。", fields={"starts_at": ["请填写时间。"]})
            def aware(d):
                return d if d is None or timezone.is_aware(d) else timezone.make_aware(d)
            try:
                capacity = int(post.get("capacity") or 0)
                types = [{"name": post.get(f"tt_name_{i}", "").strip(), "price_fen": round(float(post.get(f"tt_price_{i}") or 0) * 100),
                          "capacity": int(post.get(f"tt_capacity_{i}") or capacity)} for i in range(3) if post.get(f"tt_name_{i}", "").strip()]
            except ValueError:
                raise ApplicationError("名额和价格须为数字。", fields={"capacity": ["须为数字。"]}) from None
            data = services.ActivityInput(
                title=post.get("title", "").strip(), starts_at=aware(starts), ends_at=aware(ends), registration_closes_at=aware(closes),
                place=post.get("place", "").strip(), city=post.get("city", "").strip(), summary=post.get("summary", "").strip(), description=post.get("description", ""),
                is_online=post.get("is_online") == "on", tags=[t for t in post.get("tags", "").replace("，", ",").split(",")],
                organiser_kind=post.get("organiser_kind") or OrganiserKind.ASSOCIATION, organiser_name=post.get("organiser_name", "").strip(), capacity=capacity,
                chapter_id=int(post["chapter_id"]) if post.get("chapter_id", "").isdigit() else None,
                requires_review=post.get("requires_review") == "on", waitlist_enabled=post.get("waitlist_enabled") == "on",
                offer_hours=int(post.get("offer_hours") or 24), blacklist_enabled=post.get("blacklist_enabled") == "on", assign_seats=post.get("assign_seats") == "on",
                form_fields=services.form_fields_from_text(post.get("form_fields", "")), ticket_types=types)
            if activity:
                activity = services.activity_update(actor=request.user, activity=activity, data=data)
            else:
                activity = services.activity_create(actor=request.user, data=data)
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, field_errors=exc.fields, form=post), status=400)
        except Exception as exc:  # model validation (full_clean)
            if not hasattr(exc, "message_dict"):
                raise
            return self.render_to_response(self.get_context_data(error="请检查填写内容。", field_errors=exc.message_dict, form=post), status=400)
        messages.success(request, "活动已保存。" if activity.status == ActivityStatus.PUBLISHED else "活动已提交，等待审核。")
        return redirect("backoffice:alumni_activities:activity_detail", pk=activity.pk)


class ActivityDetailView(BackofficeMixin, TemplateView):
    template_name = "alumni_activities/backoffice/activity_detail.html"
    permission_required = "alumni_activities.view_activity"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = _activity(self.kwargs["pk"])
        state, q = self.request.GET.get("status", ""), self.request.GET.get("q", "").strip()
        context.update(paginate(self.request, selectors.registrations_of(activity, status=state, keyword=q), per_page=50))
        can_reveal = self.request.user.has_perm("alumni_activities.manage_registration")
        for r in context["object_list"]:
            r.phone_display = mask_value("phone", r.attendee_phone)
        from core.tickets.services import scan_summary

        context.update(activity=activity, page_title=activity.title, status=state, q=q, statuses=RegistrationStatus.choices, can_manage=can_reveal,
                       invitations=activity.invitations.order_by("-id")[:50], waitlist_count=selectors.waitlist(activity).count(),
                       door=scan_summary(scope=activity.ticket_scope), checked_in=activity.registrations.filter(checked_in_at__isnull=False).count(),
                       lotteries=activity.lotteries.prefetch_related("prizes"))
        return context

    ACTIONS = {
        "pin": "alumni_activities.change_activity", "recommend": "alumni_activities.change_activity", "delete": "alumni_activities.delete_activity",
        "approve": "alumni_activities.manage_registration", "refuse": "alumni_activities.manage_registration", "remove": "alumni_activities.manage_registration",
        "invite": "alumni_activities.manage_registration", "notice": "alumni_activities.manage_registration",
        "lottery_create": "alumni_activities.run_lottery", "lottery_freeze": "alumni_activities.run_lottery", "lottery_draw": "alumni_activities.run_lottery",
    }

    def post(self, request, pk):
        activity = _activity(pk)
        action, post = request.POST.get("action", ""), request.POST
        if action not in self.ACTIONS or not request.user.has_perm(self.ACTIONS[action]):
            raise PermissionDenied
        try:
            if action == "pin":
                services.activity_set_flags(actor=request.user, activity=activity, is_pinned=not activity.is_pinned)
            elif action == "recommend":
                services.activity_set_flags(actor=request.user, activity=activity, is_recommended=not activity.is_recommended)
            elif action == "delete":
                services.activity_delete(actor=request.user, activity=activity, notify_url=_notify_url(request))
                messages.success(request, "活动已删除，报名已取消，已付款的将原路退款。")
                return redirect("backoffice:alumni_activities:activity_list")
            elif action in ("approve", "refuse", "remove"):
                registration = get_object_or_404(Registration, pk=post.get("registration"), activity=activity)
                if action == "remove":
                    services.registration_remove(actor=request.user, registration=registration, reason=post.get("reason", ""), notify_url=_notify_url(request))
                else:
                    services.registration_review(actor=request.user, registration=registration, approve=action == "approve", reason=post.get("reason", ""))
            elif action == "invite":
                invitation = services.invitation_create(actor=request.user, activity=activity, guest_name=post.get("guest_name", ""),
                                                        max_uses=int(post.get("max_uses") or 1))
                messages.success(request, f"邀请码 {invitation.code} 已生成。")
            elif action.startswith("lottery_"):
                self.lottery_action(activity, action)
            elif action == "notice":
                services.notice_send(actor=request.user, activity=activity, body=post.get("body", ""), channels=post.getlist("channels") or None)
                messages.success(request, "通知已排队发送。")
        except (ApplicationError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", "请检查填写内容。"))
        return redirect(request.META.get("HTTP_REFERER") or reverse("backoffice:alumni_activities:activity_detail", args=[pk]))

    def lottery_action(self, activity: Activity, action: str) -> None:
        from tenant_apps.alumni.activities import lottery as lotteries

        post = self.request.POST
        if action == "lottery_create":
            lotteries.lottery_create(actor=self.request.user, activity=activity, title=post.get("title", ""), rules=post.get("rules", ""),
                                     prizes=parse_prizes(post.get("prizes", "")), entrant_rule=post.get("entrant_rule") or "checked_in")
            messages.success(self.request, "抽奖已创建。公示名单后即可开奖。")
            return
        lottery = get_object_or_404(activity.lotteries, pk=post.get("lottery"))
        if action == "lottery_freeze":
            lotteries.lottery_freeze(actor=self.request.user, lottery=lottery)
            messages.success(self.request, "参与名单与系统随机值承诺已公示。")
        else:
            lotteries.lottery_draw(actor=self.request.user, lottery=lottery, witness_values=post.get("witness_values", "").split())
            messages.success(self.request, "已开奖，公示页可复算。")


def parse_prizes(text: str) -> list[dict]:
    """One prize a line: `奖项 | 奖品 | 数量 | 单价（元）`."""
    prizes = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if not parts[0]:
            continue
        try:
            count, value = int(parts[2]), round(float(parts[3]) * 100)
        except (IndexError, ValueError):
            raise ApplicationError(f"奖项“{parts[0]}”格式有误：奖项 | 奖品 | 数量 | 单价（元）。", fields={"prizes": ["格式有误。"]}) from None
        prizes.append({"name": parts[0], "item": parts[1] if len(parts) > 1 else "", "count": count, "value_fen": value})
    return prizes


REVEAL_PERMISSION = "accounts.reveal_personal_data"


class RegistrationExportView(ExportReasonPageMixin, BackofficeMixin, View):
    """The registration list through the export engine's rule (issue 19): GET asks for the reason,
    POST builds the file; phones masked unless the exporter may see full personal data; the file
    carries the requester, time and reason, and the export is audited."""

    permission_required = "alumni_activities.manage_registration"

    def get(self, request, pk):
        activity = _activity(pk)
        return self.export_reason_page(request, title=f"报名名单（{activity.title}）", count=selectors.registrations_of(activity).count(),
                                       back_url=reverse("backoffice:alumni_activities:activity_detail", args=[activity.pk]))

    def post(self, request, pk):
        from openpyxl import Workbook

        from core.importexport.services import export_document

        activity = _activity(pk)
        reveal = request.user.has_perm(REVEAL_PERMISSION)

        def build() -> bytes:
            book = Workbook()
            sheet = book.active
            sheet.title = "报名名单"
            labels = [f["label"] for f in activity.form_fields]
            sheet.append(["报名号", "参加人", "手机号" if reveal else "手机号（脱敏）", "票种", "状态", "金额（元）", "报名时间", "签到时间", "座位", *labels])
            for r in selectors.registrations_of(activity):
                sheet.append([r.pk, r.attendee_name, r.attendee_phone if reveal else mask_value("phone", r.attendee_phone or ""), r.ticket_type.name,
                              r.get_status_display(), r.amount_fen / 100, timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
                              timezone.localtime(r.checked_in_at).strftime("%H:%M") if r.checked_in_at else "",
                              r.seat_label, *[", ".join(v) if isinstance(v := r.answers.get(f["key"], ""), list) else v for f in activity.form_fields]])
            buffer = io.BytesIO()
            book.save(buffer)
            return buffer.getvalue()

        filename = f"报名名单-{activity.pk}.xlsx"
        try:
            content = export_document(actor=request.user, title=f"报名名单（{activity.title}）"[:100], filename=filename, personal_data=True,
                                      reason=request.POST.get("reason", ""), build=build, action="alumni_activities.registration_export",
                                      target=activity, details={"masked": [] if reveal else ["attendee_phone"]})
        except ApplicationError as exc:
            return self.export_reason_page(request, title=f"报名名单（{activity.title}）", error=exc.message, status=400,
                                           back_url=reverse("backoffice:alumni_activities:activity_detail", args=[activity.pk]))
        return file_response(content, filename)


class BadgesView(BackofficeMixin, View):
    permission_required = "alumni_activities.manage_registration"

    def get(self, request, pk):
        activity = _activity(pk)
        rows = list(activity.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related("ticket_type").order_by("attendee_name"))
        response = HttpResponse(badges.badges_pdf(activity, rows), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(False, f"胸卡-{activity.pk}.pdf")
        return response


class ReviewListView(BackofficeMixin, TemplateView):
    template_name = "alumni_activities/backoffice/review_list.html"
    permission_required = "alumni_activities.review_activity"
    page_title = "活动审核"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(paginate(self.request, Activity.objects.filter(status=ActivityStatus.PENDING, deleted_at__isnull=True).select_related("created_by")))
        return context

    def post(self, request):
        activity = get_object_or_404(Activity, pk=request.POST.get("activity"))
        try:
            services.activity_review(actor=request.user, activity=activity, approve=request.POST.get("action") == "approve", note=request.POST.get("note", ""))
            messages.success(request, "已审核。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:alumni_activities:review_list")


class BlacklistView(BackofficeMixin, TemplateView):
    template_name = "alumni_activities/backoffice/blacklist.html"
    permission_required = "alumni_activities.manage_blacklist"
    page_title = "活动黑名单"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(paginate(self.request, BlacklistEntry.objects.select_related("user", "created_by")))
        return context

    def post(self, request):
        try:
            if request.POST.get("action") == "remove":
                services.blacklist_remove(actor=request.user, entry=get_object_or_404(BlacklistEntry, pk=request.POST.get("entry")))
                messages.success(request, "已移出黑名单。")
            else:
                user = selectors.user_by_username_or_phone(request.POST.get("who", ""))
                if user is None:
                    raise ApplicationError("没有找到该用户（请填用户名或手机号）。")
                services.blacklist_add(actor=request.user, user=user, reason=request.POST.get("reason", ""))
                messages.success(request, "已加入黑名单。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:alumni_activities:blacklist")


class CommentListView(BackofficeMixin, TemplateView):
    template_name = "alumni_activities/backoffice/comments.html"
    permission_required = "alumni_activities.moderate_comment"
    page_title = "评论管理"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "").strip()
        qs = Comment.objects.select_related("activity", "user")
        if q:
            qs = qs.filter(body__icontains=q)
        context.update(paginate(self.request, qs), q=q)
        return context

    def post(self, request):
        comment = get_object_or_404(Comment, pk=request.POST.get("comment"))
        services.comment_moderate(actor=request.user, comment=comment, visible=request.POST.get("action") == "show")
        messages.success(request, "已更新。")
        return redirect(request.META.get("HTTP_REFERER") or reverse("backoffice:alumni_activities:comments"))


class PhotoModerationView(BackofficeMixin, TemplateView):
    """活动照片审核: attendees' photos wait here; organisers' are already shown (and can be withdrawn)."""

    template_name = "alumni_activities/backoffice/photos.html"
    permission_required = "alumni_activities.moderate_comment"
    page_title = "活动照片"

    def get_context_data(self, **kwargs):
        from core.files import download_url
        from tenant_apps.alumni.activities.enums import PhotoStatus

        context = super().get_context_data(**kwargs)
        state = self.request.GET.get("status", PhotoStatus.PENDING)
        state = state if state in PhotoStatus.values or state == "" else PhotoStatus.PENDING
        context.update(paginate(self.request, selectors.photos_to_moderate(self.request.user, status=state), per_page=24), status=state,
                       statuses=PhotoStatus.choices)
        for photo in context["object_list"]:
            photo.url = download_url(photo.image, user=self.request.user)
        return context

    def post(self, request):
        photo = get_object_or_404(ActivityPhoto.objects.filter(activity__in=selectors.managed_activities(request.user)), pk=request.POST.get("photo") or 0)
        action = request.POST.get("action")
        try:
            if action == "delete":
                services.photo_delete(actor=request.user, photo=photo)
            else:
                services.photo_review(actor=request.user, photo=photo, approve=action == "approve", note=request.POST.get("note", ""))
            messages.success(request, "已处理。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect(request.META.get("HTTP_REFERER") or reverse("backoffice:alumni_activities:photos"))

