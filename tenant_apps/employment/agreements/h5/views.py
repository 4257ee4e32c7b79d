"""Students' H5: my invitations and agreements, accept or refuse within the validity period,
the PDF, and termination (start, or answer the employer's request)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import H5Mixin
from tenant_apps.employment.agreements import selectors, services


class AgreementListView(H5Mixin, TemplateView):
    template_name = "agreements/h5/list.html"
    page_title = "网签协议"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(paginate(self.request, selectors.student_agreements(user=self.request.user), per_page=20))
        context["has_live"] = any(a.is_live for a in context["page_obj"])
        return context


class AgreementDetailView(H5Mixin, TemplateView):
    template_name = "agreements/h5/detail.html"

    def agreement(self):
        agreement = selectors.student_agreement_get(user=self.request.user, pk=self.kwargs["pk"])
        if agreement is None:
            raise Http404
        return agreement

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement = self.agreement()
        context.update(agreement=agreement, page_title=agreement.employer.name, events=selectors.timeline(agreement))
        return context

    def post(self, request, pk):
        agreement = self.agreement()
        action = request.POST.get("action", "")
        reason, proof = request.POST.get("reason", ""), request.FILES.get("proof")
        try:
            if action in ("accept", "refuse"):
                services.agreement_answer(actor=request.user, agreement=agreement, accept=action == "accept", reason=reason)
                messages.success(request, "已接受，等待学院和学校审核。" if action == "accept" else "已拒绝该邀约。")
            elif action == "terminate":
                services.termination_start(actor=request.user, agreement=agreement, reason=reason, proof=proof)
                messages.success(request, "解约申请已发出，等待单位确认。")
            elif action in ("agree", "keep"):
                services.termination_answer(actor=request.user, agreement=agreement, agree=action == "agree", reason=reason, proof=proof)
                messages.success(request, "已同意解约，等待学校审核。" if action == "agree" else "已拒绝解约。")
            else:
                raise Http404
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("h5:employment_agreements:detail", pk=agreement.pk)


class AgreementPDFView(H5Mixin, View):
    def get(self, request, pk):
        agreement = selectors.student_agreement_get(user=request.user, pk=pk)
        if agreement is None:
            raise Http404
        response = HttpResponse(services.document_bytes(agreement=agreement), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{agreement.number}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response
