"""The chat pages shared by the H5 (students) and the employer portal (HR): the same list and
conversation views, each area giving its layout and URL names."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from core.errors import ApplicationError
from core.web.pagination import paginate
from tenant_apps.employment.chat import selectors, services
from tenant_apps.employment.chat.enums import ReportReason


class ConversationListMixin:
    """A paginated, searchable list of the signed-in user's conversations."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "")
        context.update(paginate(self.request, selectors.conversations_for(user=self.request.user, q=q), per_page=20), q=q,
                       unread_total=selectors.unread_for(user=self.request.user))
        return context


class ConversationMixin:
    """One conversation as a chat: GET shows the latest messages (and marks them read), POST
    sends a message or, with `report`, reports the conversation to the school."""

    url_name = ""

    def get_conversation(self):
        conversation = selectors.conversation_for(user=self.request.user, pk=self.kwargs["pk"])
        if conversation is None:
            raise Http404
        return conversation

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conversation = self.get_conversation()
        before = self.request.GET.get("before", "")
        rows, has_earlier = selectors.messages_page(conversation=conversation, before=int(before) if before.isdigit() else None)
        services.conversation_mark_read(actor=self.request.user, conversation=conversation)
        context.update(conversation=conversation, chat_messages=rows, has_earlier=has_earlier, earliest=rows[0].pk if rows else None,
                       side=selectors.side_of(user=self.request.user, conversation=conversation), reasons=ReportReason.choices,
                       page_title=conversation.job.title)
        return context

    def post(self, request, pk):
        conversation = self.get_conversation()
        try:
            if "report" in request.POST:
                services.conversation_report(actor=request.user, conversation=conversation, reason=request.POST.get("reason", ""),
                                             details=request.POST.get("details", ""))
                messages.success(request, "举报已提交，学校核实后会通知您处理结果。")
            else:
                services.message_post(actor=request.user, conversation=conversation, body=request.POST.get("body", ""))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect(reverse(self.url_name, args=[pk]) + "#end")
