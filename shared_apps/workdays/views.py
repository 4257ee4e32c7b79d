"""Console pages: the holiday arrangement of each year, entered by vendor staff once the State
Council publishes it. Every tenant's working-day deadlines use it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView

from core.errors import ApplicationError
from shared_apps.console.views import ConsoleMixin
from shared_apps.workdays import selectors, services
from shared_apps.workdays.forms import YearForm

WEEKDAYS = "一二三四五六日"


class YearListView(ConsoleMixin, TemplateView):
    template_name = "workdays/console/year_list.html"
    page_title = "节假日安排"

    def get_context_data(self, **kwargs):
        years = list(selectors.years_with_counts())
        known = {calendar.year for calendar in years}
        this_year = timezone.localdate().year
        missing = [year for year in (this_year, this_year + 1) if year not in known]
        return {**super().get_context_data(**kwargs), "years": years, "missing": missing}


class YearEditView(ConsoleMixin, TemplateView):
    template_name = "workdays/console/year_form.html"

    def calendar(self):
        if "year" not in self.kwargs:
            return None
        calendar = selectors.year_get(self.kwargs["year"])
        if calendar is None:
            raise Http404("no such year")
        return calendar

    def get(self, request, *args, **kwargs):
        calendar = self.calendar()
        if calendar is None:
            next_year = timezone.localdate().year + 1
            form = YearForm(initial={"year": next_year, "source": f"国务院办公厅关于{next_year}年部分节假日安排的通知"})
        else:
            holidays, swapped = services.year_as_text(selectors.year_days(calendar.year))
            form = YearForm(initial={"year": calendar.year, "source": calendar.source, "holidays": holidays, "swapped": swapped})
        return self.render_to_response(self.get_context_data(form=form, calendar=calendar))

    def post(self, request, *args, **kwargs):
        calendar = self.calendar()
        data = request.POST.copy()
        if calendar is not None:
            data["year"] = calendar.year  # the year of an existing arrangement is not editable
        form = YearForm(data)
        if form.is_valid():
            try:
                saved = services.year_save(
                    actor=request.user, year=form.cleaned_data["year"], source=form.cleaned_data["source"],
                    holidays_text=form.cleaned_data["holidays"], swapped_text=form.cleaned_data["swapped"],
                )
            except ApplicationError as exc:
                for problem in (exc.fields or {}).get("arrangement", [exc.message]):
                    form.add_error(None, problem)
            else:
                messages.success(request, f"{saved.year} 年节假日安排已保存，各租户的法定期限将按新安排重新计算。")
                return redirect("workdays:year_edit", year=saved.year)
        return self.render_to_response(self.get_context_data(form=form, calendar=calendar), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        calendar = kwargs.get("calendar")
        context["page_title"] = f"{calendar.year} 年节假日安排" if calendar else "新增年度"
        context["days"] = [
            {"day": day, "weekday": WEEKDAYS[day.date.weekday()]} for day in selectors.year_days(calendar.year)
        ] if calendar else []
        return context
