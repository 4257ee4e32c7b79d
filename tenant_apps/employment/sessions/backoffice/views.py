"""Back office of info sessions: the queue with statistics, assignment of venue and slot,
venues, the month/week calendar and the door check-in."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.employment.sessions import selectors, services
from tenant_apps.employment.sessions.enums import SessionStatus, VenueKind
from tenant_apps.employment.sessions.models import Venue

VIEW = "employment_sessions.view_infosession"
ARRANGE = "employment_sessions.arrange_infosession"


class SessionsMixin(BackofficeMixin):
    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(request.META.get("HTTP_REFERER") or reverse("backoffice:employment_sessions:list"))

    def session(self):
        session = selectors.session_get(pk=self.kwargs["pk"])
        if session is None:
            raise Http404
        return session


class SessionListView(SessionsMixin, TemplateView):
    permission_required = VIEW
    template_name = "sessions/backoffice/list.html"
    page_title = "宣讲会"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status, q = self.request.GET.get("status", ""), self.request.GET.get("q", "").strip()
        context.update(paginate(self.request, selectors.session_list(status=status, q=q), per_page=20), status=status, q=q,
                       statuses=SessionStatus.choices, stats=selectors.session_statistics())
        return context


def _slot(post, prefix: str) -> services.Slot | None:
    start, end = services.parse_local(post.get(f"{prefix}_start", "")), services.parse_local(post.get(f"{prefix}_end", ""))
    if start is None and end is None:
        return None
    return services.Slot(start, end)


class SessionDetailView(SessionsMixin, TemplateView):
    permission_required = VIEW
    template_name = "sessions/backoffice/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.session()
        context.update(session=session, page_title=session.title, bookings=session.bookings.select_related("venue"),
                       signups=session.signups.select_related("student"), halls=selectors.venues(kind=VenueKind.HALL, active_only=True),
                       test_rooms=selectors.venues(kind=VenueKind.WRITTEN_TEST, active_only=True),
                       interview_rooms=selectors.venues(kind=VenueKind.INTERVIEW, active_only=True), form=kwargs.get("form", {}),
                       can_arrange=self.request.user.has_perm(ARRANGE))
        return context

    def post(self, request, pk):
        if not request.user.has_perm(ARRANGE):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        session = self.session()
        action = request.POST.get("action", "")
        if action == "assign":
            try:
                venue = Venue.objects.filter(pk=request.POST.get("venue") or 0).first()
                slot = _slot(request.POST, "session")
                if venue is None or slot is None:
                    raise ApplicationError("请选择场地并填写宣讲时段。", fields={"venue": ["必填。"]})
                extra = {}
                for key, prefix in (("written_test", "test"), ("interview", "interview")):
                    room = Venue.objects.filter(pk=request.POST.get(f"{prefix}_venue") or 0).first()
                    room_slot = _slot(request.POST, prefix)
                    if room is not None and room_slot is not None:
                        extra[key] = (room, room_slot)
                capacity = request.POST.get("capacity", "")
                services.session_assign(actor=request.user, session=session, venue=venue, slot=slot,
                                        capacity=int(capacity) if capacity.isdigit() else None, **extra)
            except ApplicationError as exc:
                return self.render_to_response(self.get_context_data(form=request.POST, error=exc.message), status=exc.status)
            messages.success(request, "已安排场地，等待单位确认。")
        elif action == "decline":
            services.session_decline(actor=request.user, session=session, reason=request.POST.get("reason", ""))
            messages.success(request, "已设为未通过。")
        elif action == "cancel":
            services.session_cancel(actor=request.user, session=session, reason=request.POST.get("reason", ""))
            messages.success(request, "宣讲会及其笔试、面试场地已全部取消。")
        return redirect("backoffice:employment_sessions:detail", pk=session.pk)


class CheckInView(SessionsMixin, TemplateView):
    """The door: a scanner (or the phone's scan result) posts the student's code."""

    permission_required = "employment_sessions.check_in_infosession"
    template_name = "sessions/backoffice/check_in.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.session()
        context.update(session=session, page_title=f"签到：{session.title}", checked_in=session.signups.filter(checked_in_at__isnull=False).count(),
                       total=session.signups.count())
        return context

    def post(self, request, pk):
        session = self.session()
        try:
            signup, first = services.signup_check_in(actor=request.user, session=session, code=request.POST.get("code", ""))
            result = {"ok": True, "first": first, "name": signup.student.display_name or signup.student.username}
        except ApplicationError as exc:
            result = {"ok": False, "message": exc.message}
        context = self.get_context_data(result=result)
        if request.htmx:
            self.template_name = "sessions/backoffice/_check_in_result.html"
        return self.render_to_response(context)


class VenueListView(SessionsMixin, TemplateView):
    permission_required = "employment_sessions.view_venue"
    template_name = "sessions/backoffice/venues.html"
    page_title = "宣讲场地"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"venues": selectors.venues(), "kinds": VenueKind.choices, "form": kwargs.get("form", {})}

    def post(self, request):
        if not request.user.has_perm("employment_sessions.add_venue"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if request.POST.get("action") == "toggle":
            venue = Venue.objects.filter(pk=request.POST.get("venue") or 0).first()
            if venue is None:
                raise Http404
            services.venue_save(actor=request.user, venue=venue, name=venue.name, kind=venue.kind, capacity=venue.capacity, location=venue.location,
                                equipment=venue.equipment, is_active=not venue.is_active)
            return redirect("backoffice:employment_sessions:venues")
        capacity = request.POST.get("capacity", "")
        try:
            services.venue_save(actor=request.user, name=request.POST.get("name", ""), kind=request.POST.get("kind", ""),
                                capacity=int(capacity) if capacity.isdigit() else 0, location=request.POST.get("location", ""),
                                equipment=request.POST.get("equipment", "").replace("，", ",").split(","))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, form=request.POST), status=exc.status)
        messages.success(request, "场地已保存。")
        return redirect("backoffice:employment_sessions:venues")


class CalendarView(SessionsMixin, TemplateView):
    permission_required = VIEW
    template_name = "sessions/backoffice/calendar.html"
    page_title = "宣讲会日历"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | selectors.calendar_for(view=self.request.GET.get("view", ""), day=self.request.GET.get("day", ""), published_only=False)
