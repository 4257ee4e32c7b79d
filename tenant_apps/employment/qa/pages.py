"""The question chat shared by the back office (teachers), the H5 (the asking student) and the
employer portal (the asked employer's HR): each area finds the question its own way (404 for
a question the user does not take part in) and gives its layout and URL names."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from core.errors import ApplicationError
from tenant_apps.employment.qa import selectors, services


class QuestionChatMixin:
    url_name = ""

    def get_question(self):
        question = selectors.question_get(pk=self.kwargs["pk"])
        if question is None or services.side_of(user=self.request.user, question=question) is None:
            raise Http404
        return question

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        question = self.get_question()
        services.question_mark_read(student=self.request.user, question=question)
        context.update(question=question, chat_messages=selectors.question_messages(question=question), page_title=question.title,
                       side=services.side_of(user=self.request.user, question=question))
        return context

    def post(self, request, pk):
        question = self.get_question()
        try:
            if request.POST.get("action") == "close":
                services.question_close(actor=request.user, question=question)
                messages.success(request, "问题已关闭。")
            else:
                services.message_post(actor=request.user, question=question, body=request.POST.get("body", ""))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect(reverse(self.url_name, args=[pk]) + "#end")
