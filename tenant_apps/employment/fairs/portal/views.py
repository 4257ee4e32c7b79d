"""Employer portal: the fairs open for applications, applying with the jobs the employer
brings and what booth it needs, its applications with review outcome, booth number and the
staff's e-tickets; withdrawing."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from core.errors import ApplicationError
from tenant_apps.employment.employers.portal.base import EmployerPortalMixin
from tenant_apps.employment.fairs import selectors, services
from tenant_apps.employment.jobs.selectors import employer_jobs


class FairListView(EmployerPortalMixin, TemplateView):
    template_name = "fairs/portal/list.html"
    page_title = "双选会"
    portal_section = "fairs"
    employer_permission = "can_join_fairs"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        applications = list(selectors.employer_applications(employer=self.employer)[:30])
        for application in applications:
            application.staff_tickets = [(t, segno.make(t.code, error="m").svg_data_uri(scale=3)) for t in application.tickets.all()] \
                if application.status == "approved" else []
        applied = {a.fair_id for a in applications if a.status in ("pending", "approved")}
        context.update(applications=applications, open_fairs=[f for f in selectors.open_fairs_for_employers()[:20] if f.pk not in applied],
                       jobs=employer_jobs(employer=self.employer, status="approved"), form=kwargs.get("form", {}), error=kwargs.get("error"))
        return context

    def post(self, request):
        if request.POST.get("action") == "withdraw":
            application = selectors.employer_applications(employer=self.employer).filter(pk=request.POST.get("application") or 0).first()
            if application is None:
                raise Http404
            try:
                services.application_withdraw(actor=request.user, application=application)
                messages.success(request, "已撤回报名，工作人员门票已作废。")
            except ApplicationError as exc:
                messages.error(request, exc.message)
            return redirect("employment_portal:fair_list")
        fair = selectors.public_fair_get(pk=int(request.POST.get("fair") or 0)) if (request.POST.get("fair") or "").isdigit() else None
        if fair is None:
            raise Http404
        staff = request.POST.get("staff_count", "")
        try:
            services.application_apply(actor=request.user, fair=fair, employer=self.employer,
                                       job_ids=[int(v) for v in request.POST.getlist("jobs") if v.isdigit()],
                                       wants_premium=bool(request.POST.get("wants_premium")), needs_accessible=bool(request.POST.get("needs_accessible")),
                                       staff_count=int(staff) if staff.isdigit() else 2, note=request.POST.get("note", ""))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(form=request.POST, error=exc.message), status=exc.status)
        messages.success(request, "报名已提交，学校审核后会通知您。")
        return redirect("employment_portal:fair_list")
