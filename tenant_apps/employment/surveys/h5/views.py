"""Students answer surveys on a phone: the open surveys, one page per survey with skip logic
(hidden client-side by static/surveys/answer.js, enforced by the server)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.views import H5Mixin
from tenant_apps.employment.surveys import selectors, services
from tenant_apps.employment.surveys.enums import QuestionKind, SurveyStatus


class MySurveysView(H5Mixin, TemplateView):
    template_name = "surveys/h5/list.html"
    page_title = "问卷"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"surveys": selectors.surveys_for_student(student=self.request.user)}


def answers_from_post(questions, post) -> dict:
    answers: dict[str, object] = {}
    for q in questions:
        key = str(q.pk)
        if q.kind == QuestionKind.MULTIPLE:
            answers[key] = post.getlist(f"q{key}")
        elif q.kind == QuestionKind.MATRIX:
            answers[key] = [post.get(f"q{key}_{i}", "") for i in range(len(q.rows))]
        else:
            answers[key] = post.get(f"q{key}", "")
    return answers


class AnswerView(H5Mixin, TemplateView):
    template_name = "surveys/h5/answer.html"

    def survey(self):
        survey = selectors.survey_get(pk=self.kwargs["pk"])
        if survey is None or survey.status == SurveyStatus.DRAFT:
            raise Http404
        return survey

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        survey = self.survey()
        context.update(survey=survey, page_title=survey.title, questions=selectors.questions_of(survey),
                       response=selectors.response_of(survey=survey, student=self.request.user), posted=kwargs.get("posted", {}))
        return context

    def post(self, request, pk):
        survey = self.survey()
        questions = selectors.questions_of(survey)
        answers = answers_from_post(questions, request.POST)
        try:
            services.response_submit(student=request.user, survey=survey, answers=answers)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return self.render_to_response(self.get_context_data(posted=answers), status=exc.status if exc.status in (403, 409) else 400)
        messages.success(request, "提交成功，感谢你的参与！")
        return redirect("h5:employment_surveys:answer", pk=survey.pk)
