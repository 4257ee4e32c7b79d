"""The public verification page: anyone holding a printed agreement enters its number and the
hash printed on it (or scans its QR code) and learns whether the school signed it. It shows
no personal data beyond the graduate's masked name."""

from __future__ import annotations

from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.masking import mask_name
from tenant_apps.employment.agreements import services


class VerifyView(TemplateView):
    template_name = "agreements/public/verify.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        number, digest = self.request.GET.get("number", "").strip()[:20], self.request.GET.get("hash", "").strip()[:64]
        context.update(number=number, digest=digest, page_title="三方协议真伪核验")
        if number or digest:
            try:
                agreement = services.agreement_verify(number=number, digest=digest)
                context["result"] = {"number": agreement.number, "student": mask_name(agreement.record.name), "employer": agreement.employer.name,
                                     "signed_at": agreement.signed_at, "status": agreement.get_status_display(), "is_terminated": agreement.status == "terminated",
                                     "terminated_at": agreement.terminated_at}
            except ApplicationError as exc:
                context["failure"] = exc.message
        return context
