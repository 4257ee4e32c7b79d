"""Employer portal: questions students asked this employer, answered in the chat (PC and phone).
Another employer's question is a 404."""

from __future__ import annotations

from django.http import Http404
from django.views.generic import TemplateView

from core.web.pagination import paginate
from tenant_apps.employment.employers.portal.base import EmployerPortalMixin
from tenant_apps.employment.qa import selectors
from tenant_apps.employment.qa.enums import QuestionStatus
from tenant_apps.employment.qa.pages import QuestionChatMixin


class QuestionListView(EmployerPortalMixin, TemplateView):
    template_name = "qa/portal/list.html"
    page_title = "学生提问"
    portal_section = "qa"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        context.update(paginate(self.request, selectors.employer_questions(employer=self.employer, status=status), per_page=20), status=status,
                       statuses=QuestionStatus.choices)
        return context


class QuestionView(EmployerPortalMixin, QuestionChatMixin, TemplateView):
    template_name = "qa/portal/detail.html"
    portal_section = "qa"
    url_name = "employment_portal:qa_detail"

    def get_question(self):
        question = super().get_question()
        if question.employer_id != self.employer.pk:
            raise Http404
        return question
