"""Back office of job fairs: the list, a fair's page (details, halls, review of applications),
the booth map (grid editor and drag-and-drop assignment), the live wall with its server-sent
event stream, and statistics (E21)."""

from __future__ import annotations

import json
import time

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView
from django_tenants.utils import schema_context

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.employment.fairs import selectors, services
from tenant_apps.employment.fairs.enums import ApplicationStatus, BoothKind, FairStatus

VIEW, ADD, CHANGE = "employment_fairs.view_fair", "employment_fairs.add_fair", "employment_fairs.change_fair"
REVIEW, ARRANGE = "employment_fairs.review_fairapplication", "employment_fairs.arrange_booths"
# A wall stream lives this long, then the browser reconnects (EventSource `retry`): a web thread
# is never held for good (docs/decisions/0118).
STREAM_SECONDS = 25.0
POLL_SECONDS = 0.5
REFRESH_SECONDS = 10.0


def _need(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


class FairsMixin(BackofficeMixin):
    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(request.META.get("HTTP_REFERER") or reverse("backoffice:employment_fairs:list"))

    def fair(self):
        fair = selectors.fair_get(pk=self.kwargs["pk"])
        if fair is None:
            raise Http404
        return fair


def _fair_form(post) -> dict:
    capacity = post.get("student_capacity", "")
    return {"title": post.get("title", ""), "location": post.get("location", ""), "description": post.get("description", ""),
            "starts_at": services.parse_local(post.get("starts_at", "")), "ends_at": services.parse_local(post.get("ends_at", "")),
            "applications_close_at": services.parse_local(post.get("applications_close_at", "")),
            "student_capacity": int(capacity) if capacity.isdigit() else 0}


class FairListView(FairsMixin, TemplateView):
    permission_required = VIEW
    template_name = "fairs/backoffice/list.html"
    page_title = "双选会"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status, q = self.request.GET.get("status", ""), self.request.GET.get("q", "").strip()
        context.update(paginate(self.request, selectors.fair_list(status=status, q=q), per_page=20), status=status, q=q,
                       statuses=FairStatus.choices, form=kwargs.get("form", {}), error=kwargs.get("error"))
        return context

    def post(self, request):
        _need(request, ADD)
        try:
            fair = services.fair_save(actor=request.user, **_fair_form(request.POST))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(form=request.POST, error=exc.message), status=exc.status)
        messages.success(request, "双选会已创建，请添加展厅并绘制展位图。")
        return redirect("backoffice:employment_fairs:detail", pk=fair.pk)


class FairDetailView(FairsMixin, TemplateView):
    permission_required = VIEW
    template_name = "fairs/backoffice/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        fair = self.fair()
        status, q = self.request.GET.get("status", ""), self.request.GET.get("q", "").strip()
        context.update(fair=fair, page_title=fair.title, halls=fair.halls.all(), figures=selectors.fair_figures(fair=fair),
                       statuses=ApplicationStatus.choices, status=status, q=q, error=kwargs.get("error"),
                       **paginate(self.request, selectors.application_list(fair=fair, status=status, q=q), per_page=30))
        return context

    def post(self, request, pk):
        fair = self.fair()
        action = request.POST.get("action", "")
        if action == "save":
            _need(request, CHANGE)
            try:
                services.fair_save(actor=request.user, fair=fair, **_fair_form(request.POST))
            except ApplicationError as exc:
                return self.render_to_response(self.get_context_data(error=exc.message), status=exc.status)
            messages.success(request, "已保存。")
        elif action == "publish":
            _need(request, CHANGE)
            services.fair_publish(actor=request.user, fair=fair)
            messages.success(request, "已发布：单位可以报名，学生可以领票。")
        elif action == "cancel":
            _need(request, CHANGE)
            services.fair_cancel(actor=request.user, fair=fair, reason=request.POST.get("reason", ""))
            messages.success(request, "双选会已取消，全部门票已作废。")
        elif action == "hall":
            _need(request, ARRANGE)
            rows, columns = request.POST.get("rows", ""), request.POST.get("columns", "")
            services.hall_save(actor=request.user, fair=fair, name=request.POST.get("name", ""), code=request.POST.get("code", ""),
                               rows=int(rows) if rows.isdigit() else 0, columns=int(columns) if columns.isdigit() else 0)
            messages.success(request, "展厅已添加，请在展位图中绘制展位。")
            return redirect("backoffice:employment_fairs:map", pk=fair.pk)
        elif action in ("approve", "decline"):
            _need(request, REVIEW)
            application = selectors.application_get(fair=fair, pk=int(request.POST.get("application") or 0))
            if application is None:
                raise Http404
            if action == "approve":
                services.application_approve(actor=request.user, application=application)
                messages.success(request, f"已通过：{application.employer.name}。")
            else:
                services.application_decline(actor=request.user, application=application, reason=request.POST.get("reason", ""))
                messages.success(request, f"已设为未通过：{application.employer.name}。")
        elif action == "no_shows":
            _need(request, CHANGE)
            count = services.no_shows_record(actor=request.user, fair=fair)
            messages.success(request, f"已登记 {count} 家报名未到场的单位。")
        return redirect(request.get_full_path())


class BoothMapView(FairsMixin, TemplateView):
    """The booth map: draw booths on each hall's grid (click cycles the kind) and drag employers
    onto booths; both talk to the API (session + CSRF) through fairs/boothmap.js."""

    permission_required = VIEW
    template_name = "fairs/backoffice/map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        fair = self.fair()
        maps = selectors.booth_map(fair=fair)
        booth_total = sum(1 for m in maps for row in m.grid for b in row if b is not None)
        placed_total = sum(1 for m in maps for row in m.grid for b in row if b is not None and b.occupant is not None)
        context.update(fair=fair, page_title=f"展位图：{fair.title}", maps=maps, unplaced=selectors.unplaced_applications(fair=fair),
                       kinds=BoothKind.choices, can_arrange=self.request.user.has_perm(ARRANGE), hints=selectors.map_problems(fair=fair),
                       booth_total=booth_total, placed_total=placed_total)
        return context


class WallView(FairsMixin, TemplateView):
    """The big screen at the fair: live figures pushed by server-sent events."""

    permission_required = VIEW
    template_name = "fairs/backoffice/wall.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        fair = self.fair()
        context.update(fair=fair, page_title=f"现场大屏：{fair.title}", figures=selectors.live_figures(fair=fair))
        return context


class WallStreamView(BackofficeMixin, View):
    """text/event-stream of the wall's figures. A stream polls the fair's Redis change counter
    every 0.5 s, sends the figures when it moved (and every 10 s anyway), and ends after 25 s
    with `retry: 1000` so that the browser reconnects: a gthread worker thread is lent, never
    held (docs/decisions/0118)."""

    permission_required = VIEW

    def get(self, request, pk):
        fair = selectors.fair_get(pk=pk)
        if fair is None:
            raise Http404
        schema = connection.schema_name
        since = request.headers.get("Last-Event-ID", "")

        def events():
            # the generator runs after the view returned: enter the tenant again explicitly
            with schema_context(schema):
                yield "retry: 1000\n\n"
                deadline = time.monotonic() + STREAM_SECONDS
                last_version, last_sent = since or None, 0.0
                while True:
                    version = str(selectors.wall_version(fair_id=fair.pk))
                    now = time.monotonic()
                    if version != last_version or now - last_sent >= REFRESH_SECONDS:
                        figures = selectors.live_figures(fair=fair)
                        yield f"id: {version}\nevent: figures\ndata: {json.dumps(figures)}\n\n"
                        last_version, last_sent = version, now
                    if now >= deadline:
                        break
                    time.sleep(POLL_SECONDS)

        response = StreamingHttpResponse(events(), content_type="text/event-stream")
        response["Cache-Control"] = "no-cache"
        response["X-Accel-Buffering"] = "no"  # nginx: pass each event through at once
        return response


class StatisticsView(FairsMixin, TemplateView):
    permission_required = VIEW
    template_name = "fairs/backoffice/statistics.html"
    page_title = "双选会统计"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.request.GET.get("year", "")
        context.update(selectors.statistics(year=int(year) if year.isdigit() else None), year=year)
        return context
