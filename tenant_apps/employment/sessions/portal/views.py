"""Employer portal: apply for an info session with preferred slots, confirm the assigned
venue and time, cancel."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from tenant_apps.employment.employers.portal.base import EmployerPortalMixin
from tenant_apps.employment.jobs.selectors import employer_jobs
from tenant_apps.employment.sessions import selectors, services


class SessionListView(EmployerPortalMixin, TemplateView):
    template_name = "sessions/portal/list.html"
    page_title = "宣讲会"
    portal_section = "sessions"
    employer_permission = "can_apply_sessions"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(paginate(self.request, selectors.session_list(employer=self.employer), per_page=20), form=kwargs.get("form", {}),
                       jobs=employer_jobs(employer=self.employer, status="approved"))
        return context

    def post(self, request):
        action = request.POST.get("action", "apply")
        if action in ("confirm", "cancel"):
            session = selectors.session_list(employer=self.employer).filter(pk=request.POST.get("session") or 0).first()
            if session is None:
                raise Http404
            try:
                if action == "confirm":
                    services.session_confirm(actor=request.user, session=session)
                    messages.success(request, "已确认，宣讲会已发布到学生端。")
                else:
                    services.session_cancel(actor=request.user, session=session, reason="单位取消")
                    messages.success(request, "宣讲会已取消，相关场地已释放。")
            except ApplicationError as exc:
                messages.error(request, exc.message)
            return redirect("employment_portal:session_list")
        slots = []
        for i in range(1, 4):
            start, end = services.parse_local(request.POST.get(f"slot{i}_start", "")), services.parse_local(request.POST.get(f"slot{i}_end", ""))
            if start or end:
                slots.append(services.Slot(start, end))
        audience = request.POST.get("expected_audience", "")
        try:
            services.session_apply(actor=request.user, employer=self.employer, title=request.POST.get("title", ""),
                                   description=request.POST.get("description", ""), expected_audience=int(audience) if audience.isdigit() else 0,
                                   preferred_slots=slots, needs=request.POST.get("needs", ""),
                                   wants_written_test=bool(request.POST.get("wants_written_test")), wants_interview=bool(request.POST.get("wants_interview")),
                                   job_ids=[int(v) for v in request.POST.getlist("jobs") if v.isdigit()])
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(form=request.POST, error=exc.message), status=exc.status)
        messages.success(request, "申请已提交，学校安排场地后请回来确认。")
        return redirect("employment_portal:session_list")

