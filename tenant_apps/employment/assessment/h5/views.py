"""Students' H5: the instruments on offer with my latest results, answering one instrument on
a phone, and my readable result with suggested job families."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.views import H5Mixin
from tenant_apps.employment.assessment import selectors, services


class IndexView(H5Mixin, TemplateView):
    template_name = "assessment/h5/index.html"
    page_title = "职业测评"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        results = list(selectors.student_results(student=self.request.user)[:30])
        latest = {}
        for result in results:
            latest.setdefault(result.instrument, result)
        context.update(instruments=[(i, latest.get(i.code)) for i in selectors.instruments_available()], results=results)
        return context


class TakeView(H5Mixin, TemplateView):
    template_name = "assessment/h5/take.html"

    def instrument(self):
        instrument = selectors.instrument_get(code=self.kwargs["code"])
        if instrument is None:
            raise Http404
        return instrument

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        instrument = self.instrument()
        answers = kwargs.get("answers", {})
        context.update(instrument=instrument, page_title=instrument.name,
                       questions=[(n, item, instrument.options_for(item), answers.get(item.id, "")) for n, item in enumerate(instrument.items, start=1)])
        return context

    def post(self, request, code):
        instrument = self.instrument()
        answers = {item.id: request.POST.get(f"q_{item.id}", "") for item in instrument.items}
        try:
            result = services.result_submit(student=request.user, instrument_code=instrument.code, answers=answers)
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(answers=answers, error=exc.message), status=exc.status)
        messages.success(request, "测评完成。")
        return redirect("h5:employment_assessment:result", pk=result.pk)


class ResultView(H5Mixin, TemplateView):
    template_name = "assessment/h5/result.html"
    page_title = "测评结果"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result = selectors.student_result_get(student=self.request.user, pk=self.kwargs["pk"])
        if result is None:
            raise Http404
        context.update(result=result, outcome=selectors.outcome_of(result))
        return context
