"""Employer portal: the seal image, invitations with the agreed terms, the agreements and
their PDF, withdrawal, and termination (start, or answer the graduate's request)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.files import download_url
from core.web.pagination import paginate
from tenant_apps.employment.agreements import selectors, services
from tenant_apps.employment.agreements.enums import AgreementStatus
from tenant_apps.employment.employers.portal.base import EmployerPortalMixin


def _int(value, default: int | None = 0) -> int | None:
    value = str(value or "").strip().replace(",", "")
    return int(value) if value.isdigit() else default


def terms_from_post(post) -> services.AgreementTerms:
    try:
        report_by = datetime.date.fromisoformat(post.get("report_by", ""))
    except ValueError:
        report_by = None
    return services.AgreementTerms(
        job_title=post.get("job_title", ""), monthly_pay=_int(post.get("monthly_pay"), None), work_place_code=post.get("work_place_code", ""),
        work_place=post.get("work_place", ""), report_by=report_by, probation_months=_int(post.get("probation_months")),
        service_years=_int(post.get("service_years")), breach_amount=_int(post.get("breach_amount")), breach_terms=post.get("breach_terms", ""),
        benefits=post.get("benefits", ""), archive_address=post.get("archive_address", ""), ends_on_further_study=bool(post.get("ends_on_further_study")),
        other_terms=post.get("other_terms", ""))


class AgreementListView(EmployerPortalMixin, TemplateView):
    template_name = "agreements/portal/list.html"
    page_title = "网签三方协议"
    portal_section = "agreements"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status, q = self.request.GET.get("status", ""), self.request.GET.get("q", "").strip()
        seal = selectors.seal_for(employer=self.employer)
        context.update(paginate(self.request, selectors.employer_agreements(employer=self.employer, status=status, q=q), per_page=20),
                       status=status, q=q, statuses=AgreementStatus.choices, seal=seal,
                       seal_url=download_url(seal.image, user=self.request.user) if seal else "", form=kwargs.get("form", {}),
                       error=kwargs.get("error", ""), can_invite=self.employer.is_approved,
                       default_valid=(timezone.localdate() + datetime.timedelta(days=7)).isoformat())
        return context

    def post(self, request):
        action = request.POST.get("action", "invite")
        try:
            if action == "seal":
                services.seal_upload(actor=request.user, employer=self.employer, image=request.FILES.get("image"))
                messages.success(request, "公章图片已保存，将印制在此后签约的协议上。")
                return redirect("employment_portal:agreement_list")
            valid_days = _int(request.POST.get("valid_days"), 7)
            agreement = services.agreement_invite(
                actor=request.user, employer=self.employer, student_number=request.POST.get("student_number", ""),
                student_name=request.POST.get("student_name", ""), terms=terms_from_post(request.POST),
                valid_until=timezone.now() + datetime.timedelta(days=valid_days))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(form=request.POST, error=exc.message), status=exc.status)
        messages.success(request, f"已向学生发出签约邀请（{agreement.number}），请等待学生答复。")
        return redirect("employment_portal:agreement_detail", pk=agreement.pk)


class AgreementDetailView(EmployerPortalMixin, TemplateView):
    template_name = "agreements/portal/detail.html"
    portal_section = "agreements"

    def agreement(self):
        agreement = selectors.employer_agreement_get(employer=self.employer, pk=self.kwargs["pk"])
        if agreement is None:
            raise Http404
        return agreement

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement = self.agreement()
        context.update(agreement=agreement, page_title=f"协议 {agreement.number}", events=selectors.timeline(agreement),
                       proof_url=download_url(agreement.termination_proof, user=self.request.user), error=kwargs.get("error", ""))
        return context

    def post(self, request, pk):
        agreement = self.agreement()
        action = request.POST.get("action", "")
        reason, proof = request.POST.get("reason", ""), request.FILES.get("proof")
        try:
            if action == "withdraw":
                services.agreement_withdraw(actor=request.user, agreement=agreement)
                messages.success(request, "邀约已撤回。")
            elif action == "terminate":
                services.termination_start(actor=request.user, agreement=agreement, reason=reason, proof=proof)
                messages.success(request, "解约申请已发出，等待学生确认。")
            elif action in ("agree", "refuse"):
                services.termination_answer(actor=request.user, agreement=agreement, agree=action == "agree", reason=reason, proof=proof)
                messages.success(request, "已同意解约，等待学校审核。" if action == "agree" else "已拒绝解约，协议继续有效。")
            else:
                raise Http404
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message), status=exc.status)
        return redirect("employment_portal:agreement_detail", pk=agreement.pk)


class AgreementPDFView(EmployerPortalMixin, View):
    def get(self, request, pk):
        agreement = selectors.employer_agreement_get(employer=self.employer, pk=pk)
        if agreement is None:
            raise Http404
        response = HttpResponse(services.document_bytes(agreement=agreement), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{agreement.number}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response
