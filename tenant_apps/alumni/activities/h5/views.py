"""Alumni side (H5): browse and register, pay in WeChat, the e-ticket, waiting-list offers, and
the volunteer's door page that checks tickets offline."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.templatetags.static import static
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.files import blob_url, download_url
from core.masking import mask_value
from core.web.views import H5Mixin
from tenant_apps.alumni.activities import selectors, services
from tenant_apps.alumni.activities.enums import CommentStatus, RegistrationStatus
from tenant_apps.alumni.activities.models import Activity, Registration
from tenant_apps.wechat import jssdk


def _notify_url(request) -> str:
    return request.build_absolute_uri(reverse("api:payments:notify"))


class ActivityListView(H5Mixin, TemplateView):
    template_name = "alumni_activities/h5/list.html"
    page_title = "校友活动"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        get = self.request.GET
        q, when = get.get("q", "").strip(), get.get("when", "upcoming")
        filters = {k: get.get(k, "").strip()[:50] for k in ("organiser", "tag", "place") if get.get(k, "").strip()}
        qs = selectors.activity_search(queryset=selectors.published(), keyword=q, when=when, **filters).order_by(
            "-is_pinned", "starts_at" if when == "upcoming" else "-starts_at")
        labels = {"organiser": "主办", "tag": "标签", "place": "地点"}
        context.update(activities=qs[:50], q=q, when=when, filters=[(labels[k], v) for k, v in filters.items()])
        return context


class ActivityDetailView(H5Mixin, TemplateView):
    template_name = "alumni_activities/h5/detail.html"

    def activity(self) -> Activity:
        activity = selectors.published().filter(pk=self.kwargs["pk"]).first()
        if activity is None:
            raise Http404
        return activity

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = self.activity()
        mine = selectors.my_registrations(self.request.user).filter(activity=activity).exclude(status__in=["refused", "removed", "cancelled", "expired"])
        photos = list(selectors.photos_visible(activity, self.request.user)[:60])
        for photo in photos:
            photo.url = download_url(photo.image, user=self.request.user)
        cover = next((p for p in photos if p.status == "approved"), None)
        share = jssdk.share_data(self.request, title=activity.title, desc=activity.summary or f"{activity.starts_at:%m月%d日} · {activity.place or '线上'}",
                                 path=reverse("h5:alumni_activities:detail", args=[activity.pk]),
                                 image=blob_url(cover.image.name) if cover else static("core/favicon.svg"))
        context.update(photos=photos, photo_role=services.photo_uploader_role(self.request.user, activity),
                       wx=jssdk.page_config(self.request, apis=jssdk.SHARE_APIS, share=share))
        context.update(activity=activity, page_title=activity.title, ticket_types=activity.ticket_types.filter(is_active=True), mine=mine,
                       is_open=services.registration_is_open(activity), blacklisted=services.blacklist_reason(self.request.user) if activity.blacklist_enabled else None,
                       comments=activity.comments.filter(status=CommentStatus.VISIBLE).select_related("user")[:50],
                       default_phone=getattr(self.request.user, "phone", ""), default_name=self.request.user.display_name)
        return context

    def post(self, request, pk):
        activity = self.activity()
        try:
            if request.POST.get("action") == "comment":
                services.comment_add(actor=request.user, activity=activity, body=request.POST.get("body", ""))
                messages.success(request, "评论已发表。")
                return redirect("h5:alumni_activities:detail", pk=pk)
            if request.POST.get("action") == "photo":
                photo = services.photo_upload(actor=request.user, activity=activity, image=request.FILES.get("image"), caption=request.POST.get("caption", ""))
                messages.success(request, "照片已发布。" if photo.status == "approved" else "照片已上传，审核通过后展示。")
                return redirect(reverse("h5:alumni_activities:detail", args=[pk]) + "#photos")
            if request.POST.get("action") == "photo_delete":
                photo = get_object_or_404(activity.photos, pk=request.POST.get("photo") or 0)
                services.photo_delete(actor=request.user, photo=photo)
                messages.success(request, "照片已删除。")
                return redirect(reverse("h5:alumni_activities:detail", args=[pk]) + "#photos")
            ticket_type = activity.ticket_types.filter(pk=request.POST.get("ticket_type") or 0).first()
            if ticket_type is None:
                raise ApplicationError("请选择票种。", fields={"ticket_type": ["请选择票种。"]})
            answers = {f["key"]: (request.POST.getlist(f["key"]) if f["type"] == "multi" else request.POST.get(f["key"], "")) for f in activity.form_fields}
            registration = services.registration_create(actor=request.user, activity=activity, ticket_type=ticket_type, attendee_name=request.POST.get("attendee_name", ""),
                                                        attendee_phone=request.POST.get("attendee_phone", ""), answers=answers,
                                                        invitation_code=request.POST.get("invitation_code", ""))
        except ApplicationError as exc:
            if request.POST.get("action", "").startswith("photo"):
                messages.error(request, exc.message)
                return redirect(reverse("h5:alumni_activities:detail", args=[pk]) + "#photos")
            context = self.get_context_data(error=exc.message, field_errors=exc.fields, form=request.POST)
            return self.render_to_response(context, status=exc.status)
        return redirect("h5:alumni_activities:registration", pk=registration.pk)


class ActivityProposeView(H5Mixin, TemplateView):
    """An alumnus proposes an activity; it is published after the association reviews it. A
    chapter admin picks one of the chapters they run: the chapter's activity is published at once."""

    template_name = "alumni_activities/h5/propose.html"
    page_title = "发起活动"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["chapters"] = selectors.chapter_choices(self.request.user)
        return context

    def post(self, request):
        from django.utils import timezone
        from django.utils.dateparse import parse_datetime

        post = request.POST
        try:
            starts, ends = parse_datetime(post.get("starts_at", "")), parse_datetime(post.get("ends_at", ""))
            if starts is None or ends is None:
                raise ApplicationError("请填写开始和结束时间。", fields={"starts_at": ["请填写时间。"]})
            if not post.get("capacity", "").isdigit() or int(post["capacity"]) < 1:
                raise ApplicationError("请填写人数上限。", fields={"capacity": ["请填写正整数。"]})
            chapter_id = int(post["chapter_id"]) if post.get("chapter_id", "").isdigit() else None
            data = services.ActivityInput(title=post.get("title", "").strip(), starts_at=timezone.make_aware(starts) if timezone.is_naive(starts) else starts,
                                          ends_at=timezone.make_aware(ends) if timezone.is_naive(ends) else ends, place=post.get("place", "").strip(),
                                          description=post.get("description", ""), capacity=int(post["capacity"]),
                                          organiser_name="" if chapter_id else request.user.display_name, organiser_kind="chapter" if chapter_id else "alumnus",
                                          chapter_id=chapter_id, tags=post.get("tags", "").replace("，", ",").split(","),
                                          form_fields=services.form_fields_from_text(post.get("form_fields", "")))
            if not data.title:
                raise ApplicationError("请填写活动名称。", fields={"title": ["请填写活动名称。"]})
            activity = services.activity_create(actor=request.user, data=data)
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, form=post), status=exc.status)
        if activity.status == "published":
            messages.success(request, "活动已发布。")
            return redirect("h5:alumni_activities:manage_detail", pk=activity.pk)
        messages.success(request, "活动已提交，校友会审核通过后发布。")
        return redirect("h5:alumni_activities:mine")


class OrganiserMixin(H5Mixin):
    """Pages for organisers in the H5 (chapter admins): only their chapters' activities."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.is_organiser(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ManageListView(OrganiserMixin, TemplateView):
    template_name = "alumni_activities/h5/manage_list.html"
    page_title = "活动管理"

    def get_context_data(self, **kwargs):
        from django.db.models import Count, Q

        from tenant_apps.alumni.activities.enums import HOLDING

        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "").strip()
        qs = selectors.activity_search(queryset=selectors.managed_activities(self.request.user), keyword=q).annotate(
            holding=Count("registrations", filter=Q(registrations__status__in=HOLDING)),
            to_review=Count("registrations", filter=Q(registrations__status=RegistrationStatus.PENDING_REVIEW)))
        context.update(activities=qs.order_by("-starts_at", "-id")[:100], q=q)
        return context


class ManageDetailView(OrganiserMixin, TemplateView):
    """Registrations of one of my chapters' activities: review, refuse, remove (请退)."""

    template_name = "alumni_activities/h5/manage_detail.html"

    def activity(self) -> Activity:
        return get_object_or_404(selectors.managed_activities(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = self.activity()
        state = self.request.GET.get("status", "")
        rows = list(selectors.registrations_of(activity, status=state)[:200])
        for row in rows:
            row.phone_display = mask_value("phone", row.attendee_phone)
        context.update(activity=activity, page_title=activity.title, registrations=rows, status=state, statuses=RegistrationStatus.choices,
                       can_manage=selectors.may_manage(self.request.user, activity))
        return context

    def post(self, request, pk):
        activity = self.activity()
        if not selectors.may_manage(request.user, activity):
            raise PermissionDenied
        registration = get_object_or_404(Registration, pk=request.POST.get("registration") or 0, activity=activity)
        action, reason = request.POST.get("action"), request.POST.get("reason", "")
        try:
            if action == "remove":
                services.registration_remove(actor=request.user, registration=registration, reason=reason, notify_url=_notify_url(request))
            elif action in ("approve", "refuse"):
                services.registration_review(actor=request.user, registration=registration, approve=action == "approve", reason=reason)
            messages.success(request, "已处理。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("h5:alumni_activities:manage_detail", pk=pk)


class MyRegistrationsView(H5Mixin, TemplateView):
    template_name = "alumni_activities/h5/mine.html"
    page_title = "我的活动"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(registrations=selectors.my_registrations(self.request.user)[:100],
                       organised=selectors.activity_search().filter(created_by=self.request.user)[:50],
                       runs_chapters=bool(selectors.org_selectors.admin_org_ids(self.request.user)))
        return context


class RegistrationView(H5Mixin, TemplateView):
    """My registration: the QR e-ticket, or what is left to do (pay, confirm an offer)."""

    template_name = "alumni_activities/h5/registration.html"

    def registration(self) -> Registration:
        return get_object_or_404(Registration.objects.select_related("activity", "ticket_type"), pk=self.kwargs["pk"], user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = self.registration()
        qr = segno.make(registration.ticket_code, error="m").svg_inline(scale=5, border=2) if registration.status == RegistrationStatus.CONFIRMED and registration.ticket_code else ""
        context.update(registration=registration, activity=registration.activity, qr=qr, page_title="我的报名",
                       masked_phone=mask_value("phone", registration.attendee_phone), in_wechat="MicroMessenger" in self.request.headers.get("User-Agent", ""))
        return context

    def post(self, request, pk):
        registration = self.registration()
        action = request.POST.get("action")
        try:
            if action == "accept":
                services.offer_accept(actor=request.user, registration=registration)
            elif action == "decline":
                services.offer_decline(actor=request.user, registration=registration)
            elif action == "cancel":
                services.registration_cancel(actor=request.user, registration=registration, notify_url=_notify_url(request))
            elif action == "paid":
                services.registration_payment_sync(registration=registration)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("h5:alumni_activities:registration", pk=pk)


class PayView(H5Mixin, View):
    """JSON for WeixinJSBridge getBrandWCPayRequest (POST only; the payer may pay for someone else)."""

    def post(self, request, pk):
        registration = get_object_or_404(Registration, pk=pk)
        if registration.user_id != request.user.pk and request.POST.get("for_other") != "1":
            raise PermissionDenied
        try:
            checkout = services.registration_pay(actor=request.user, registration=registration, openid=request.user.wechat_openid, notify_url=_notify_url(request))
        except ApplicationError as exc:
            return JsonResponse({"code": exc.code, "message": exc.message}, status=exc.status)
        return JsonResponse({"out_trade_no": checkout.order.out_trade_no, "jsapi": checkout.jsapi})


class DoorView(H5Mixin, TemplateView):
    """The volunteer's phone at the door: downloads public keys and the revocation list, then
    checks tickets without the network and uploads the scans when it is back."""

    template_name = "alumni_activities/h5/door.html"

    def get_context_data(self, **kwargs):
        if not self.request.user.has_perm("alumni_activities.checkin_activity"):
            raise PermissionDenied
        context = super().get_context_data(**kwargs)
        activity = get_object_or_404(Activity, pk=self.kwargs["pk"], deleted_at__isnull=True)
        context.update(activity=activity, page_title=f"检票 · {activity.title}", wx=jssdk.page_config(self.request, apis=jssdk.SCAN_APIS))
        return context


def _lottery(token: str):
    from tenant_apps.alumni.activities.models import Lottery

    lottery = Lottery.objects.select_related("activity").filter(public_token=token).exclude(status=Lottery.Status.DRAFT).first()
    if lottery is None:
        raise Http404
    return lottery


def lottery_public(request, token: str):
    """Public, no login: the prizes, the frozen entrant list and its hash, the commitment, and once
    drawn the revealed value, the witnesses' values and the winners recomputed on the spot."""
    from django.shortcuts import render

    from core.masking import mask_name
    from tenant_apps.alumni.activities import lottery as lotteries

    lottery = _lottery(token)
    data = lotteries.receipt(lottery)
    names = dict(lottery.activity.registrations.filter(pk__in=lottery.entrants).values_list("pk", "attendee_name"))
    ok, problems, recomputed = lotteries.verify_receipt(data) if data["server_value"] else (None, [], [])
    winners = [{"position": w.position, "prize": w.prize, "registration": w.registration_id, "name": mask_name(names.get(w.registration_id, "")),
                "recomputed": recomputed[w.position - 1] if len(recomputed) >= w.position else None}
               for w in lottery.winners.select_related("prize").order_by("position")]
    entrants = [{"id": pk, "name": mask_name(names.get(pk, ""))} for pk in lottery.entrants]
    return render(request, "alumni_activities/h5/lottery.html", {"lottery": lottery, "data": data, "ok": ok, "problems": problems, "winners": winners,
                                                                 "entrants": entrants, "prizes": lottery.prizes.all(), "page_title": lottery.title})


def lottery_receipt(request, token: str):
    import json

    from django.http import HttpResponse

    from tenant_apps.alumni.activities import lottery as lotteries

    lottery = _lottery(token)
    response = HttpResponse(json.dumps(lotteries.receipt(lottery), ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename=lottery-{lottery.pk}.json"
    return response
