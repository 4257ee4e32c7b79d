"""Back office of online agreements: the list (filters, search, export), the review queue of
the college and school levels, the detail with the review and termination decisions, the PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.files import download_url
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.employment.agreements import selectors, services
from tenant_apps.employment.agreements.enums import AgreementStatus, ReviewLevel

VIEW = selectors.VIEW


class AgreementsMixin(BackofficeMixin):
    permission_required = VIEW

    def agreement(self):
        agreement = selectors.agreement_get(actor=self.request.user, pk=self.kwargs["pk"])
        if agreement is None:
            raise Http404
        return agreement


class AgreementListView(AgreementsMixin, TemplateView):
    template_name = "agreements/backoffice/list.html"
    page_title = "网签协议"
    mode = "list"

    def queryset(self, search):
        return selectors.agreement_list(actor=self.request.user, search=search)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = selectors.AgreementSearch.from_query(self.request.GET)
        counts = selectors.status_counts(actor=self.request.user)
        context.update(paginate(self.request, self.queryset(search), per_page=20), search=search, statuses=AgreementStatus.choices, mode=self.mode,
                       counts=[(value, label, counts.get(value, 0)) for value, label in AgreementStatus.choices], export_params=search.as_params(),
                       page_title=self.page_title)
        return context


class ReviewQueueView(AgreementListView):
    page_title = "网签审核"
    mode = "queue"

    def queryset(self, search):
        return selectors.review_queue(actor=self.request.user, search=search)


class AgreementDetailView(AgreementsMixin, TemplateView):
    template_name = "agreements/backoffice/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement = self.agreement()
        user = self.request.user
        context.update(
            agreement=agreement, page_title=f"网签协议 {agreement.number}", events=selectors.timeline(agreement), labels=selectors.ACTION_LABELS,
            can_review_college=agreement.status == AgreementStatus.COLLEGE_REVIEW and user.has_perm(selectors.COLLEGE),
            can_review_school=agreement.status == AgreementStatus.SCHOOL_REVIEW and user.has_perm(selectors.SCHOOL),
            can_decide_termination=agreement.status == AgreementStatus.TERMINATION_REVIEW and user.has_perm(selectors.SCHOOL),
            proof_url=download_url(agreement.termination_proof, user=user), error=kwargs.get("error", ""),
        )
        return context

    def post(self, request, pk):
        agreement = self.agreement()
        action = request.POST.get("action", "")
        reason = request.POST.get("reason", "")
        try:
            if action in ("approve", "return"):
                level = request.POST.get("level", "")
                permission = selectors.COLLEGE if level == ReviewLevel.COLLEGE else selectors.SCHOOL
                if not request.user.has_perm(permission):
                    raise PermissionDenied
                services.agreement_review(actor=request.user, agreement=agreement, level=level, approve=action == "approve", reason=reason)
                messages.success(request, "已审核通过。" if action == "approve" else "已退回，单位和学生会收到通知。")
            elif action in ("terminate", "keep"):
                if not request.user.has_perm(selectors.SCHOOL):
                    raise PermissionDenied
                services.termination_decide(actor=request.user, agreement=agreement, approve=action == "terminate", reason=reason,
                                            proof=request.FILES.get("proof"))
                messages.success(request, "已同意解约。" if action == "terminate" else "已驳回解约申请，协议继续有效。")
            else:
                raise Http404
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message), status=exc.status)
        return redirect("backoffice:employment_agreements:detail", pk=agreement.pk)


class AgreementPDFView(AgreementsMixin, View):
    """The signed document as stored, or a preview of one not signed yet."""

    def get(self, request, pk):
        return pdf_response(self.agreement())


def pdf_response(agreement) -> HttpResponse:
    response = HttpResponse(services.document_bytes(agreement=agreement), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{agreement.number or agreement.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
