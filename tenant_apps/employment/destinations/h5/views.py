"""H5 (and PC browser) pages of a graduate: file the destination (draft, evidence, submit) and
answer the direct confirm-or-dispute link."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.views import H5Mixin
from tenant_apps.employment.destinations import forms, selectors, services
from tenant_apps.employment.destinations.enums import (
    CATEGORIES,
    CATEGORY_CHOICES,
    DestinationStatus,
    EmployerNature,
    EmployerSize,
)
from tenant_apps.employment.students.selectors import record_of_user


class MyDestinationView(H5Mixin, TemplateView):
    template_name = "employment_destinations/h5/my_destination.html"
    page_title = "毕业去向填报"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = record_of_user(self.request.user)
        destination = selectors.destination_of_record(record)
        context.update(
            record=record, destination=destination, categories=CATEGORY_CHOICES, category_help=forms.category_help(), natures=EmployerNature.choices,
            sizes=EmployerSize.choices, fields=forms.FIELD_LABELS, date_inputs=forms.DATE_INPUTS,
            values=kwargs.get("values") or forms.field_values(destination),
            category=CATEGORIES.get(destination.category) if destination else None,
            is_editable=destination is None or destination.status in (DestinationStatus.DRAFT, DestinationStatus.RETURNED, DestinationStatus.APPROVED),
            deadline=services.change_deadline(record.graduation_year) if record else None,
        )
        return context

    def post(self, request, *args, **kwargs):
        record = record_of_user(request.user)
        if record is None:
            return redirect("h5:employment_destinations:my_destination")
        try:
            if request.POST.get("action") == "submit":
                services.destination_submit(actor=request.user, record=record)
                messages.success(request, "已提交，等待辅导员审核。")
            elif request.POST.get("action") == "remove_evidence":
                destination = selectors.destination_of_record(record)
                evidence = destination.evidence.filter(pk=request.POST.get("evidence") or 0).first() if destination else None
                if evidence is not None:
                    services.evidence_remove(actor=request.user, evidence=evidence)
                messages.success(request, "已删除。")
            else:
                services.destination_save(actor=request.user, record=record, data=forms.destination_input(request.POST),
                                          evidence_files=request.FILES.getlist("evidence"))
                messages.success(request, "草稿已保存。确认无误后请点击“提交审核”。")
        except ApplicationError as exc:
            context = self.get_context_data(error=exc.message, field_errors=exc.fields, values=request.POST.dict())
            return self.render_to_response(context, status=exc.status)
        return redirect("h5:employment_destinations:my_destination")


class ConfirmView(TemplateView):
    """The direct link sent when the university approves: no counsellor in between. The token
    is the credential (it reaches the student's own WeChat, phone or mailbox)."""

    template_name = "employment_destinations/h5/confirm.html"

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        return self.render_to_response(context, status=404 if context.get("invalid") else 200)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            destination = services.destination_by_token(self.kwargs["token"])
        except ApplicationError as exc:
            context.update(invalid=exc.message)
            return context
        context.update(destination=destination, record=destination.record, category=CATEGORIES[destination.category], page_title="确认毕业去向")
        return context

    def post(self, request, token: str):
        try:
            services.destination_confirm(token=token, agree=request.POST.get("answer") == "confirm", text=request.POST.get("text", ""))
        except ApplicationError as exc:
            context = self.get_context_data(token=token, error=exc.message)
            return self.render_to_response(context, status=exc.status)
        return redirect("h5:employment_destinations:confirm", token=token)
