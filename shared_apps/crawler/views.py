"""Crawler pages of the vendor console: sources, schedules, run now, run history with the
pages of each run. Signed-in vendor staff with the second factor (the console's mixin)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from shared_apps.console.views import ConsoleMixin
from shared_apps.crawler import selectors, services
from shared_apps.crawler.enums import PageOutcome, RunStatus
from shared_apps.crawler.forms import (
    RunFilterForm,
    RunNowForm,
    ScheduleForm,
    SourceFilterForm,
    SourceForm,
)


class SourceListView(ConsoleMixin, TemplateView):
    template_name = "crawler/console/source_list.html"
    page_title = "采集来源"

    def get_context_data(self, **kwargs):
        form = SourceFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        pages = paginate(self.request, selectors.source_search(q=data.get("q", "").strip(), kind=data.get("kind", "")), per_page=20)
        return {**super().get_context_data(**kwargs), "form": form, **pages, "filtered": bool(data.get("q") or data.get("kind"))}


class SourceFormView(ConsoleMixin, TemplateView):
    template_name = "crawler/console/source_form.html"

    def source(self):
        if "pk" not in self.kwargs:
            return None
        source = selectors.source_get(pk=self.kwargs["pk"])
        if source is None:
            raise Http404
        return source

    def render_form(self, form, status=200):
        source = self.source()
        context = self.get_context_data(form=form, source=source, page_title=f"编辑来源：{source.name}" if source else "新建采集来源")
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_form(SourceForm(instance=self.source()))

    def post(self, request, *args, **kwargs):
        source = self.source()
        form = SourceForm(request.POST, instance=source)
        if not form.is_valid():
            return self.render_form(form, status=400)
        try:
            # The service saves and audits; the form only validated the input.
            saved = services.source_save(actor=request.user, data=form.cleaned_data, source=selectors.source_get(pk=source.pk) if source else None)
        except ApplicationError as exc:
            for field, errors in exc.fields.items():
                form.add_error(field if field in form.fields else None, errors)
            if not exc.fields:
                form.add_error(None, exc.message)
            return self.render_form(form, status=exc.status)
        messages.success(request, "采集来源已保存。")
        return redirect("crawler:source_detail", pk=saved.pk)


class SourceDetailView(ConsoleMixin, TemplateView):
    template_name = "crawler/console/source_detail.html"

    def get_context_data(self, **kwargs):
        source = selectors.source_get(pk=self.kwargs["pk"])
        if source is None:
            raise Http404
        context = super().get_context_data(**kwargs)
        context.update(
            source=source, page_title=f"采集来源：{source.name}",
            schedules=selectors.schedule_search(source_id=source.pk),
            runs=selectors.run_search(source_id=source.pk)[:10],
            run_form=kwargs.get("run_form") or RunNowForm(tenants=selectors.tenants_for_crawling()),
        )
        return context


class RunNowView(ConsoleMixin, View):
    """Queues a run of the source for one tenant and shows its page (which follows progress)."""

    def post(self, request, pk: int):
        source = selectors.source_get(pk=pk)
        if source is None:
            raise Http404
        tenants = selectors.tenants_for_crawling()
        form = RunNowForm(request.POST, tenants=tenants)
        if not form.is_valid():
            messages.error(request, "请选择要采集的租户。")
            return redirect("crawler:source_detail", pk=pk)
        tenant = tenants.filter(pk=form.cleaned_data["tenant"]).first()
        try:
            run = services.run_start(actor=request.user, source=source, tenant=tenant)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("crawler:source_detail", pk=pk)
        messages.success(request, "已开始采集，页面会自动刷新进度。")
        return redirect("crawler:run_detail", pk=run.pk)


class ScheduleListView(ConsoleMixin, TemplateView):
    template_name = "crawler/console/schedule_list.html"
    page_title = "采集计划"

    def get_context_data(self, **kwargs):
        q = self.request.GET.get("q", "").strip()[:100]
        pages = paginate(self.request, selectors.schedule_search(tenant_q=q), per_page=20)
        return {**super().get_context_data(**kwargs), "q": q, **pages}


class ScheduleFormView(ConsoleMixin, TemplateView):
    template_name = "crawler/console/schedule_form.html"

    def schedule(self):
        if "pk" not in self.kwargs:
            return None
        schedule = selectors.schedule_get(pk=self.kwargs["pk"])
        if schedule is None:
            raise Http404
        return schedule

    def render_form(self, form, status=200):
        schedule = self.schedule()
        return self.render_to_response(self.get_context_data(form=form, schedule=schedule, page_title="编辑采集计划" if schedule else "新建采集计划"), status=status)

    def get(self, request, *args, **kwargs):
        schedule = self.schedule()
        initial = {"source": request.GET.get("source")}
        if schedule is not None:
            initial = {"source": schedule.source_id, "tenant": schedule.tenant_id, "frequency": schedule.frequency, "is_enabled": schedule.is_enabled,
                       "first_run_at": schedule.next_run_at}
        return self.render_form(ScheduleForm(initial=initial, tenants=selectors.tenants_for_crawling()))

    def post(self, request, *args, **kwargs):
        schedule = self.schedule()
        tenants = selectors.tenants_for_crawling()
        form = ScheduleForm(request.POST, tenants=tenants)
        if not form.is_valid():
            return self.render_form(form, status=400)
        data = form.cleaned_data
        try:
            schedule = services.schedule_save(actor=request.user, schedule=schedule, source=data["source"], tenant=tenants.get(pk=data["tenant"]),
                                              frequency=data["frequency"], is_enabled=data["is_enabled"], first_run_at=data["first_run_at"])
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self.render_form(form, status=exc.status)
        messages.success(request, "采集计划已保存。")
        return redirect("crawler:schedule_list")


class ScheduleDeleteView(ConsoleMixin, View):
    def post(self, request, pk: int):
        schedule = selectors.schedule_get(pk=pk)
        if schedule is None:
            raise Http404
        services.schedule_delete(actor=request.user, schedule=schedule)
        messages.success(request, "采集计划已删除。")
        return redirect("crawler:schedule_list")


class RunListView(ConsoleMixin, TemplateView):
    template_name = "crawler/console/run_list.html"
    page_title = "采集记录"

    def get_context_data(self, **kwargs):
        form = RunFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        runs = selectors.run_search(source_id=data.get("source"), tenant_q=(data.get("tenant") or "").strip(), status=data.get("status", ""))
        return {**super().get_context_data(**kwargs), "form": form, **paginate(self.request, runs, per_page=20)}


class RunDetailView(ConsoleMixin, TemplateView):
    """A run with every page it met; while it runs, HTMX reloads the summary every 2 s."""

    template_name = "crawler/console/run_detail.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request") and self.request.GET.get("part") == "summary":
            return ["crawler/console/_run_summary.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        run = selectors.run_get(pk=self.kwargs["pk"])
        if run is None:
            raise Http404
        outcome = self.request.GET.get("outcome", "")
        outcome = outcome if outcome in PageOutcome.values else ""
        pages = paginate(self.request, selectors.run_pages(run=run, outcome=outcome), per_page=50)
        return {**super().get_context_data(**kwargs), "run": run, "page_title": f"采集记录 #{run.pk}", "outcome": outcome,
                "outcomes": PageOutcome.choices, "is_active": run.status in (RunStatus.QUEUED, RunStatus.RUNNING), **pages}
