"""Expert-side H5 pages: register/login by code, step-by-step application, personal centre
(profile changes, leave, avoidance units, certificate, points, recommendation) and the public
certificate verification and re-confirmation pages."""

from __future__ import annotations

import datetime

from django.contrib.auth import login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError, NotFound
from core.masking import mask_name, mask_phone
from core.web.links import tenant_url
from core.web.views import H5Mixin
from tenant_apps.experts import documents, selectors, services
from tenant_apps.experts.enums import (
    AttachmentKind,
    AvoidanceKind,
    ExpertStatus,
    Gender,
    LeaveReason,
    TitleLevel,
)
from tenant_apps.experts.errors import ExpertError
from tenant_apps.experts.models import AvoidanceUnit, Expert, ExpertAttachment, ExpertLeave
from tenant_apps.experts.pages import ApplicationErrorPageMixin

STEPS = [(1, "基本信息"), (2, "工作信息"), (3, "专业领域"), (4, "证明材料"), (5, "确认提交")]


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


class JoinView(ApplicationErrorPageMixin, View):
    """Register or sign in with a phone (SMS code) or e-mail; reached from a shared link/QR
    (optionally with ?invite=<token> from a recommendation e-mail)."""

    template_name = "experts/h5/join.html"

    def _context(self, request, **extra):
        invite = request.GET.get("invite") or request.POST.get("invite", "")
        invitation = services.recommendation_for_token(invite)
        return {"invite": invite if invitation else "", "invitation": invitation, "target": request.POST.get("target", ""),
                "settings_row": selectors.library_settings(), **extra}

    def get(self, request):
        if request.user.is_authenticated and hasattr(request.user, "expert_profile"):
            return redirect("h5:experts:center")
        return render(request, self.template_name, self._context(request))

    def post(self, request):
        target = request.POST.get("target", "").strip()
        if request.POST.get("action") == "send":
            try:
                channel = services.registration_code_send(target=target)
            except ApplicationError as exc:
                return render(request, "experts/h5/_code_status.html", {"error": exc.message}, status=200)
            where = "短信" if channel == "sms" else "邮件"
            return render(request, "experts/h5/_code_status.html", {"sent": f"验证码已通过{where}发送，5 分钟内有效。"})
        try:
            user = services.registration_login(target=target, code=request.POST.get("code", ""), invite_token=request.POST.get("invite", ""))
        except ApplicationError as exc:
            return render(request, self.template_name, self._context(request, error=exc.message), status=400)
        login(request, user, backend="tenant_apps.accounts.backends.MultiIdentifierBackend")
        expert = user.expert_profile
        if expert.status in (ExpertStatus.DRAFT, ExpertStatus.REJECTED):
            return redirect("h5:experts:apply", step=expert.draft_step if expert.draft_step <= 5 else 1)
        return redirect("h5:experts:center")


class ExpertH5Mixin(ApplicationErrorPageMixin, H5Mixin):
    """Signed-in users with an expert profile; others are sent to the join page."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not hasattr(request.user, "expert_profile"):
            return redirect("h5:experts:join")
        return super().dispatch(request, *args, **kwargs)

    @property
    def expert(self) -> Expert:
        return self.request.user.expert_profile


class ApplyView(ExpertH5Mixin, TemplateView):
    template_name = "experts/h5/apply.html"
    page_title = "专家入库申请"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pledge_text"] = services.INTEGRITY_PLEDGE
        step = max(1, min(int(kwargs.get("step", 1)), 5))
        expert = self.expert
        context.update(
            step=step, steps=STEPS, expert=expert, genders=Gender.choices, title_levels=TitleLevel.choices, domains=selectors.domain_tree(),
            selected=list(expert.domains.values_list("pk", flat=True)), attachments=expert.attachments.all(), attachment_kinds=AttachmentKind.choices,
            missing=services.missing_for_submit(expert), phone_locked=bool(expert.user and expert.user.phone),
            max_mb=selectors.library_settings().max_attachment_mb, domains_of=list(expert.domains.all()),
        )
        return context

    def get(self, request, *args, **kwargs):
        if self.expert.status not in (ExpertStatus.DRAFT, ExpertStatus.REJECTED):
            return redirect("h5:experts:center")
        return super().get(request, *args, **kwargs)

    def post(self, request, step: int):
        expert = self.expert
        post = request.POST
        try:
            if step == 4:
                if post.get("delete"):
                    attachment = ExpertAttachment.objects.filter(pk=post["delete"], expert=expert).first()
                    if attachment:
                        services.attachment_delete(actor=request.user, attachment=attachment)
                    return redirect("h5:experts:apply", step=4)
                uploaded = request.FILES.get("file")
                if uploaded is not None:
                    services.attachment_add(actor=request.user, expert=expert, kind=post.get("kind", AttachmentKind.OTHER), uploaded=uploaded)
                    return redirect("h5:experts:apply", step=4)
                services.expert_draft_save(actor=request.user, expert=expert, step=4, values={})
            elif step == 5:
                services.expert_submit(actor=request.user, expert=expert, pledge=post.get("pledge") == "1")
                return redirect("h5:experts:center")
            else:
                values = {name: post.get(name, "").strip() for name in services.STEP_FIELDS[step] if name in post}
                if step == 3:
                    values["domains"] = [int(v) for v in post.getlist("domains") if v.isdigit()]
                if "birth_date" in values:
                    values["birth_date"] = _date(values["birth_date"])
                services.expert_draft_save(actor=request.user, expert=expert, step=step, values=values, privacy_consent=post.get("privacy_consent") == "1")
        except ApplicationError as exc:
            context = self.get_context_data(step=step, error=exc)
            return self.render_to_response(context, status=400)
        if post.get("save_only"):
            return redirect(reverse("h5:experts:apply", args=[step]) + "?saved=1")
        return redirect("h5:experts:apply", step=min(step + 1, 5))


class CenterView(ExpertH5Mixin, TemplateView):
    template_name = "experts/h5/center.html"
    page_title = "专家个人中心"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        expert = self.expert
        context.update(
            expert=expert, on_leave=selectors.expert_is_on_leave(expert), certificate=selectors.current_certificate(expert),
            domains_of=list(expert.domains.all()), pending_changes=expert.changes.filter(status="pending").count(),
            phone=mask_phone(expert.phone), open_confirmation=expert.confirmations.filter(confirmed_at__isnull=True, campaign__status="open").select_related("campaign").first(),
        )
        return context


class ProfileEditView(ExpertH5Mixin, TemplateView):
    template_name = "experts/h5/profile_edit.html"
    page_title = "修改信息"
    FIELDS = ["email", "employer", "position", "title", "title_level", "education", "specialty", "region", "address", "postal_code", "bank_name", "bank_account", "resume"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        expert = self.expert
        context.update(expert=expert, title_levels=TitleLevel.choices, domains=selectors.domain_tree(), selected=list(expert.domains.values_list("pk", flat=True)),
                       sensitive=selectors.sensitive_fields(), changes=expert.changes.all()[:10])
        return context

    def post(self, request):
        values = {name: request.POST.get(name, "").strip() for name in self.FIELDS if name in request.POST}
        values["domains"] = [int(v) for v in request.POST.getlist("domains") if v.isdigit()]
        try:
            records = services.expert_change(actor=request.user, expert=self.expert, values=values, by_admin=False)
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc), status=400)
        pending = any(r.status == "pending" for r in records)
        return self.render_to_response(self.get_context_data(done="已保存。" + ("工作单位、职称等需审核的信息已提交审核，通过后生效。" if pending else "")))


class LeaveView(ExpertH5Mixin, TemplateView):
    template_name = "experts/h5/leave.html"
    page_title = "长期请假"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(leaves=self.expert.leaves.all()[:20], reasons=LeaveReason.choices, today=timezone.localdate())
        return context

    def post(self, request):
        try:
            if request.POST.get("cancel"):
                leave = ExpertLeave.objects.filter(pk=request.POST["cancel"], expert=self.expert).first()
                if leave is None:
                    raise Http404
                services.leave_cancel(actor=request.user, leave=leave)
            else:
                start, end = _date(request.POST.get("start_date", "")), _date(request.POST.get("end_date", ""))
                if not start or not end:
                    raise ApplicationError("请选择起止日期。")
                services.leave_create(actor=request.user, expert=self.expert, start_date=start, end_date=end, reason=request.POST.get("reason", ""), note=request.POST.get("note", ""))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message), status=400)
        return redirect("h5:experts:leave")


class AvoidanceView(ExpertH5Mixin, TemplateView):
    template_name = "experts/h5/avoidance.html"
    page_title = "回避单位"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(units=self.expert.avoidance_units.all(), kinds=[(v, label) for v, label in AvoidanceKind.choices if v != AvoidanceKind.CURRENT_EMPLOYER])
        return context

    def post(self, request):
        try:
            if request.POST.get("delete"):
                unit = AvoidanceUnit.objects.filter(pk=request.POST["delete"], expert=self.expert).first()
                if unit is None:
                    raise Http404
                services.avoidance_delete(actor=request.user, unit=unit)
            else:
                services.avoidance_add(actor=request.user, expert=self.expert, name=request.POST.get("name", ""), kind=request.POST.get("kind", ""), note=request.POST.get("note", ""))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message), status=400)
        return redirect("h5:experts:avoidance")


class PointsView(ExpertH5Mixin, TemplateView):
    template_name = "experts/h5/points.html"
    page_title = "我的积分"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(expert=self.expert, entries=self.expert.point_entries.all()[:100])
        return context


class RecommendView(ExpertH5Mixin, TemplateView):
    template_name = "experts/h5/recommend.html"
    page_title = "推荐专家"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(expert=self.expert, invitations=self.expert.recommendations.select_related("accepted_expert")[:20])
        return context

    def post(self, request):
        try:
            services.recommendation_send(
                actor=request.user, recommender=self.expert, name=request.POST.get("name", ""), email=request.POST.get("email", ""),
                phone=request.POST.get("phone", ""), join_url=tenant_url(reverse("h5:experts:join")),
            )
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc), status=400)
        return self.render_to_response(self.get_context_data(done="邀请邮件已发送。"))


class MyCertificateView(ExpertH5Mixin, View):
    def get(self, request):
        certificate = selectors.current_certificate(self.expert)
        if certificate is None:
            raise Http404
        content = documents.certificate_pdf(certificate, verify_url=tenant_url(reverse("h5:experts:certificate_verify", args=[certificate.token])),
                                            issuer=getattr(request.tenant, "name", ""))
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(bool(request.GET.get("download")), f"专家聘书-{certificate.number}.pdf")
        return response


def certificate_verify(request, token: str):
    """Public (no login): is this certificate genuine, and is it valid, expired or revoked?"""
    certificate = selectors.certificate_by_token(token)
    if certificate is None:
        return render(request, "experts/h5/verify.html", {"missing": True}, status=404)
    expert = certificate.expert
    return render(request, "experts/h5/verify.html", {
        "certificate": certificate, "status": selectors.certificate_status(certificate), "name": mask_name(expert.name),
        "expert_type": expert.expert_type.name if expert.expert_type else "评审专家", "domains": list(expert.domains.values_list("name", flat=True)[:6]),
    })


class ConfirmView(ApplicationErrorPageMixin, View):
    """Re-confirmation by link (the token is the credential; no login needed)."""

    def _confirmation(self, token):
        from tenant_apps.experts.models import ExpertConfirmation

        confirmation = ExpertConfirmation.objects.select_related("campaign", "expert").filter(token=token).first()
        if confirmation is None:  # shown by ApplicationErrorPageMixin as the H5 error page, 404
            raise NotFound("链接无效或已过期，请使用短信或邮件中的最新链接。", code=ExpertError.TOKEN_INVALID)
        return confirmation

    def get(self, request, token: str):
        confirmation = self._confirmation(token)
        expert = confirmation.expert
        return render(request, "experts/h5/confirm.html", {"confirmation": confirmation, "expert": expert, "name": mask_name(expert.name),
                                                            "phone": mask_phone(expert.phone), "domains": list(expert.domains.all())})

    def post(self, request, token: str):
        confirmation = services.expert_confirm(token=token)
        expert = confirmation.expert
        return render(request, "experts/h5/confirm.html", {"confirmation": confirmation, "expert": expert, "name": mask_name(expert.name),
                                                            "phone": mask_phone(expert.phone), "domains": list(expert.domains.all()), "done": True})
