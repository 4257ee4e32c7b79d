"""H5: where my personnel file goes, confirm it (when the school asks), confirm it arrived."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.views import H5Mixin
from tenant_apps.employment.archives import selectors, services
from tenant_apps.employment.students.selectors import record_of_user


class MyArchiveView(H5Mixin, TemplateView):
    template_name = "employment_archives/h5/my_archive.html"
    page_title = "档案查询"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["archive"] = selectors.archive_of_record(record_of_user(self.request.user))
        return context

    def post(self, request, *args, **kwargs):
        archive = selectors.archive_of_record(record_of_user(request.user))
        if archive is None:
            return redirect("h5:employment_archives:my_archive")
        try:
            if request.POST.get("action") == "received":
                services.archive_receipt_confirm(actor=request.user, archive=archive)
                messages.success(request, "已确认档案送达。")
            else:
                services.archive_student_confirm(actor=request.user, archive=archive)
                messages.success(request, "已确认档案去向。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("h5:employment_archives:my_archive")
