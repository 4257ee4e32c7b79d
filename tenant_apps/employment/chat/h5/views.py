"""Students' chat on the phone: my conversations, one conversation, starting one from a job."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.views import H5Mixin
from tenant_apps.employment.chat import services
from tenant_apps.employment.chat.pages import ConversationListMixin, ConversationMixin


class ConversationListView(H5Mixin, ConversationListMixin, TemplateView):
    template_name = "chat/h5/list.html"
    page_title = "职位咨询"


class ConversationView(H5Mixin, ConversationMixin, TemplateView):
    template_name = "chat/h5/conversation.html"
    url_name = "h5:employment_chat:detail"


class StartView(H5Mixin, View):
    """POST from the job page: open (or reopen) the conversation about this job."""

    def post(self, request, job_pk):
        try:
            conversation = services.conversation_start(student=request.user, job_id=job_pk)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("h5:employment_jobs:detail", pk=job_pk)
        return redirect("h5:employment_chat:detail", pk=conversation.pk)
