"""Students' H5: upcoming info sessions (list and calendar), sign-up with a resume, my
sign-ups with the QR code to show at the door."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import H5Mixin
from tenant_apps.employment.sessions import selectors, services
from tenant_apps.employment.sessions.models import SessionSignup


class SessionListView(H5Mixin, TemplateView):
    template_name = "sessions/h5/list.html"
    page_title = "宣讲会"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.GET.get("view") in ("month", "week"):
            context.update(selectors.calendar_for(view=self.request.GET["view"], day=self.request.GET.get("day", ""), published_only=True))
        else:
            context.update(paginate(self.request, selectors.published_sessions(), per_page=20), view="list")
        context["mine"] = set(SessionSignup.objects.filter(student=self.request.user).values_list("session_id", flat=True))
        return context


class SessionDetailView(H5Mixin, TemplateView):
    template_name = "sessions/h5/detail.html"

    def session(self):
        session = selectors.published_session_get(pk=self.kwargs["pk"])
        if session is None:
            raise Http404
        return session

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.session()
        context.update(session=session, page_title=session.title, signup=session.signups.filter(student=self.request.user).first(),
                       jobs=session.jobs.filter(status="approved"))
        return context

    def post(self, request, pk):
        session = self.session()
        try:
            services.signup_create(student=request.user, session=session, resume=request.FILES.get("resume"))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("h5:employment_sessions:detail", pk=session.pk)
        messages.success(request, "报名成功，开始前 24 小时会提醒您。")
        return redirect("h5:employment_sessions:mine")


class MySignupsView(H5Mixin, TemplateView):
    template_name = "sessions/h5/mine.html"
    page_title = "我的宣讲会"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        signups = list(selectors.student_signups(student=self.request.user)[:50])
        for signup in signups:
            signup.qr_uri = segno.make(services.check_in_code(signup), error="m").svg_data_uri(scale=4)
        context["signups"] = signups
        return context

    def post(self, request):
        signup = SessionSignup.objects.filter(pk=request.POST.get("signup") or 0, student=request.user).first()
        if signup is None:
            raise Http404
        try:
            services.signup_cancel(student=request.user, signup=signup)
            messages.success(request, "已取消报名。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("h5:employment_sessions:mine")
