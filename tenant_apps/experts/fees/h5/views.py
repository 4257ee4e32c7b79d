"""Expert side (H5): the signed-in expert's confirmation letters; signing with the canvas pad
(static/fees/signature.js posts a PNG data URL), and the letter as PDF."""

from __future__ import annotations

import base64

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.middleware import client_ip
from core.web.views import H5Mixin
from tenant_apps.experts.fees import documents, selectors, services


class MyLettersView(H5Mixin, TemplateView):
    template_name = "fees/h5/my_letters.html"
    page_title = "劳务费确认"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["letters"] = selectors.expert_letters(user=self.request.user)
        return context


class MyLetterView(H5Mixin, TemplateView):
    template_name = "fees/h5/my_letter.html"
    page_title = "劳务费确认函"

    def letter(self):
        letter = selectors.expert_letter(user=self.request.user, pk=int(self.kwargs["pk"]))
        if letter is None:
            raise Http404
        return letter

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        letter = self.letter()
        signature = None
        if letter.signature:
            with letter.signature.open("rb") as handle:
                signature = "data:image/png;base64," + base64.b64encode(handle.read()).decode()
        context.update(letter=letter, content=letter.content, signature=signature, can_sign=letter.status == "sent" and not letter.line.project.is_archived)
        return context

    def post(self, request, *args, **kwargs):
        try:
            services.fee_letter_sign(user=request.user, letter=self.letter(), signature_data_url=request.POST.get("signature", ""),
                                     ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", ""))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message), status=exc.status)
        return redirect("h5:experts_fees:my_letter", pk=kwargs["pk"])


class MyLetterPdfView(H5Mixin, TemplateView):
    def get(self, request, *args, **kwargs):
        letter = selectors.expert_letter(user=request.user, pk=int(kwargs["pk"]))
        if letter is None:
            raise Http404
        signature = letter.signature.open("rb").read() if letter.signature else None
        response = HttpResponse(documents.letter_pdf(letter, signature=signature), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(False, f"劳务费确认函-{letter.number}.pdf")
        return response
