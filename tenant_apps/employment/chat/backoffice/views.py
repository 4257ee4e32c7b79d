"""Teachers' queue of reported conversations: read the reported chat, decide the reports.
Conversations nobody reported are not readable here (students' and HR's privacy)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.employment.chat import selectors, services


class ReportListView(BackofficeMixin, TemplateView):
    permission_required = "employment_chat.view_conversationreport"
    template_name = "chat/backoffice/reports.html"
    page_title = "咨询会话举报"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "open")
        context.update(paginate(self.request, selectors.report_queue(status=status), per_page=20), status=status)
        return context


class ReportDetailView(BackofficeMixin, TemplateView):
    permission_required = "employment_chat.view_conversationreport"
    template_name = "chat/backoffice/report_detail.html"
    page_title = "被举报的会话"

    def conversation(self):
        conversation = selectors.reported_conversation(pk=self.kwargs["pk"])
        if conversation is None:
            raise Http404
        return conversation

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conversation = self.conversation()
        context.update(conversation=conversation, reports=selectors.reports_of(conversation=conversation),
                       chat_messages=conversation.messages.select_related("sender").order_by("id")[:500])
        return context

    def post(self, request, pk):
        if not request.user.has_perm("employment_chat.change_conversationreport"):
            raise PermissionDenied
        try:
            count = services.reports_resolve(actor=request.user, conversation=self.conversation(), upheld=request.POST.get("action") == "uphold",
                                             resolution=request.POST.get("resolution", ""))
            messages.success(request, f"已处理 {count} 条举报，举报人会收到处理结果。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:employment_chat:report", pk=pk)
