"""H5 (and PC browser) pages of a graduate: check the record, confirm it or ask for a correction."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.views import H5Mixin
from tenant_apps.employment.students import selectors, services
from tenant_apps.employment.students.enums import ETHNICITY, POLITICAL_STATUS, VerificationStatus


class MyRecordView(H5Mixin, TemplateView):
    template_name = "employment_students/h5/my_record.html"
    page_title = "生源信息核验"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = selectors.record_of_user(self.request.user)
        if record is not None:
            college, major, class_name = selectors.unit_names(record)
            context.update(college=college, major=major, class_name=class_name, ethnicity=ETHNICITY.get(record.ethnicity, ""),
                           political=POLITICAL_STATUS.get(record.political_status, ""), correction=selectors.pending_correction(record),
                           can_submit=record.verification_status in (VerificationStatus.PENDING, VerificationStatus.RETURNED))
        context.update(record=record, correctable=[(key, label) for key, (label, _) in services.CORRECTABLE_FIELDS.items()])
        return context

    def post(self, request, *args, **kwargs):
        record = selectors.record_of_user(request.user)
        if record is None:
            return redirect("h5:employment_students:my_record")
        try:
            if request.POST.get("action") == "confirm":
                services.record_confirm(actor=request.user, record=record)
                messages.success(request, "已确认，等待辅导员审核。")
            else:
                changes = {key: request.POST.get(f"change_{key}", "") for key in services.CORRECTABLE_FIELDS}
                services.correction_request(actor=request.user, record=record, changes=changes, explanation=request.POST.get("explanation", ""),
                                            evidence=request.FILES.get("evidence"))
                messages.success(request, "更正申请已提交，等待辅导员审核。")
        except ApplicationError as exc:
            context = self.get_context_data(error=exc.message, field_errors=exc.fields, posted=request.POST)
            return self.render_to_response(context, status=exc.status)
        return redirect("h5:employment_students:my_record")
